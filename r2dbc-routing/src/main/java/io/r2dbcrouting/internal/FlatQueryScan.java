package io.r2dbcrouting.internal;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The fast first look at a query ({@code SELECT}, {@code WITH}, {@code VALUES}, …) after its first keyword: it reads
 * the text as flat characters, without lexing, and settles the common cases, leaving the rest to the exact scan of
 * {@link StatementClassifier}.
 * <p>
 * A query writes only through a few words ({@code FOR} of a locking clause, {@code INTO}, and in {@code WITH} an
 * {@code INSERT}, {@code UPDATE}, {@code DELETE} or {@code MERGE}) or a call of a listed function, and ends at a
 * {@code ;}. Literals, quoted names and comments can only hide those, never make them, so the scan may ignore them as
 * long as it only stops at every place where one of them might be: at each {@code (}, at each {@code ;}, and at each
 * word start whose first two letters are those of a writing keyword. At a stop it judges the place with the real
 * lexer's rules; where the answer depends on what came before (a literal or comment could hide the word, a dot could
 * qualify it) it decides only if nothing before could, and otherwise returns {@link #UNDECIDED}.
 * <p>
 * Why a copy: a loop calling {@link String#charAt} on every character runs two to three times slower once any
 * UTF-16 string has gone through {@code charAt} anywhere in the JVM, which in a real application is nearly certain:
 * the JIT then compiles both of {@code charAt}'s internal paths into the loop. So the scan copies the text, a chunk at
 * a time, into a {@code char[]} and loops over that. The buffers are kept in a small striped pool, one per slot,
 * taken and put back with an atomic swap, so that a call allocates nothing unless two threads of the same stripe
 * scan at the same moment (the second then uses a buffer of its own, which is dropped).
 */
final class FlatQueryScan {

    /** What {@link #scan} returns when the exact scan must decide. */
    static final long UNDECIDED = -1;

    /** Bits of the keyword groups a word start may open, by its first two letters. */
    private static final int FOR = 1;

    private static final int INTO_OR_INSERT = 2;

    private static final int UPDATE = 4;

    private static final int DELETE = 8;

    private static final int MERGE = 16;

    /** A bit set in every armed state, and in the followers table for {@code (} and {@code ;}: those always stop. */
    private static final int ALWAYS = 1 << 30;

    /** The groups looked for in a query that is not a {@code WITH}: data-modifying statements need a {@code WITH}. */
    private static final int QUERY_GROUPS = ALWAYS | FOR | INTO_OR_INSERT;

    private static final int WITH_GROUPS = ALWAYS | FOR | INTO_OR_INSERT | UPDATE | DELETE | MERGE;

    /** For each ASCII character, the groups whose first letter it is, and {@link #ALWAYS}. */
    private static final int[] OPENS = new int[128];

    /** For each ASCII character, the groups whose second letter it is; {@link #ALWAYS} for {@code (} and {@code ;}. */
    private static final int[] FOLLOWS = new int[128];

    /**
     * For each ASCII character, what it leaves for the character after it: all groups (-1) if a word may start after
     * it, only {@link #ALWAYS} after a letter. Digits, {@code _} and {@code $} count as word ends here, which only
     * adds stops: the stop checks the real token boundary.
     */
    private static final int[] AFTER = new int[128];

    /** What a stop found. */
    private static final int CONTINUE = 0;

    private static final int READ_END = 1;

    private static final int WRITE = 2;

    private static final int EXACT = 3;

    /** Characters copied at a time: long texts are scanned in chunks, so buffers stay small. */
    static final int CHUNK = 1024;

    private static final int STRIPES = 16;

    /** Slots 16 references apart, so that each stripe has a cache line of its own. */
    private static final int SLOT_SPACING = 16;

    private static final AtomicReferenceArray<char[]> BUFFERS = new AtomicReferenceArray<>(STRIPES * SLOT_SPACING);

    static {
        for (int c = 0; c < 128; c++) {
            OPENS[c] = ALWAYS;
            boolean letter = (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
            AFTER[c] = letter ? ALWAYS : -1;
        }
        group("fo", FOR);
        group("in", INTO_OR_INSERT);
        group("up", UPDATE);
        group("de", DELETE);
        group("me", MERGE);
        FOLLOWS['('] = ALWAYS;
        FOLLOWS[';'] = ALWAYS;
    }

    private FlatQueryScan() {
    }

    private static void group(String letters, int group) {
        OPENS[letters.charAt(0)] |= group;
        OPENS[Character.toUpperCase(letters.charAt(0))] |= group;
        FOLLOWS[letters.charAt(1)] |= group;
        FOLLOWS[Character.toUpperCase(letters.charAt(1))] |= group;
    }

    /**
     * Scans the query whose first keyword ends at {@code pos} to the end of its statement.
     *
     * @param dataModifying whether the query starts with {@code WITH}, which may hold data-modifying statements
     * @return {@link StatementKind#READ} or {@link StatementKind#WRITE} and the end of the statement, packed by
     *         {@link StatementClassifier#statement}, or {@link #UNDECIDED}
     */
    static long scan(String sql, int pos, boolean dataModifying, SqlFunctionNames functions) {
        int slot = ((int) Thread.currentThread().getId() & (STRIPES - 1)) * SLOT_SPACING;
        char[] buffer = BUFFERS.getAndSet(slot, null);
        if (buffer == null) {
            buffer = new char[CHUNK];
        }
        try {
            return scan(sql, pos, dataModifying ? WITH_GROUPS : QUERY_GROUPS, functions, buffer);
        } finally {
            BUFFERS.lazySet(slot, buffer);
        }
    }

    private static long scan(String sql, int pos, int groups, SqlFunctionNames functions, char[] buffer) {
        int length = sql.length();
        int armed = ALWAYS;
        int after = -1;
        for (int chunk = pos; chunk < length; chunk += CHUNK) {
            int count = Math.min(length - chunk, CHUNK);
            sql.getChars(chunk, chunk + count, buffer, 0);
            for (int j = nextStop(buffer, 0, count, armed, after, groups); j < count;
                    j = nextStop(buffer, j + 1, count, armedAfter(sql, chunk + j, groups), AFTER[low(sql, chunk + j)],
                            groups)) {
                int verdict = judgeStop(sql, pos, chunk + j, groups, functions);
                if (verdict == READ_END) {
                    return StatementClassifier.statement(StatementKind.READ, chunk + j);
                }
                if (verdict == WRITE) {
                    return StatementClassifier.statement(StatementKind.WRITE, length);
                }
                if (verdict == EXACT) {
                    return UNDECIDED;
                }
            }
            armed = armedAfter(sql, chunk + count - 1, groups);
            after = AFTER[low(sql, chunk + count - 1)];
        }
        return StatementClassifier.statement(StatementKind.READ, length);
    }

    /**
     * Returns the first index in {@code [from, to)} where the scan must stop, or {@code to}. {@code armed} holds the
     * groups opened by the character before {@code from} at a word start, {@code after} what that character leaves.
     * This loop sees nearly every character of a query; it reads only the buffer and three tables, and branches
     * only to stop.
     */
    private static int nextStop(char[] text, int from, int to, int armed, int after, int groups) {
        for (int i = from; i < to; i++) {
            int c = text[i] & 0x7F;
            if ((armed & FOLLOWS[c]) != 0) {
                return i;
            }
            armed = OPENS[c] & after & groups;
            after = AFTER[c];
        }
        return to;
    }

    /** The state {@link #nextStop} has after the character at {@code i}, which follows at least one other. */
    private static int armedAfter(String sql, int i, int groups) {
        return OPENS[low(sql, i)] & AFTER[low(sql, i - 1)] & groups;
    }

    /** The low seven bits of a character: non-ASCII ones alias an ASCII one, which can only add stops. */
    private static int low(String sql, int i) {
        return sql.charAt(i) & 0x7F;
    }

    /** Judges the stop at {@code i} by the real character there: aliased non-ASCII characters continue. */
    private static int judgeStop(String sql, int pos, int i, int groups, SqlFunctionNames functions) {
        char c = sql.charAt(i);
        if (c == '(') {
            return judgeCall(sql, pos, i, functions);
        }
        if (c == ';') {
            return isPlain(sql, pos, i) ? READ_END : EXACT;
        }
        return judgeWord(sql, pos, i - 1, groups);
    }

    /** Judges the word starting at {@code start}, whose first two letters open a keyword group. */
    private static int judgeWord(String sql, int pos, int start, int groups) {
        int end = SqlLexer.wordEnd(sql, start);
        boolean writes;
        switch (end - start) {
            case 3:
                writes = SqlLexer.equalsIgnoreCase(sql, start, end, "FOR")
                        && StatementClassifier.startsLockingClause(sql, end);
                break;
            case 4:
                // INTO may be INTO TEMP, which the exact scan tells apart
                return SqlLexer.equalsIgnoreCase(sql, start, end, "INTO") ? EXACT : CONTINUE;
            case 5:
            case 6:
                writes = groups == WITH_GROUPS && StatementClassifier.isDataModifyingKeyword(sql, start, end);
                break;
            default:
                return CONTINUE;
        }
        if (!writes) {
            return CONTINUE;
        }
        // a real keyword starts a token (not inside 1for or x_for) outside literals and comments, and is no column
        boolean tokenStart = !SqlLexer.isWordPart(sql.charAt(start - 1));
        return tokenStart && !followsDot(sql, pos, start) && isPlain(sql, pos, start) ? WRITE : EXACT;
    }

    /**
     * Judges the {@code (} at {@code paren}: the call of a listed function writes. The name is read backwards, which
     * a comment between it and the parenthesis would fool: a block comment ends in {@code /}, which defers to the exact
     * scan, and a line comment can only precede a line break, which does so if the text has {@code --} before.
     */
    private static int judgeCall(String sql, int pos, int paren, SqlFunctionNames functions) {
        int end = paren;
        boolean lineBreak = false;
        while (end > pos && SqlLexer.isWhitespace(sql.charAt(end - 1))) {
            end--;
            lineBreak |= sql.charAt(end) == '\n' || sql.charAt(end) == '\r';
        }
        if (lineBreak && indexOf(sql, "--", pos) < paren) {
            return EXACT;
        }
        if (end == pos) {
            return CONTINUE;
        }
        char last = sql.charAt(end - 1);
        if (last == '"' || last == '/') {
            return EXACT;
        }
        int start = end;
        while (start > pos && SqlLexer.isWordPart(sql.charAt(start - 1))) {
            start--;
            if (sql.charAt(start) == '$') {
                // a bind marker or dollar quote may end right before the name
                return EXACT;
            }
        }
        if (start == end || SqlLexer.isDigit(sql.charAt(start))) {
            // punctuation or a number before the parenthesis: no call
            return CONTINUE;
        }
        if (!functions.contains(sql, -1, -1, start, end)) {
            return CONTINUE;
        }
        return !followsDot(sql, pos, start) && isPlain(sql, pos, start) ? WRITE : EXACT;
    }

    /** Returns whether the token at {@code start} follows a {@code .}, whitespace aside: it may be a qualified name. */
    private static boolean followsDot(String sql, int pos, int start) {
        int before = start;
        while (before > pos && SqlLexer.isWhitespace(sql.charAt(before - 1))) {
            before--;
        }
        return before > pos && sql.charAt(before - 1) == '.';
    }

    /**
     * Returns whether the exact lexer, lexing {@code [from, to)} from a token start, sees the flat text: no literal,
     * quoted name, comment or dollar quote starts there (a {@code $} followed by a digit is a bind marker).
     */
    private static boolean isPlain(String sql, int from, int to) {
        if (indexOf(sql, '\'', from) < to || indexOf(sql, '"', from) < to
                || indexOf(sql, "--", from) < to || indexOf(sql, "/*", from) < to) {
            return false;
        }
        for (int dollar = indexOf(sql, '$', from); dollar < to; dollar = indexOf(sql, '$', dollar + 1)) {
            if (dollar + 1 == sql.length() || !SqlLexer.isDigit(sql.charAt(dollar + 1))) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(String sql, char c, int from) {
        int index = sql.indexOf(c, from);
        return index < 0 ? Integer.MAX_VALUE : index;
    }

    private static int indexOf(String sql, String text, int from) {
        int index = sql.indexOf(text, from);
        return index < 0 ? Integer.MAX_VALUE : index;
    }

}
