import io.r2dbcrouting.benchmarks.SqlCorpus;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.*;

/**
 * How fast can a flat scan over the corpus go, before it judges a single stop? Times the 8-characters-at-a-time (SWAR)
 * stop test of FlatQueryScan, and three other formulations of it, over the corpus's statements already copied into
 * byte arrays: no String access, no copying, no judging of stops, only the loop that must see every character of a
 * query. Run from the project root after building the benchmarks module:
 *
 *   java -cp benchmarks/target/benchmarks.jar benchmarks/results/2026-11-22-classifier-session5/SwarFloor.java [concat]
 *
 * "concat" scans the whole corpus as one text, which takes the per-statement loop entry and exit out.
 * v0-current: FlatQueryScan.stopsIn as committed; v1-merged: the same stops, the zero-byte tests merged (only "is there
 * a stop in these 8"); v2-firstletter: a weaker test that stops at every f/i after a non-letter (twice the stops);
 * v3-oneload: v1 reading one long per 8 characters and shifting; v4-branchless: v1 without an early exit.
 */
public class SwarFloor {
    static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    static final long L7 = 0x7F7F7F7F7F7F7F7FL, H = 0x8080808080808080L, CASE = 0x2020202020202020L;
    static long rep(int b) { return b * 0x0101010101010101L; }
    static long zero(long z) { return ~(z + L7 | z) & H; }
    static long letters(long lower) { return (lower + rep(0x80 - 'a')) & ~(lower + rep(0x80 - 'z' - 1)) & H; }

    // V0: current
    static long stops0(byte[] b, int w) {
        long before = (long) WORDS.get(b, w) & L7;
        long chars = (long) WORDS.get(b, w + 1) & L7;
        long lower = chars | CASE;
        long lowerNext = (long) WORDS.get(b, w + 2) & L7 | CASE;
        long starts = zero(lower ^ rep('f') | lowerNext ^ rep('o')) | zero(lower ^ rep('i') | lowerNext ^ rep('n'));
        return starts & ~letters(before | CASE) | zero(chars ^ rep('(')) | zero(chars ^ rep(';'));
    }
    static int loop0(byte[] b, int count) {
        int n = 0;
        for (int w = 0; w < count; w += 8) if (stops0(b, w) != 0) n++;
        return n;
    }
    // V1: any-test only, merged zero tests: ~(a&b&c&d) where a = (z+L7)|z
    static long nz(long z) { return (z + L7) | z; } // bit7 set iff byte nonzero
    static long any1(byte[] b, int w) {
        long before = (long) WORDS.get(b, w) & L7;
        long chars = (long) WORDS.get(b, w + 1) & L7;
        long lower = chars | CASE;
        long lowerNext = (long) WORDS.get(b, w + 2) & L7 | CASE;
        long pairsNz = nz(lower ^ rep('f') | lowerNext ^ rep('o')) & nz(lower ^ rep('i') | lowerNext ^ rep('n'));
        // stop where pair zero and before not letter, or paren/semicolon zero
        long lb = before | CASE;
        long isLetter = (lb + rep(0x80 - 'a')) & ~(lb + rep(0x80 - 'z' - 1));
        long pairStop = ~(pairsNz | isLetter);
        long punctNz = nz(chars ^ rep('(')) & nz(chars ^ rep(';'));
        return (pairStop | ~punctNz) & H;
    }
    static int loop1(byte[] b, int count) {
        int n = 0;
        for (int w = 0; w < count; w += 8) if (any1(b, w) != 0) n++;
        return n;
    }
    // V2: first-letter-only word starts (f/i after non-letter) + ( ;
    static long any2(byte[] b, int w) {
        long before = (long) WORDS.get(b, w) & L7;
        long chars = (long) WORDS.get(b, w + 1) & L7;
        long lower = chars | CASE;
        long fi = nz(lower ^ rep('f')) & nz(lower ^ rep('i'));
        long lb = before | CASE;
        long isLetter = (lb + rep(0x80 - 'a')) & ~(lb + rep(0x80 - 'z' - 1));
        long punctNz = nz(chars ^ rep('(')) & nz(chars ^ rep(';'));
        return (~(fi | isLetter) | ~punctNz) & H;
    }
    static int loop2(byte[] b, int count) {
        int n = 0;
        for (int w = 0; w < count; w += 8) if (any2(b, w) != 0) n++;
        return n;
    }
    // V3: one load per word, derive before/next by shifts from neighbours carried in registers
    static int loop3(byte[] b, int count) {
        int n = 0;
        long prev = (long) WORDS.get(b, 0) & L7; // bytes 0..7 ; chars start at 1
        for (int w = 0; w < count; w += 8) {
            long cur = prev;                                   // bytes w..w+7
            long nxt = (long) WORDS.get(b, w + 8) & L7;         // bytes w+8..w+15
            long chars = cur >>> 8 | nxt << 56;                 // w+1..w+8
            long next2 = cur >>> 16 | nxt << 48;                // w+2..w+9
            long lower = chars | CASE, lowerNext = next2 | CASE;
            long pairsNz = nz(lower ^ rep('f') | lowerNext ^ rep('o')) & nz(lower ^ rep('i') | lowerNext ^ rep('n'));
            long lb = cur | CASE;
            long isLetter = (lb + rep(0x80 - 'a')) & ~(lb + rep(0x80 - 'z' - 1));
            long punctNz = nz(chars ^ rep('(')) & nz(chars ^ rep(';'));
            if (((~(pairsNz | isLetter) | ~punctNz) & H) != 0) n++;
            prev = nxt;
        }
        return n;
    }

