import io.r2dbcrouting.internal.StatementClassifier;

/**
 * The best of 15 timings of 200 000 calls of StatementClassifier.classify on each of a few short statements, after a
 * warm-up over all of them: what the first keyword, an empty flat scan and a single stop cost. Round 3: statements with a locking FOR or an INTO. A throw-away
 * experiment, kept so that round3-word-costs.txt can be reproduced; not part of any build:
 *
 *   java -cp <benchmarks.jar> benchmarks/results/2026-11-23-classifier-session8/round3-WordCosts.java
 */
public class WordCosts {
    public static void main(String[] args) {
        String[] s = {"SELECT 1", "SELECT a FROM t FOR UPDATE", "SELECT a FROM t WHERE id = $1 FOR NO KEY UPDATE SKIP LOCKED",
            "SELECT a FROM t FOR SHARE OF t NOWAIT", "SELECT 1 INTO t FROM x", "SELECT 1 INTO TEMP t FROM x",
            "SELECT substring(a FROM 1 FOR 3) FROM t"};
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
