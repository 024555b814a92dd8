import io.r2dbcrouting.benchmarks.SqlCorpus;
import io.r2dbcrouting.internal.StatementClassifier;

/** Session 10, for the profiler only: classifies the corpus in a loop for 20 s. */
public class Loop {
    public static void main(String[] args) {
        String[] all = SqlCorpus.load().statements();
        StatementClassifier c = StatementClassifier.defaults();
        int sink = 0;
        long end = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < end) for (int p = 0; p < 1000; p++) for (String s : all) sink += c.classify(s).ordinal();
        System.out.println(sink);
    }
}
