import io.r2dbcrouting.internal.StatementClassifier;

/**
 * Session 8's StatementCosts.java with other statements, and a warm-up that also classifies a UTF-16 text (as the
 * corpus does: 'naïve — please …'), so that String.charAt is compiled with both of its paths everywhere, as in
 * BestOfRuns and in a real application. The best of 15 timings of 200 000 calls of each statement alone. A throw-away
 * experiment, kept so that statement-costs.txt can be reproduced; not part of any build:
 *
 *   java -cp <benchmarks.jar> benchmarks/results/2026-11-23-classifier-session9/StatementCosts.java
 */
public class StatementCosts {
    public static void main(String[] args) {
        String[] s = {"COMMIT", "SELECT 1", "select 1", "SELECT 42 AS x", "SELECT now()", "TABLE flyway_schema_history",
            "SHOW transaction_isolation", "SELECT count(x)", "SELECT a FROM t FOR UPDATE", "SELECT nextval('s')",
            "SELECT a; SELECT b", "SELECT id, email FROM users WHERE id = $1"};
        String utf16 = "SELECT name FROM customers WHERE note <> 'naïve — please DELETE me'";
        StatementClassifier c = StatementClassifier.defaults();
        int sink = 0;
        for (int w = 0; w < 3_000_000; w++) {
            for (String x : s) sink += c.classify(x).ordinal();
            sink += c.classify(utf16).ordinal();
        }
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
