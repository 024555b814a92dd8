import io.r2dbcrouting.benchmarks.SqlCorpus;
import io.r2dbcrouting.internal.StatementClassifier;

/**
 * The best of 40 timings of 2000 passes of StatementClassifier.classify over the whole corpus, after 100 000 warm-up
 * passes, in ns per UTF-8 byte. The best of many short timings is less disturbed by other work on a shared machine than
 * JMH's mean. A throw-away experiment, kept so that best-of-runs.txt can be reproduced; not part of any build:
 *
 *   java -cp benchmarks/target/benchmarks.jar benchmarks/results/2026-11-22-classifier-session7/BestOfRuns.java
 */
public class BestOfRuns {
    public static void main(String[] args) {
        SqlCorpus corpus = SqlCorpus.load();
        String[] all = corpus.statements();
        StatementClassifier c = StatementClassifier.defaults();
        int sink = 0;
        for (int w = 0; w < 100000; w++) for (String s : all) sink += c.classify(s).ordinal();
        double best = Double.MAX_VALUE;
        for (int rep = 0; rep < 40; rep++) {
            long t0 = System.nanoTime();
            for (int p = 0; p < 2000; p++) for (String s : all) sink += c.classify(s).ordinal();
            best = Math.min(best, (double) (System.nanoTime() - t0) / 2000 / SqlCorpus.UTF8_BYTES);
        }
        System.out.printf("best %.3f ns/byte (%d)%n", best, sink);
    }
}
