import io.r2dbcrouting.internal.StatementClassifier;

/**
 * The best of 15 timings of 200 000 calls of StatementClassifier.classify on each of a few short statements, after a
 * warm-up over all of them: what the first keyword, an empty flat scan and a single stop cost. A throw-away
 * experiment, kept so that statement-costs.txt can be reproduced; not part of any build:
 *
 *   java -cp <benchmarks.jar> benchmarks/results/2026-11-23-classifier-session8/StatementCosts.java
 */
public class StatementCosts {
    public static void main(String[] args) {
        String[] s = {"COMMIT", "SELECT 1", "SELECT a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v",
            "SELECT count(x)", "SELECT a FROM t FOR UPDATE", "SELECT nextval('s')", "SELECT a; SELECT b",
            "SELECT lower(x)", "SELECT pg_is_in_recovery()"};
        StatementClassifier c = StatementClassifier.defaults();
        int sink = 0;
        for (int w = 0; w < 3_000_000; w++) for (String x : s) sink += c.classify(x).ordinal();
        for (String x : s) {
            double best = 1e9;
            for (int r = 0; r < 15; r++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < 200_000; i++) sink += c.classify(x).ordinal();
                best = Math.min(best, (System.nanoTime() - t0) / 200_000.0);
            }
            System.out.printf("%7.1f ns  %s%n", best, x);
        }
        System.out.println(sink);
    }
}
