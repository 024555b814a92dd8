package io.r2dbcrouting.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The fast first look at a query ({@code SELECT}, {@code WITH}, {@code VALUES}, …) after its first keyword: it reads
 * the text as flat characters, without lexing, and settles the common cases, leaving the rest to the exact scan of
 * {@link StatementClassifier}.
 * <p>
 * A query writes only through a few words ({@code FOR} of a locking clause, {@code INTO}, and in {@code WITH} an
 * {@code INSERT}, {@code UPDATE}, {@code DELETE} or {@code MERGE}) or a call of a listed function, and ends at a
 * {@code ;}. Literals, quoted names and comments can only hide those, never make them, so the scan may ignore them as
 * long as it stops at every place where one of them might be: at each {@code (}, at each {@code ;}, and at each
 * letter after a non-letter that, with the letter after it, starts a writing keyword. At a stop it judges the place
 * by the real characters with the lexer's rules, and what it finds there (a locking {@code FOR}, a listed call, a
 * {@code ;}) holds only if that place is a real token: {@link #locate} then lexes the literals, quoted names and
 * comments before it, jumping from one to the next with {@link String#indexOf}. A claim inside one of them is dropped;
 * what only the full lexer can tell (a dollar quote before, a name that may be qualified, a word glued to a number)
 * returns {@link #UNDECIDED}, and so do more than a few hidden claims, which keeps the cost linear.
 * <p>
 * Most words it stops at are no claim at all ({@code IN}, {@code information}, {@code FOR} of {@code substring}), so
 * each is first looked at in the copy ({@link #judgeInCopy}), with plain byte reads, and only what that can settle
 * neither way goes to the judges that read the text itself. A claim is made of ASCII characters, which the copy holds
 * as they are, so whatever the copy rules out the text does not hold either; the copy claims a locking {@code FOR}, an
 * {@code INTO} or a listed call itself only once the text's characters it read for that are checked to be ASCII.
 * <p>
 * Why a copy: a loop calling {@link String#charAt} on every character runs two to three times slower once any
 * UTF-16 string has gone through {@code charAt} anywhere in the JVM, which in a real application is nearly certain:
 * the JIT then compiles both of {@code charAt}'s internal paths into the loop. So the scan copies the text, a chunk at
 * a time, into a {@code byte[]} and tests 8 characters at a time in the bytes of a {@code long}. An instance holds that
 * buffer and what {@link #locate} has found so far; instances are kept in a small striped pool, taken and put back with
 * an atomic swap, so that a call allocates nothing unless two threads of the same stripe scan at the same moment (the
 * second then uses an instance of its own, which is dropped).
 */
final class FlatQueryScan {

    /** What {@link #scan} returns when the exact scan must decide. */
    static final long UNDECIDED = -1;

    /** Characters copied at a time: long texts are scanned in chunks, so buffers stay small. */
    static final int CHUNK = 1024;

    /**
     * The bytes after a chunk's characters in its buffer: the next character, then spaces past the last word
     * {@link #stopsIn} reads, written as two {@code long}s.
     */
    private static final int PADDING = 24;

    private static final int BUFFER_LENGTH = CHUNK + PADDING;

    private static final int STRIPES = 16;

    /** Slots 16 references apart, so that each stripe has a cache line of its own. */
    private static final int SLOT_SPACING = 16;

    private static final AtomicReferenceArray<FlatQueryScan> SCANS = new AtomicReferenceArray<>(STRIPES * SLOT_SPACING);

    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final long LOW_7_BITS = 0x7F7F_7F7F_7F7F_7F7FL;

    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;

    /** Bit 5 of each byte: set, it folds an upper-case ASCII letter onto its lower case, and no other byte there. */
    private static final long CASE_BIT = 0x2020_2020_2020_2020L;

    /**
     * What a stop found, packed with the token it is about by {@link #claim}: nothing ({@link #CONTINUE}), a question
     * for the exact scan ({@link #EXACT}), or what the token means if it is a real one ({@link #READ_END},
     * {@link #WRITE}, {@link #INTO_TEMPORARY}), which {@link #locate} then checks.
     */
    private static final int CONTINUE = 0;

    private static final int READ_END = 1;

    private static final int WRITE = 2;

    private static final int EXACT = 3;

    /** A real {@code INTO TEMP}: the query creates a temporary table, and the scan goes on for writes. */
    private static final int INTO_TEMPORARY = 4;

    /** What {@link #judgeInCopy} returns when only the text can tell: a value {@link #claim} never packs. */
    private static final long TEXT_DECIDES = -1;

    /** What {@link #judgeInCopy} returns for a stop it rules out. */
    private static final long NO_CLAIM = 0;

    /** What {@link #locate} finds: the claimed token lies inside a literal, quoted name or comment. */
    private static final int INSIDE = 5;

    private static final int OUTSIDE = 6;

    /** Up to how many characters before a claim {@link #locate} looks at one by one rather than searching. */
    private static final int SHORT_PREFIX = 24;

    /** How many claims may turn out hidden in literals or comments before the exact scan takes over. */
    private static final int MAX_HIDDEN_CLAIMS = 8;

    private static final long SPACES = repeat(' ');

    /** The classes of each byte of the copy, read with {@code b & 0xFF}: see {@link #WORD_PART}. */
    private static final byte[] BYTE_CLASSES = byteClasses();

    /** A letter, digit, {@code _}, {@code $} or any byte of a non-ASCII character: what continues a word. */
    private static final byte WORD_PART = 1;

    private static final byte WHITESPACE = 2;

    /** The copy of the current chunk: see {@link #fill}. */
    private final byte[] buffer = new byte[BUFFER_LENGTH];

    /** The stops found in the copy and not yet judged, and how many: see {@link #collectStops}. */
    private final int[] stops = new int[CHUNK];

    private int stopCount;

    /**
     * Where the next {@code '}, {@code "}, {@code --}, {@code /*} and {@code $} of the text are at or after where
     * {@link #locate} has got to, or {@code -1} before it first looks: each is searched for again only once passed.
     */
    private int quote;

    private int doubleQuote;

    private int lineComment;

    private int blockComment;

    private int dollar;

    private FlatQueryScan() {
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
        FlatQueryScan scan = SCANS.getAndSet(slot, null);
        if (scan == null) {
            scan = new FlatQueryScan();
        }
        try {
            return scan.run(sql, pos, dataModifying, functions);
        } finally {
            SCANS.lazySet(slot, scan);
        }
    }

    private long run(String sql, int pos, boolean dataModifying, SqlFunctionNames functions) {
        byte[] buffer = this.buffer;
        int length = sql.length();
        this.quote = -1;
        this.doubleQuote = -1;
        this.lineComment = -1;
        this.blockComment = -1;
        this.dollar = -1;
        StatementKind read = StatementKind.READ;
        // where locating claims has got to: a token start, after the literals and comments before the last claim
        int walked = pos;
        int hidden = 0;
        for (int chunk = pos; chunk < length; chunk += CHUNK) {
            int count = Math.min(length - chunk, CHUNK);
            int copied = fill(buffer, sql, chunk, count);
            for (int word = 0; word < count; ) {
                word = collectStops(buffer, word, count, dataModifying);
                for (int found = 0; found < this.stopCount; found++) {
                    int at = this.stops[found];
                    if (at >= count) {
                        // past the chunk, in its padding: the next chunk stops there
                        break;
                    }
                    long claim = judgeInCopy(sql, chunk, at + 1, copied, dataModifying, functions);
                    if (claim == TEXT_DECIDES) {
                        claim = judgeStop(sql, pos, chunk + at, dataModifying, functions);
                    }
                    int verdict = verdictOf(claim);
                    if (verdict == CONTINUE || tokenOf(claim) < walked) {
                        // nothing there, or inside the literal or comment the last claim was found in
                        continue;
                    }
                    if (verdict == EXACT) {
                        return UNDECIDED;
                    }
                    long place = locate(sql, chunk, walked, tokenOf(claim));
                    walked = tokenOf(place);
                    if (verdictOf(place) == INSIDE) {
                        if (++hidden == MAX_HIDDEN_CLAIMS) {
                            // each look may search to the end of the text: past a few, the exact scan is cheaper
                            return UNDECIDED;
                        }
                        continue;
                    }
                    if (verdictOf(place) == EXACT
                            || verdict != READ_END && mayBeQualified(sql, pos, tokenOf(claim))) {
                        return UNDECIDED;
                    }
                    if (verdict == READ_END) {
                        return StatementClassifier.statement(read, chunk + at);
                    }
                    if (verdict == WRITE) {
                        return StatementClassifier.statement(StatementKind.WRITE, length);
                    }
                    read = StatementKind.SESSION_STATE;
                }
            }
        }
        return StatementClassifier.statement(read, length);
    }

    /**
     * Copies the low bytes of {@code sql[chunk, chunk + count)} to {@code buffer[1, count + 1)}, the character before
     * it to {@code buffer[0]} and the one after it, if any, to {@code buffer[count + 1]}, and spaces after that, so
     * that {@link #stopsIn} can read the words around every character. A non-ASCII character keeps only its low byte,
     * which {@link #stopsIn} takes to 7 bits, aliasing an ASCII character: that can only add stops, which judge the
     * real one.
     *
     * @return how many bytes from {@code buffer[0]} are characters of the text, not padding
     */
    @SuppressWarnings("deprecation")
    private static int fill(byte[] buffer, String sql, int chunk, int count) {
        // String.getBytes(int, int, byte[], int) copies the low byte of each character, with no UTF-16 path per char
        int end = Math.min(chunk + count + 1, sql.length());
        sql.getBytes(chunk - 1, end, buffer, 0);
        int copied = end - chunk + 1;
        WORDS.set(buffer, copied, SPACES);
        WORDS.set(buffer, copied + 8, SPACES);
        return copied;
    }

    /**
     * Writes to {@link #stops}, in order, the chunk's positions (from {@code buffer[1]}) at which the words of 8
     * characters from {@code from} stop, and their number to {@link #stopCount}, up to and with the first word that
     * holds a {@code ;}, and returns where the next word starts. This loop sees nearly every character of a query, 8 at
     * a time, and calls nothing, so that the JIT keeps its constants in registers; the stops are judged after it, by
     * code that does call. Stopping after a {@code ;} keeps the work linear in a text of many statements.
     */
    private int collectStops(byte[] buffer, int from, int count, boolean dataModifying) {
        int[] stops = this.stops;
        int found = 0;
        boolean statementEnd = false;
        int word = from;
        for (; word < count && !statementEnd; word += 8) {
            for (long bits = stopsIn(buffer, word, dataModifying); bits != 0; bits &= bits - 1) {
                int at = word + (Long.numberOfTrailingZeros(bits) >>> 3);
                stops[found++] = at;
                statementEnd |= buffer[at + 1] == ';';
            }
        }
        this.stopCount = found;
        return word;
    }

    /**
     * Returns, for the 8 characters of the chunk from {@code word}, bit 7 of the byte of each at which the scan must
     * stop: a {@code (}, a {@code ;}, or a letter after a non-letter that, with the letter after it, starts a writing
     * keyword ({@code fo}, {@code in}, and in {@code WITH} also {@code up}, {@code de}, {@code me}), in either case.
     * The 8 are tested at once in the bytes of a {@code long} (SWAR); every byte compared holds 7 bits, so that no
     * addition carries into the next byte. The tests are combined while each byte's bit 7 still means "not here", so
     * that one inversion at the end serves them all.
     */
    private static long stopsIn(byte[] buffer, int word, boolean dataModifying) {
        long before = (long) WORDS.get(buffer, word) & LOW_7_BITS | CASE_BIT;
        long chars = (long) WORDS.get(buffer, word + 1) & LOW_7_BITS;
        long lower = chars | CASE_BIT;
        long lowerNext = (long) WORDS.get(buffer, word + 2) & LOW_7_BITS | CASE_BIT;
        long noPair = nonZeroBytes(lower ^ repeat('f') | lowerNext ^ repeat('o'))
                & nonZeroBytes(lower ^ repeat('i') | lowerNext ^ repeat('n'));
        if (dataModifying) {
            noPair &= nonZeroBytes(lower ^ repeat('u') | lowerNext ^ repeat('p'))
                    & nonZeroBytes(lower ^ repeat('d') | lowerNext ^ repeat('e'))
                    & nonZeroBytes(lower ^ repeat('m') | lowerNext ^ repeat('e'));
        }
        // bit 7 of each byte of before that is a letter, 'a' to 'z'
        long letterBefore = (before + repeat(0x80 - 'a')) & ~(before + repeat(0x80 - 'z' - 1));
        return ~((noPair | letterBefore) & nonZeroBytes(chars ^ repeat('(')) & nonZeroBytes(chars ^ repeat(';')))
                & HIGH_BITS;
    }

    /** Bit 7 set in each byte of {@code z}, whose bytes hold 7 bits, that is not zero; clear in each that is. */
    private static long nonZeroBytes(long z) {
        return z + LOW_7_BITS | z;
    }

    private static long repeat(int b) {
        return b * 0x0101_0101_0101_0101L;
    }

    /**
     * Judges the stop at {@code buffer[stop]} from the copy as far as it can, so that {@link #judgeStop} need not read
     * the text for the many stops that are no claim: a word that is no writing keyword, {@code FOR} not followed by a
     * locking clause, a {@code (} after anything but the name of a listed function. A claim is made of ASCII
     * characters, which the copy holds as they are, so these tests can only rule out what the text does not hold.
     * They read only the first {@code copied} bytes of the buffer; whatever they cannot settle there (a comment, a
     * line break, a non-ASCII byte) they leave to the judges of the text.
     *
     * @return {@link #NO_CLAIM}, {@link #TEXT_DECIDES}, or the claim of a listed call (see {@link #judgeCallInCopy})
     */
    private long judgeInCopy(String sql, int chunk, int stop, int copied, boolean dataModifying,
            SqlFunctionNames functions) {
        byte c = this.buffer[stop];
        if (c == '(') {
            return judgeCallInCopy(sql, chunk, stop, functions);
        }
        if (c == ';') {
            return TEXT_DECIDES;
        }
        // a byte with bit 7 set is that of a non-ASCII character, which no claim starts with
        return c >= 0 ? judgeWordInCopy(sql, chunk, stop, copied, dataModifying) : NO_CLAIM;
    }

    /**
     * Judges the {@code (} at {@code buffer[paren]} as {@link #judgeCall} would: it rules out a {@code (} after
     * punctuation, a number or a name that is not listed, the common case ({@code count(}, {@code coalesce(},
     * {@code IN (}), and claims the call of a listed name when every character of the text from the name to the
     * parenthesis is ASCII.
     * <p>
     * Why the copy may be trusted here although a character at U+0100 or above keeps only its low byte, which may
     * look like whitespace or punctuation (the copy may show {@code lo_ (} where the text has the call {@code lo_Ġ(}):
     * the name is read back to the byte before it, which must be a character of the text that ends a name, and that
     * one character is checked in the text to be ASCII, so copied exactly. The name in the text then starts where the
     * copy's does and holds its characters, each of them in the copy either as itself or, if not ASCII, as some byte.
     * Every listed name is ASCII (else this always passes), so a listed name is in the copy as it is in the text, and
     * a listed prefix ({@code lo_}) starts the copy's name as it starts the text's, even when a character the copy
     * took for whitespace lengthens the name in the text. A line break, a {@code $} in the name, a quote or a
     * {@code /} before the parenthesis, or a name that may go on before the chunk, are left to the text.
     * <p>
     * Why a listed name may be claimed here: once the text's characters from the name to the parenthesis are checked
     * to be ASCII (a few {@code charAt}, where {@link #judgeCall} would read them back and compare them with names),
     * the copy holds each of them as it is, so its name, gap and parenthesis are the text's, and the comparison with
     * the folded names, which takes together only the two cases of a letter among the bytes a name is made of, finds
     * exactly the names {@link SqlFunctionNames#contains} finds. {@link #run} then checks, as for any claim, that the
     * name is a real token and not qualified. A character above U+007F anywhere there leaves the call to the text.
     *
     * @return {@link #NO_CLAIM}, {@link #TEXT_DECIDES}, or a {@link #WRITE} claim of the name's start in the text
     */
    private long judgeCallInCopy(String sql, int chunk, int paren, SqlFunctionNames functions) {
        if (!functions.isAllAscii()) {
            return TEXT_DECIDES;
        }
        byte[] buffer = this.buffer;
        int end = paren;
        byte b;
        // buffer[0] is the character before the chunk: what reaches it may go on before it
        while (end > 1 && (BYTE_CLASSES[(b = buffer[end - 1]) & 0xFF] & WHITESPACE) != 0) {
            if (b == '\n' || b == '\r') {
                // a line comment before may hide the name: judgeCall looks for one
                return TEXT_DECIDES;
            }
            end--;
        }
        int start = end;
        while (start > 1 && (BYTE_CLASSES[(b = buffer[start - 1]) & 0xFF] & WORD_PART) != 0) {
            if (b == '$') {
                // a bind marker or dollar quote may end right before the name
                return TEXT_DECIDES;
            }
            start--;
        }
        if (start == 1 || sql.charAt(chunk - 2 + start) >= 0x80) {
            // the name may go on before the chunk, or in the text before what the copy took for its end
            return TEXT_DECIDES;
        }
        if (start == end) {
            // punctuation before the parenthesis, unless a quoted name or a comment ends there
            b = buffer[start - 1];
            return b == '"' || b == '/' ? TEXT_DECIDES : NO_CLAIM;
        }
        if (SqlLexer.isDigit((char) buffer[start]) || !functions.mayContainLowBytes(buffer, start, end)) {
            return NO_CLAIM;
        }
        // the text's name starts at chunk - 1 + start, as the copy's does
        return isAscii(sql, chunk - 1 + start, chunk + paren) ? claim(WRITE, chunk - 1 + start) : TEXT_DECIDES;
    }

    /** Whether every character of {@code sql[from, to)} is ASCII, so that the copy holds it as it is. */
    private static boolean isAscii(String sql, int from, int to) {
        for (int i = from; i < to; i++) {
            if (sql.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /**
     * Judges the word at {@code buffer[start]} as {@link #judgeWord} would: it rules out every word that is no writing
     * keyword ({@code IN}, {@code information}, {@code FOR} of {@code substring}), and claims a locking {@code FOR}
     * and an {@code INTO} itself when the text's characters over them are ASCII. The data-modifying keywords of
     * {@code WITH} are left to the text.
     * <p>
     * Why ruling out may trust the copy: a claim is made of ASCII characters, which the copy holds as they are.
     * <p>
     * Why a claim may be made here: before it, every character of the text from the one before the word to the one
     * after the last word read (the {@code UPDATE}, {@code SHARE} or {@code KEY} that ends a locking clause, or the
     * word after {@code INTO}) is checked to be ASCII, and copies of ASCII characters are those characters, so over
     * that stretch the copy is the text. On ASCII characters the copy's byte classes are the lexer's: a word is a run
     * of letters, digits, {@code _} and {@code $} ({@link SqlLexer#wordEnd}), whitespace is the same six characters,
     * and the {@code | 0x20} comparison takes together only a letter's two cases, so the copy finds the same words
     * that {@link SqlKeywords#valueOfLetters} finds, with the same ends. What the copy cannot read the way the lexer
     * does is left to the text: a {@code -} or {@code /} between the words, which may start a comment that
     * {@link SqlLexer#skipTrivia} skips, and a word that reaches the end of the copy where the text goes on past it. A
     * word part before the word ({@code 1for}, {@code x_into}, {@code $1for}) is left to {@link #judgeWord}, which
     * hands it to the exact scan. {@link #run} then checks, as for any claim, that the word is a real token and not
     * qualified.
     *
     * @return {@link #NO_CLAIM}, {@link #TEXT_DECIDES}, or a {@link #WRITE} or {@link #INTO_TEMPORARY} claim of the
     *         word's start in the text
     */
    private long judgeWordInCopy(String sql, int chunk, int start, int copied, boolean dataModifying) {
        // where a word of the copy may go on in the text: the end of the copy, unless the text ends there too
        int cut = chunk - 1 + copied < sql.length() ? copied : -1;
        int end = wordEnd(start, copied);
        if (end == cut) {
            return TEXT_DECIDES;
        }
        switch (end - start) {
            case 3:
                if (!is(start, "for")) {
                    return NO_CLAIM;
                }
                int clauseEnd = lockingClauseEnd(end, copied, cut);
                return clauseEnd == 0 ? NO_CLAIM : claimInCopy(sql, chunk, start, clauseEnd, WRITE);
            case 4:
                if (!is(start, "into")) {
                    return NO_CLAIM;
                }
                int next = nextWordStart(end, copied);
                if (next < 0 || (end = wordEnd(next, copied)) == cut) {
                    return TEXT_DECIDES;
                }
                boolean temporary = is(next, end, "temp") || is(next, end, "temporary");
                return claimInCopy(sql, chunk, start, end, temporary ? INTO_TEMPORARY : WRITE);
            case 5:
                return dataModifying && is(start, "merge") ? TEXT_DECIDES : NO_CLAIM;
            case 6:
                return dataModifying && (is(start, "insert") || is(start, "update") || is(start, "delete"))
                        ? TEXT_DECIDES : NO_CLAIM;
            default:
                return NO_CLAIM;
        }
    }

    /**
     * Claims the writing word at {@code buffer[start]}, read in the copy up to {@code buffer[end]}, if the text's
     * characters from the one before the word to the one at {@code end} (if the text goes on there) are ASCII and the
     * one before is no word part: see {@link #judgeWordInCopy}.
     *
     * @param end {@code -1} when only the text can tell
     */
    private long claimInCopy(String sql, int chunk, int start, int end, int verdict) {
        if (end < 0 || !isAscii(sql, chunk - 2 + start, Math.min(chunk + end, sql.length()))
                || (BYTE_CLASSES[this.buffer[start - 1] & 0xFF] & WORD_PART) != 0) {
            return TEXT_DECIDES;
        }
        return claim(verdict, chunk - 1 + start);
    }

    /**
     * Reads the words from {@code pos}, right after a {@code FOR}, as {@link StatementClassifier#startsLockingClause}
     * does: {@code UPDATE}, {@code SHARE}, {@code NO KEY UPDATE} or {@code KEY SHARE}.
     *
     * @param cut where a word of the copy may go on in the text, or {@code -1} if the copy ends with the text
     * @return where the clause's last word ends in the copy, {@code 0} if the words make no locking clause, or
     *         {@code -1} if only the text can tell
     */
    private int lockingClauseEnd(int pos, int copied, int cut) {
        int start = nextWordStart(pos, copied);
        if (start < 0) {
            return -1;
        }
        int end = wordEnd(start, copied);
        if (end == cut) {
            return -1;
        }
        if (is(start, end, "update") || is(start, end, "share")) {
            return end;
        }
        boolean no = is(start, end, "no");
        if (!no && !is(start, end, "key")) {
            return 0;
        }
        start = nextWordStart(end, copied);
        if (start < 0 || (end = wordEnd(start, copied)) == cut) {
            return -1;
        }
        if (!no) {
            return is(start, end, "share") ? end : 0;
        }
        if (!is(start, end, "key")) {
            return 0;
        }
        start = nextWordStart(end, copied);
        if (start < 0 || (end = wordEnd(start, copied)) == cut) {
            return -1;
        }
        return is(start, end, "update") ? end : 0;
    }

    /**
     * Where the token after the whitespace at {@code pos} starts, or {@code -1} if a comment may start there first or
     * the copy ends: then only the text can tell.
     */
    private int nextWordStart(int pos, int copied) {
        while (pos < copied && (BYTE_CLASSES[this.buffer[pos] & 0xFF] & WHITESPACE) != 0) {
            pos++;
        }
        return pos == copied || this.buffer[pos] == '-' || this.buffer[pos] == '/' ? -1 : pos;
    }

    /** Where the word at {@code start} ends in the copy, or {@code copied} if it runs to the end of the copy. */
    private int wordEnd(int start, int copied) {
        int end = start + 1;
        while (end < copied && (BYTE_CLASSES[this.buffer[end] & 0xFF] & WORD_PART) != 0) {
            end++;
        }
        return end;
    }

    /** Whether the copy has {@code word}, in lower case, at {@code start}, in either case. */
    private boolean is(int start, String word) {
        for (int i = 0; i < word.length(); i++) {
            if ((this.buffer[start + i] | 0x20) != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private boolean is(int start, int end, String word) {
        return end - start == word.length() && is(start, word);
    }

    private static byte[] byteClasses() {
        byte[] classes = new byte[256];
        for (int c = 0; c < 256; c++) {
            if (c >= 0x80 || Character.isLetterOrDigit(c) && c < 0x80 || c == '_' || c == '$') {
                classes[c] = WORD_PART;
            }
        }
        for (char c : new char[] {' ', '\t', '\n', '\r', '\f', '\u000B'}) {
            classes[c] = WHITESPACE;
        }
        return classes;
    }

    /** Judges the stop at {@code i} by the real character there: aliased non-ASCII characters continue. */
    private static long judgeStop(String sql, int pos, int i, boolean dataModifying, SqlFunctionNames functions) {
        char c = sql.charAt(i);
        if (c == '(') {
            return judgeCall(sql, pos, i, functions);
        }
        if (c == ';') {
            return claim(READ_END, i);
        }
        return judgeWord(sql, i, dataModifying);
    }

    private static long claim(int verdict, int token) {
        return (long) verdict << 32 | token;
    }

    private static int verdictOf(long claim) {
        return (int) (claim >>> 32);
    }

    private static int tokenOf(long claim) {
        return (int) claim;
    }

    /** Judges the word starting at {@code start}, whose first two letters may start a writing keyword. */
    private static long judgeWord(String sql, int start, boolean dataModifying) {
        int end = SqlLexer.wordEnd(sql, start);
        boolean writes;
        switch (end - start) {
            case 3:
                writes = SqlLexer.equalsIgnoreCase(sql, start, end, "FOR")
                        && StatementClassifier.startsLockingClause(sql, end);
                break;
            case 4:
                writes = SqlLexer.equalsIgnoreCase(sql, start, end, "INTO");
                break;
            case 5:
            case 6:
                writes = dataModifying && StatementClassifier.isDataModifyingKeyword(sql, start, end);
                break;
            default:
                return claim(CONTINUE, start);
        }
        if (!writes) {
            return claim(CONTINUE, start);
        }
        if (SqlLexer.isWordPart(sql.charAt(start - 1))) {
            // inside a longer token (1for, x_for), or after a bind marker ($1for): the exact scan knows
            return claim(EXACT, start);
        }
        return claim(StatementClassifier.intoTemporaryTable(sql, start, end) ? INTO_TEMPORARY : WRITE, start);
    }

    /**
     * Judges the {@code (} at {@code paren}: the call of a listed function writes. The name is read backwards, which
     * a comment between it and the parenthesis would fool: a block comment ends in {@code /}, which defers to the exact
     * scan, and a line comment can only precede a line break, which does so if the text has {@code --} before.
     */
    private static long judgeCall(String sql, int pos, int paren, SqlFunctionNames functions) {
        int end = whitespaceStart(sql, pos, paren);
        if (mayEndLineComment(sql, pos, end, paren)) {
            return claim(EXACT, paren);
        }
        if (end == pos) {
            return claim(CONTINUE, paren);
        }
        char last = sql.charAt(end - 1);
        if (last == '"' || last == '/') {
            return claim(EXACT, paren);
        }
        if (!SqlLexer.isWordPart(last)) {
            // punctuation before the parenthesis: no call
            return claim(CONTINUE, paren);
        }
        int start = end;
        char c = last;
        do {
            if (c == '$') {
                // a bind marker or dollar quote may end right before the name
                return claim(EXACT, paren);
            }
            start--;
        } while (start > pos && SqlLexer.isWordPart(c = sql.charAt(start - 1)));
        if (SqlLexer.isDigit(sql.charAt(start)) || !functions.contains(sql, -1, -1, start, end)) {
            // a number, or a name that is not listed (contains applies the cheap first-character filter first)
            return claim(CONTINUE, paren);
        }
        return claim(WRITE, start);
    }

    /**
     * Returns whether the word at {@code start} may follow a {@code .}, which makes it a qualified name, not a keyword
     * or an unqualified call: a {@code .} before it, whitespace aside, or a comment, which may hide one.
     */
    private static boolean mayBeQualified(String sql, int pos, int start) {
        int before = whitespaceStart(sql, pos, start);
        if (before == pos) {
            return false;
        }
        char c = sql.charAt(before - 1);
        return c == '.' || c == '/' || mayEndLineComment(sql, pos, before, start);
    }

    /** Returns where the whitespace right before {@code end} starts, not before {@code pos}. */
    private static int whitespaceStart(String sql, int pos, int end) {
        int start = end;
        while (start > pos && SqlLexer.isWhitespace(sql.charAt(start - 1))) {
            start--;
        }
        return start;
    }

    /**
     * Returns whether a line comment may end in the whitespace {@code [from, to)}: it holds a line break and the text
     * has {@code --} after {@code pos} and before {@code to}.
     */
    private static boolean mayEndLineComment(String sql, int pos, int from, int to) {
        for (int i = from; i < to; i++) {
            if (sql.charAt(i) == '\n' || sql.charAt(i) == '\r') {
                return SqlLexer.indexOf(sql, "--", pos) < to;
            }
        }
        return false;
    }

    /**
     * Tells whether {@code to}, where the flat text has a token start, is one for the lexer too when it lexes from
     * {@code from}, a token start: {@link #OUTSIDE} if no literal, quoted name or comment starting in
     * {@code [from, to)} reaches over it, {@link #INSIDE} if one does, packed by {@link #claim} with where that one
     * ends, or with, for {@link #OUTSIDE}, where the last one before {@code to} ends. It jumps from one such start to
     * the next with {@link String#indexOf}, lexing each with the lexer's own rules. A {@code $} is harmless before a
     * digit (a bind marker); any other gives up ({@link #EXACT}), for a dollar quote's tag depends on the tokens
     * before it, and so does an {@code E} before a quote after a digit or {@code $} ({@code $1e'…'}).
     */
    private long locate(String sql, int chunk, int from, int to) {
        // a stretch that starts in the copy is tested there; one from an earlier chunk only when it is short
        if (from >= chunk - 1 ? isPlainInCopy(sql, chunk, from, to)
                : to - from <= SHORT_PREFIX && isPlain(sql, from, to)) {
            return claim(OUTSIDE, from);
        }
        if (this.dollar < from) {
            this.dollar = SqlLexer.indexOf(sql, '$', from);
        }
        for (; this.dollar < to; this.dollar = SqlLexer.indexOf(sql, '$', this.dollar + 1)) {
            if (this.dollar + 1 == sql.length() || !SqlLexer.isDigit(sql.charAt(this.dollar + 1))) {
                return claim(EXACT, from);
            }
        }
        int pos = from;
        // the next start of each kind at or after pos, kept from the last look and found again only once passed
        int quote = this.quote < pos ? SqlLexer.indexOf(sql, '\'', pos) : this.quote;
        int doubleQuote = this.doubleQuote < pos ? SqlLexer.indexOf(sql, '"', pos) : this.doubleQuote;
        int lineComment = this.lineComment < pos ? SqlLexer.indexOf(sql, "--", pos) : this.lineComment;
        int blockComment = this.blockComment < pos ? SqlLexer.indexOf(sql, "/*", pos) : this.blockComment;
        long place;
        while (true) {
            int start = Math.min(Math.min(quote, doubleQuote), Math.min(lineComment, blockComment));
            if (start >= to) {
                place = claim(OUTSIDE, pos);
                break;
            }
            int end;
            if (start == quote) {
                boolean escape = start - 1 >= pos && (sql.charAt(start - 1) | 0x20) == 'e';
                if (escape && start - 2 >= from) {
                    char before = sql.charAt(start - 2);
                    if (SqlLexer.isDigit(before) || before == '$') {
                        place = claim(EXACT, from);
                        break;
                    }
                    escape = !SqlLexer.isWordPart(before);
                }
                end = SqlLexer.quotedEnd(sql, start + 1, '\'', escape);
            } else if (start == doubleQuote) {
                end = SqlLexer.quotedEnd(sql, start + 1, '"', false);
            } else if (start == lineComment) {
                end = SqlLexer.lineCommentEnd(sql, start + 2);
            } else {
                end = SqlLexer.blockCommentEnd(sql, start + 2);
            }
            if (end > to) {
                place = claim(INSIDE, end);
                break;
            }
            pos = end;
            quote = quote < pos ? SqlLexer.indexOf(sql, '\'', pos) : quote;
            doubleQuote = doubleQuote < pos ? SqlLexer.indexOf(sql, '"', pos) : doubleQuote;
            lineComment = lineComment < pos ? SqlLexer.indexOf(sql, "--", pos) : lineComment;
            blockComment = blockComment < pos ? SqlLexer.indexOf(sql, "/*", pos) : blockComment;
        }
        this.quote = quote;
        this.doubleQuote = doubleQuote;
        this.lineComment = lineComment;
        this.blockComment = blockComment;
        return place;
    }

    /**
     * Returns, as {@link #isPlain} does for a short stretch, whether none of {@code [from, to)}, which lies in the
     * current chunk's copy, can start a literal, quoted name, comment or dollar quote, but tests the copy 8 bytes at a
     * time, and takes a bind marker ({@code $1}) for plain, as {@link #locate} does: this spares most claims the five
     * searches of {@link #locate}. Sound because each character that can start one ({@code '}, {@code "}, {@code -},
     * {@code /}, {@code $}) is ASCII, so the copy holds it as it is: a stretch whose bytes, taken to 7 bits, hold none
     * of them has none in the text. A byte that looks like one is judged by the text's character.
     */
    private boolean isPlainInCopy(String sql, int chunk, int from, int to) {
        byte[] buffer = this.buffer;
        int end = to - chunk + 1;
        for (int word = from - chunk + 1; word < end; word += 8) {
            long chars = (long) WORDS.get(buffer, word) & LOW_7_BITS;
            long starts = ~(nonZeroBytes(chars ^ repeat('\'')) & nonZeroBytes(chars ^ repeat('"'))
                    & nonZeroBytes(chars ^ repeat('-')) & nonZeroBytes(chars ^ repeat('/'))
                    & nonZeroBytes(chars ^ repeat('$'))) & HIGH_BITS;
            for (; starts != 0; starts &= starts - 1) {
                int at = word + (Long.numberOfTrailingZeros(starts) >>> 3);
                if (at >= end) {
                    return true;
                }
                int i = chunk - 1 + at;
                char c = sql.charAt(i);
                if (c == '$' ? i + 1 == sql.length() || !SqlLexer.isDigit(sql.charAt(i + 1))
                        : c == '\'' || c == '"' || c == '-' || c == '/') {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Returns whether none of {@code [from, to)} can start a literal, quoted name, comment or dollar quote: for a short
     * stretch one look at each character costs less than the five searches to the end of the text of {@link #locate}.
     */
    private static boolean isPlain(String sql, int from, int to) {
        for (int pos = from; pos < to; pos++) {
            char c = sql.charAt(pos);
            if (c == '\'' || c == '"' || c == '-' || c == '/' || c == '$') {
                return false;
            }
        }
        return true;
    }

}
