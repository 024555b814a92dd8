import java.lang.reflect.*;
import java.util.*;

/**
 * Session 10 experiment check: FlatQueryScan.collectStops (SWAR, 8 bytes) and collectStopsVector (ByteVector, 32 bytes)
 * must find the same stops below count on the same buffer. Random buffers of bytes biased to the letters of the stop
 * pairs, '(' ';', case pairs and bytes with bit 7 set, every count from 1 to 1024, both dataModifying values. A
 * throw-away check, run on the vector jar:
 *
 *   java --add-modules jdk.incubator.vector -cp vec.jar StopsEqual.java
 */
public class StopsEqual {
    public static void main(String[] a) throws Exception {
        Class<?> c = Class.forName("io.r2dbcrouting.internal.FlatQueryScan");
        Constructor<?> k = c.getDeclaredConstructor(); k.setAccessible(true);
        Object scan = k.newInstance();
        Method scalar = c.getDeclaredMethod("collectStops", byte[].class, int.class, int.class, boolean.class);
        Method vector = c.getDeclaredMethod("collectStopsVector", byte[].class, int.class, int.class, boolean.class);
        scalar.setAccessible(true); vector.setAccessible(true);
        Field bf = c.getDeclaredField("buffer"), sf = c.getDeclaredField("stops"), nf = c.getDeclaredField("stopCount");
        bf.setAccessible(true); sf.setAccessible(true); nf.setAccessible(true);
        byte[] buffer = (byte[]) bf.get(scan);
        byte[] alphabet = "fFoOiInNuUpPdDeEmMaAzZ`{@[ (;;_1$\t\n".getBytes();
        byte[] high = {(byte) 0xE6, (byte) 0xC6, (byte) 0xEF, (byte) 0xA8, (byte) 0xBB, (byte) 0x80, (byte) 0xFF, (byte) 0xE9};
        Random r = new Random(10);
        long texts = 0, stopsSeen = 0;
        for (int round = 0; round < 60; round++) {
            for (int count = 1; count <= 1024; count++) {
                for (boolean dm : new boolean[] {false, true}) {
                    // bytes [0, count + 2) random, then what fill writes: 32 spaces, then stale garbage
                    int semis = r.nextInt(4); // rounds with few ';' so that most of the chunk is collected
                    for (int i = 0; i < buffer.length; i++) {
                        byte b = r.nextInt(10) == 0 ? high[r.nextInt(high.length)] : alphabet[r.nextInt(alphabet.length)];
                        if (b == ';' && semis != 0) b = ' ';
                        buffer[i] = b;
                    }
                    int copied = Math.min(count + 2, buffer.length);
                    Arrays.fill(buffer, copied, copied + 32, (byte) ' ');
                    List<Integer> s = run(scan, scalar, buffer, count, dm, sf, nf);
                    List<Integer> v = run(scan, vector, buffer, count, dm, sf, nf);
                    if (!s.equals(v)) {
                        throw new AssertionError("count " + count + " dm " + dm + "\n" + s + "\n" + v);
                    }
                    texts++; stopsSeen += s.size();
                }
            }
        }
        System.out.println("buffers " + texts + ", stops compared " + stopsSeen + ": identical");
    }

    /** All stops below count, calling the collector from where it left off, as FlatQueryScan.run does. */
    static List<Integer> run(Object scan, Method m, byte[] buffer, int count, boolean dm, Field sf, Field nf) throws Exception {
        List<Integer> out = new ArrayList<>();
        for (int word = 0; word < count; ) {
            word = (int) m.invoke(scan, buffer, word, count, dm);
            int[] stops = (int[]) sf.get(scan);
            int n = nf.getInt(scan);
            for (int i = 0; i < n && stops[i] < count; i++) out.add(stops[i]);
        }
        return out;
    }
}
