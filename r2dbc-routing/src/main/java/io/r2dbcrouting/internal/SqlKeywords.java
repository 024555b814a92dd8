package io.r2dbcrouting.internal;

import java.util.Arrays;

/**
 * A fixed map from keywords to small positive numbers, matched against a token of SQL text in place, ignoring the case
 * of ASCII letters as PostgreSQL folds unquoted words. A set of keywords is such a map with one value for all.
 * <p>
 * A look-up packs the token into a {@code long} (see {@link #code}) and finds that in a small open-addressing hash
 * table, so it costs about the same for one keyword as for forty: the first word of every statement is looked up in
 * one map of all the statement keywords, rather than compared with list after list of them.
 */
final class SqlKeywords {

    /** What {@link #valueOf} returns for a token that is not in the map. */
    static final int ABSENT = 0;

    /** The code of a token that no keyword has: see {@link #code}. */
    private static final long NO_CODE = 0;

    /** Bits per letter in a code: the letters {@code a} to {@code z} are 1 to 26. */
    private static final int BITS_PER_LETTER = 5;

    /** The longest keyword a code holds: twelve letters of five bits fill sixty of a {@code long}'s bits. */
    private static final int MAX_LENGTH = 12;

    /** The codes of the keywords at the slots their hash and linear probing give them; {@link #NO_CODE} if empty. */
    private final long[] codes;

    private final byte[] values;

    /** The shift that takes the top bits of a hash as a slot: the table has {@code 1 << (64 - shift)} slots. */
    private final int shift;

    private SqlKeywords(long[] codes, byte[] values, int shift) {
        this.codes = codes;
        this.values = values;
        this.shift = shift;
    }

    /**
     * Returns the set of the given keywords, each mapped to {@code 1}.
     *
     * @throws IllegalArgumentException if a keyword is not made of at most twelve ASCII letters
     */
    static SqlKeywords of(String... keywords) {
        return new SqlKeywords(new long[2], new byte[2], 63).with(1, keywords);
    }

    /**
     * Returns a map of these keywords and the given ones, each mapped to {@code value}.
     *
     * @throws IllegalArgumentException if {@code value} is not in 1 to 127, or a keyword is not made of at most twelve
     *                                  ASCII letters or is already in the map
     */
    SqlKeywords with(int value, String... keywords) {
        if (value <= ABSENT || value > Byte.MAX_VALUE) {
            throw new IllegalArgumentException("value must be in 1 to 127, was " + value);
        }
        int size = keywords.length + (int) Arrays.stream(this.codes).filter(code -> code != NO_CODE).count();
        // at most a quarter full, so that a look-up rarely probes a second slot
        int shift = Long.numberOfLeadingZeros(Math.max(1, size) * 4L - 1);
        SqlKeywords map = new SqlKeywords(new long[1 << (64 - shift)], new byte[1 << (64 - shift)], shift);
        for (int slot = 0; slot < this.codes.length; slot++) {
            if (this.codes[slot] != NO_CODE) {
                map.put(this.codes[slot], this.values[slot]);
            }
        }
        for (String keyword : keywords) {
            long code = code(keyword, 0, keyword.length());
            if (code == NO_CODE || map.valueOf(code) != ABSENT) {
                throw new IllegalArgumentException("keyword must be new and of at most " + MAX_LENGTH
                        + " ASCII letters, was '" + keyword + "'");
            }
            map.put(code, (byte) value);
        }
        return map;
    }

    private void put(long code, byte value) {
        int slot = slotOf(code);
        while (this.codes[slot] != NO_CODE) {
            slot = (slot + 1) & (this.codes.length - 1);
        }
        this.codes[slot] = code;
        this.values[slot] = value;
    }

    /**
     * Returns whether the token {@code [start, end)} is one of these keywords.
     */
    boolean contains(String sql, int start, int end) {
        return valueOf(sql, start, end) != ABSENT;
    }

    /**
     * Returns the value of the keyword that the token {@code [start, end)} is, or {@link #ABSENT}.
     */
    int valueOf(String sql, int start, int end) {
        return valueOf(code(sql, start, end));
    }

    /**
     * Returns the value of the keyword that the word starting at {@code start}, an ASCII letter, is, or
     * {@link #ABSENT} if it is none or goes on with anything but ASCII letters: one pass over the word both finds
     * where it ends and packs it, where {@link SqlLexer#tokenEnd} and {@link #valueOf(String, int, int)} would read it
     * twice. The value is packed with where the word ends, in the low and high 32 bits; a word that is no keyword ends
     * at {@code -1}, and the caller finds its end with the lexer.
     */
    long valueOfLetters(String text, int start) {
        int length = text.length();
        long code = 0;
        int pos = start;
        while (pos < length && pos - start <= MAX_LENGTH) {
            int letter = (text.charAt(pos) | 0x20) - ('a' - 1);
            if (letter < 1 || letter > 26) {
                break;
            }
            code = code << BITS_PER_LETTER | letter;
            pos++;
        }
        if (pos - start > MAX_LENGTH || pos < length && SqlLexer.isWordPart(text.charAt(pos))) {
            return -1L << 32 | ABSENT;
        }
        int value = valueOf(code);
        return (long) (value == ABSENT ? -1 : pos) << 32 | value;
    }

    private int valueOf(long code) {
        if (code == NO_CODE) {
            return ABSENT;
        }
        int mask = this.codes.length - 1;
        for (int slot = slotOf(code); ; slot = (slot + 1) & mask) {
            long candidate = this.codes[slot];
            if (candidate == code) {
                return this.values[slot];
            }
            if (candidate == NO_CODE) {
                return ABSENT;
            }
        }
    }

    private int slotOf(long code) {
        // Fibonacci hashing: the top bits of the product depend on all bits of the code
        return (int) ((code * 0x9E3779B97F4A7C15L) >>> this.shift);
    }

    /**
     * Packs the token {@code [start, end)} into a {@code long}, five bits per letter, ignoring the case of ASCII
     * letters, so that two tokens are the same keyword exactly if their codes are equal. Returns {@link #NO_CODE} for
     * a token that cannot be a keyword: empty, longer than twelve characters, or holding anything but ASCII letters.
     */
    static long code(String text, int start, int end) {
        if (end - start > MAX_LENGTH || end <= start) {
            return NO_CODE;
        }
        long code = 0;
        for (int pos = start; pos < end; pos++) {
            // c | 0x20 folds 'A'-'Z' onto 'a'-'z' and takes nothing else there
            int letter = (text.charAt(pos) | 0x20) - ('a' - 1);
            if (letter < 1 || letter > 26) {
                return NO_CODE;
            }
            code = code << BITS_PER_LETTER | letter;
        }
        return code;
    }

}