    static int loop4(byte[] b, int count) {
        long acc = 0;
        for (int w = 0; w < count; w += 8) acc |= any1(b, w);
        return acc != 0 ? 1 : 0;
    }
    public static void main(String[] args) {
        String[] st = SqlCorpus.load().statements();
        byte[][] bufs = new byte[st.length][];
        int[] counts = new int[st.length];
        long chars = 0;
        for (int i = 0; i < st.length; i++) {
            String s = st[i];
            byte[] b = new byte[s.length() + 32];
            Arrays.fill(b, (byte) ' ');
            for (int j = 0; j < s.length(); j++) b[j + 1] = (byte) s.charAt(j);
            bufs[i] = b; counts[i] = s.length(); chars += s.length();
        }
        if (args.length > 0) { StringBuilder sb = new StringBuilder(); for (String s : st) sb.append(s).append(' '); String all = sb.toString();
            byte[] b = new byte[all.length() + 32]; Arrays.fill(b, (byte) ' '); for (int j = 0; j < all.length(); j++) b[j + 1] = (byte) all.charAt(j);
            bufs = new byte[][] {b}; counts = new int[] {all.length()}; }
        String[] names = {"v0-current", "v1-merged", "v2-firstletter", "v3-oneload", "v4-branchless"};
        for (int rep = 0; rep < 6; rep++) {
            for (int v = 0; v < 5; v++) {
                long sink = 0;
                long t0 = System.nanoTime();
                int iters = 20000;
                for (int it = 0; it < iters; it++) {
                    for (int i = 0; i < bufs.length; i++) {
                        switch (v) {
                            case 0: sink += loop0(bufs[i], counts[i]); break;
                            case 1: sink += loop1(bufs[i], counts[i]); break;
                            case 2: sink += loop2(bufs[i], counts[i]); break;
                            case 3: sink += loop3(bufs[i], counts[i]); break;
                            default: sink += loop4(bufs[i], counts[i]); break;
                        }
                    }
                }
                long t = System.nanoTime() - t0;
                if (rep >= 3) System.out.printf("%-16s %.3f ns/char  stopwords/corpus=%d%n", names[v], (double) t / iters / chars, sink / iters);
            }
        }
    }
}
