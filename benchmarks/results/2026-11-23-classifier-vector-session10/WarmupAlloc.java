import io.r2dbcrouting.benchmarks.SqlCorpus;
import io.r2dbcrouting.internal.StatementClassifier;
import java.lang.management.ManagementFactory;

/**
 * Session 10, measurement only: bytes allocated per pass over the corpus (80 classify calls), from a cold JVM, at
 * passes 1 to 40 000, measured with ThreadMXBean's allocated-bytes counter. Until C2 compiles the Vector API
 * code, its vectors are Java objects. A throw-away check:
 *
 *   java [--add-modules jdk.incubator.vector] -cp <jar> WarmupAlloc.java
 */
public class WarmupAlloc {
    public static void main(String[] args) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        String[] all = SqlCorpus.load().statements();
        StatementClassifier c = StatementClassifier.defaults();
        int sink = 0;
        long total = 0;
        long t0 = System.nanoTime();
        StringBuilder out = new StringBuilder();
        for (int pass = 1; pass <= 40000; pass++) {
            long a0 = mx.getThreadAllocatedBytes(id);
            for (String s : all) sink += c.classify(s).ordinal();
            long bytes = mx.getThreadAllocatedBytes(id) - a0;
            total += bytes;
            if (pass == 1 || pass == 10 || pass == 100 || pass == 1000 || pass == 3000 || pass == 10000 || pass == 40000) {
                out.append(String.format("pass %5d: %8d B this pass, %11d B so far, %6d ms%n", pass, bytes, total,
                        (System.nanoTime() - t0) / 1_000_000));
            }
        }
        System.out.print(out);
        System.out.println("sink " + sink);
    }
}
