import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Shows what one UTF-16 string passed through String.charAt does to every later per-character loop over strings:
 * the JIT then compiles both of charAt's paths (Latin-1 and UTF-16) into the loop. Run from the repository root:
 *
 *   java benchmarks/results/2026-11-22-classifier-session4/CharAtPollution.java            # Latin-1 strings only
 *   java benchmarks/results/2026-11-22-classifier-session4/CharAtPollution.java pollute    # after one UTF-16 string
 *
 * It times two loops over the corpus' Latin-1 statements: "bare", a class-table look-up per character, and
 * "bigram", the per-character test the classifier would need for keyword starts (three table look-ups).
 * A throw-away experiment, kept so that the figures in README.md can be reproduced; not part of any build.
 */
public class CharAtPollution {

    private static final byte[] CLASS = new byte[128];

    private static final int[] OPENS = new int[128];

    private static final int[] AFTER = new int[128];

    private static final int[] FOLLOWS = new int[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            CLASS[c] = 1;
            CLASS[c - 32] = 1;
        }
        for (int c = 0; c < 128; c++) {
            boolean letter = CLASS[c] != 0;
            AFTER[c] = letter ? 0 : -1;
            char lower = (char) (c | 0x20);
            OPENS[c] = letter && (lower == 'f' || lower == 'i') ? (lower == 'f' ? 1 : 2) : 0;
            FOLLOWS[c] = letter && (lower == 'o' || lower == 'n') ? (lower == 'o' ? 1 : 2) : 0;
        }
    }

    static int bare(String s) {
        int count = 0;
        for (int i = 0; i < s.length(); i++) {
            count += CLASS[s.charAt(i) & 0x7F];
        }
        return count;
    }

    static int bigram(String s) {
        int hits = 0;
        int armed = 0;
        int after = -1;
        for (int i = 0; i < s.length(); i++) {
            int c = s.charAt(i) & 0x7F;
            if ((armed & FOLLOWS[c]) != 0) {
                hits++;
            }
            armed = OPENS[c] & after;
            after = AFTER[c];
        }
        return hits;
    }

    public static void main(String[] args) throws Exception {
        String text = Files.readString(Path.of("benchmarks/src/main/resources/io/r2dbcrouting/benchmarks/sql-corpus.sql"));
        List<String> statements = new ArrayList<>();
        StringBuilder current = null;
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("--@")) {
                if (current != null) {
                    statements.add(current.toString().strip());
                }
                current = new StringBuilder();
            } else if (current != null) {
                current.append(line).append('\n');
            }
        }
        statements.add(current.toString().strip());
        statements.removeIf(s -> s.chars().anyMatch(c -> c > 0xFF));
        if (args.length > 0) {
            String utf16 = "SELECT \u0141ukasz";
            for (int i = 0; i < 3; i++) {
                bare(utf16);
                bigram(utf16);
            }
        }
        String[] corpus = statements.toArray(new String[0]);
        long chars = Arrays.stream(corpus).mapToLong(String::length).sum();
        for (String loop : new String[] {"bare", "bigram", "bare", "bigram"}) {
            double[] rounds = new double[10];
            int sink = 0;
            for (int round = 0; round < 20; round++) {
                long start = System.nanoTime();
                long passes = 0;
                while (System.nanoTime() - start < 200_000_000L) {
                    for (String s : corpus) {
                        sink += loop.equals("bare") ? bare(s) : bigram(s);
                    }
                    passes++;
                }
                if (round >= 10) {
                    rounds[round - 10] = (double) (System.nanoTime() - start) / (passes * chars);
                }
            }
            Arrays.sort(rounds);
            System.out.printf("%-7s %s  median %.3f ns/char (min %.3f)  [%d]%n", loop,
                    args.length > 0 ? "after one UTF-16 string" : "Latin-1 only", rounds[5], rounds[0], sink & 1);
        }
    }

}
