import io.r2dbcrouting.benchmarks.SqlCorpus;
import io.r2dbcrouting.internal.StatementClassifier;
import io.r2dbcrouting.internal.StopProbe;
import java.util.List;

/**
 * Session 10, measurement only: on the calls of the flat scan that classifying the corpus makes (recorded once), the
 * best of 40 timings of 2000 passes of (a) fill alone and (b) fill + the stop collection, up to the first ';' stop,
 * in ns per UTF-8 byte of the whole corpus (the denominator of classifyCorpusPerByte), then the whole classify as in
 * BestOfRuns. Needs the probe jar (probe-experiment.patch); -Dr2r.scalarStops=true selects the SWAR loop:
 *
 *   java --add-modules jdk.incubator.vector [-Dr2r.scalarStops=true] -cp probe.jar StopCost.java
 */
public class StopCost {
    public static void main(String[] args) {
        SqlCorpus corpus = SqlCorpus.load();
        String[] all = corpus.statements();
        List<Object[]> calls = StopProbe.calls(all);
        int n = calls.size();
        String[] sql = new String[n];
        int[] pos = new int[n];
        boolean[] with = new boolean[n];
        long scannedChars = 0;
        for (int i = 0; i < n; i++) {
            sql[i] = (String) calls.get(i)[0];
            pos[i] = (Integer) calls.get(i)[1];
            with[i] = (Boolean) calls.get(i)[2];
            scannedChars += sql[i].length() - pos[i];
        }
        StatementClassifier c = StatementClassifier.defaults();
        int sink = 0;
        // warm-up as BestOfRuns, and each probe mode
        for (int w = 0; w < 100000; w++) {
            for (String s : all) sink += c.classify(s).ordinal();
            for (int i = 0; i < n; i++) sink += StopProbe.probe(sql[i], pos[i], with[i], false);
            for (int i = 0; i < n; i++) sink += StopProbe.probe(sql[i], pos[i], with[i], true);
        }
        double fill = Double.MAX_VALUE, stops = Double.MAX_VALUE, all1 = Double.MAX_VALUE;
        for (int rep = 0; rep < 40; rep++) {
            long t0 = System.nanoTime();
            for (int p = 0; p < 2000; p++) for (int i = 0; i < n; i++) sink += StopProbe.probe(sql[i], pos[i], with[i], true);
            long t1 = System.nanoTime();
            for (int p = 0; p < 2000; p++) for (int i = 0; i < n; i++) sink += StopProbe.probe(sql[i], pos[i], with[i], false);
            long t2 = System.nanoTime();
            for (int p = 0; p < 2000; p++) for (String s : all) sink += c.classify(s).ordinal();
            long t3 = System.nanoTime();
            fill = Math.min(fill, (double) (t1 - t0) / 2000 / SqlCorpus.UTF8_BYTES);
            stops = Math.min(stops, (double) (t2 - t1) / 2000 / SqlCorpus.UTF8_BYTES);
            all1 = Math.min(all1, (double) (t3 - t2) / 2000 / SqlCorpus.UTF8_BYTES);
        }
        System.out.printf("stops %s: %d scan calls over %d texts, %d chars from pos (corpus %d UTF-8 bytes)%n",
                Boolean.getBoolean("r2r.scalarStops") ? "SWAR" : "vector", n, all.length, scannedChars, SqlCorpus.UTF8_BYTES);
        System.out.printf("fill alone %.3f, fill + stops %.3f, whole classify %.3f ns/byte (%d)%n", fill, stops, all1, sink);
    }
}
