import java.util.Arrays;
import java.util.List;

import io.r2dbcrouting.benchmarks.SqlCorpus;
import io.r2dbcrouting.internal.StatementClassifier;

/**
 * Where the classifier's time goes, statement by statement: the best of five timings of 20 000 calls of
 * StatementClassifier.classify on each statement of the corpus alone, after a warm-up over the whole corpus. Run from
 * the repository root after `mvn -B -q -DskipTests install`:
 *
 *   java -cp benchmarks/target/benchmarks.jar benchmarks/results/2026-11-22-classifier-session6/PerStatement.java
 *
 * Each statement alone keeps the branch predictor trained on it, so the sum comes out below JMH's classifyCorpus.
 * A throw-away experiment, kept so that the figures in README.md can be reproduced; not part of any build.
 */
public class PerStatement {
    public static void main(String[] args) {
        SqlCorpus corpus = SqlCorpus.load();
        List<SqlCorpus.Entry> entries = corpus.entries();
        StatementClassifier c = StatementClassifier.defaults();
        int sink = 0;
        String[] all = corpus.statements();
        for (int w = 0; w < 200000; w++) for (String s : all) sink += c.classify(s).ordinal();
        double[] best = new double[entries.size()];
        Arrays.fill(best, Double.MAX_VALUE);
        for (int rep = 0; rep < 5; rep++) {
            for (int e = 0; e < entries.size(); e++) {
                String s = all[e];
                int passes = 20000;
                long t0 = System.nanoTime();
                for (int p = 0; p < passes; p++) sink += c.classify(s).ordinal();
                best[e] = Math.min(best[e], (double) (System.nanoTime() - t0) / passes);
            }
        }
        double total = 0;
        for (int e = 0; e < entries.size(); e++) {
            SqlCorpus.Entry en = entries.get(e);
            total += best[e];
            System.out.printf("%-32s %-10s %5d chars %7.1f ns %5.2f ns/char%n", en.id(), en.category(), all[e].length(), best[e], best[e] / all[e].length());
        }
        System.out.printf("sum %.0f ns = %.3f ns/byte (%d)%n", total, total / SqlCorpus.UTF8_BYTES, sink);
    }
}
