import io.r2dbcrouting.internal.StatementClassifier;

/**
 * The classifier's fixed cost: four short statements, each timed alone (best of five runs of a million calls), in a
 * fresh JVM and, with any argument, after String.charAt has seen a UTF-16 string. Run from the repository root after
 * `mvn -B -q -DskipTests install`:
 *
 *   java -cp benchmarks/target/benchmarks.jar benchmarks/results/2026-11-22-classifier-session6/FixedCost.java
 *   java -cp benchmarks/target/benchmarks.jar benchmarks/results/2026-11-22-classifier-session6/FixedCost.java pollute
 *
 * A throw-away experiment, kept so that the figures in README.md can be reproduced; not part of any build.
 */
public class FixedCost {
    public static void main(String[] args) {
        if (args.length > 0) {
            String u = "SELECT 'Łukasz' FROM t"; long h = 0;
            for (int r = 0; r < 100000; r++) for (int i = 0; i < u.length(); i++) h += u.charAt(i);
            System.out.println("polluted " + h);
        }
        StatementClassifier c = StatementClassifier.defaults();
        String[] ss = {"COMMIT", "INSERT INTO t VALUES (1)", "SELECT 1", "SELECT id, email, display_name, created_at FROM users WHERE id = $1"};
        int sink = 0;
        for (String s : ss) for (int w = 0; w < 2_000_000; w++) sink += c.classify(s).ordinal();
        for (String s : ss) {
            double best = 1e9;
            for (int rep = 0; rep < 5; rep++) {
                long t0 = System.nanoTime();
                for (int p = 0; p < 1_000_000; p++) sink += c.classify(s).ordinal();
                best = Math.min(best, (System.nanoTime() - t0) / 1e6);
            }
            System.out.printf("%-70s %6.1f ns%n", s, best);
        }
        System.out.println(sink);
    }
}
