package io.r2dbcrouting;

import java.util.Locale;

/**
 * PostgreSQL write-ahead-log positions ({@code pg_lsn}), written {@code 16/B374D848}: the high and low 32 bits in hex.
 * Held as unsigned 64-bit values in a {@code long}; positions compare with {@link Long#compareUnsigned}, though real
 * clusters never get near the sign bit.
 */
final class Lsn {

    /** Not known (no position read yet, or a server that has none). */
    static final long UNKNOWN = -1;

    private Lsn() {
    }

    /**
     * @param text a position as PostgreSQL prints it
     * @return the position
     * @throws IllegalArgumentException if the text is not {@code hex/hex}
     */
    static long parse(String text) {
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1) {
            throw new IllegalArgumentException("not a WAL position (expected hex/hex): '" + text + "'");
        }
        try {
            long high = Long.parseLong(text.substring(0, slash), 16);
            long low = Long.parseLong(text.substring(slash + 1), 16);
            if (high > 0xFFFFFFFFL || low > 0xFFFFFFFFL) {
                throw new IllegalArgumentException("not a WAL position (each half is 32 bits): '" + text + "'");
            }
            return (high << 32) | low;
        } catch (NumberFormatException notHex) {
            throw new IllegalArgumentException("not a WAL position (expected hex/hex): '" + text + "'", notHex);
        }
    }

    static String format(long lsn) {
        return Long.toHexString(lsn >>> 32).toUpperCase(Locale.ROOT) + "/" + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase(Locale.ROOT);
    }

    /** Whether {@code position} has reached {@code required}; an unknown position has reached nothing. */
    static boolean reached(long position, long required) {
        return position != UNKNOWN && Long.compareUnsigned(position, required) >= 0;
    }
}
