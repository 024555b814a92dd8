import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.r2dbcrouting.internal.StatementClassifier;

/**
 * Does the whole classifier still suffer from String.charAt having seen a UTF-16 string (session 4's finding)? Times
 * StatementClassifier.classify over the corpus's statements that are pure ASCII, read as Latin-1 strings without ever
 * building a UTF-16 one, in a fresh JVM ("fresh") and after charAt has seen one UTF-16 string ("pollute"). Run from
 * the repository root after `mvn -B -q -DskipTests install`:
 *
 *   java -cp benchmarks/target/benchmarks.jar benchmarks/results/2026-11-22-classifier-session6/Pollution.java fresh
 *   java -cp benchmarks/target/benchmarks.jar benchmarks/results/2026-11-22-classifier-session6/Pollution.java pollute
 *
 * A throw-away experiment, kept so that the figures in README.md can be reproduced; not part of any build.
 */
public class Pollution {

    public static void main(String[] args) throws Exception {
        boolean pollute = args.length > 0 && args[0].equals("pollute");
        String text = new String(Files.readAllBytes(Path.of(
                "benchmarks/src/main/resources/io/r2dbcrouting/benchmarks/sql-corpus.sql")), StandardCharsets.ISO_8859_1);
        List<String> ascii = new ArrayList<>();
        long chars = 0;
        for (String part : text.split("\n--@ ")) {
            int lineEnd = part.indexOf('\n');
            if (lineEnd < 0 || part.startsWith("-- ")) {
                continue;
            }
            String statement = part.substring(lineEnd + 1).strip();
            boolean pure = true;
            for (byte b : statement.getBytes(StandardCharsets.ISO_8859_1)) {
                pure &= b >= 0;
            }
            if (pure && !statement.isEmpty()) {
                ascii.add(statement);
                chars += statement.length();
            }
        }
        if (pollute) {
            String utf16 = "SELECT 'Łukasz' FROM t";
            long sum = 0;
            for (int r = 0; r < 100_000; r++) {
                for (int i = 0; i < utf16.length(); i++) {
                    sum += utf16.charAt(i);
                }
            }
            System.out.println("charAt has seen a UTF-16 string (" + sum + ")");
        }
        String[] statements = ascii.toArray(new String[0]);
        StatementClassifier classifier = StatementClassifier.defaults();
        int sink = 0;
        for (int repetition = 0; repetition < 8; repetition++) {
            int passes = 40_000;
            long started = System.nanoTime();
            for (int pass = 0; pass < passes; pass++) {
                for (String statement : statements) {
                    sink += classifier.classify(statement).ordinal();
                }
            }
            double nanos = System.nanoTime() - started;
            System.out.printf("%s: %d statements, %d chars: %.3f ns/char%n", pollute ? "pollute" : "fresh",
                    statements.length, chars, nanos / passes / chars);
        }
        System.out.println("(" + sink + ")");
    }

}
