package io.r2dbcrouting.internal;

import java.util.Arrays;
import java.util.Collection;

/**
 * Tells from SQL text (PostgreSQL dialect) what a statement means for routing: whether it may run on a replica or
 * must run on the primary, and whether it leaves state on the connection.
 * <p>
 * This is a lexer, not a parser. It skips whitespace, line comments, nested block comments, string literals
 * ({@code '…'}, {@code E'…'}, {@code U&'…'}, {@code $tag$…$tag$}) and quoted identifiers, so that words inside them
 * never count; it assumes {@code standard_conforming_strings = on}, PostgreSQL's default. It lets the first keyword
 * of each statement decide, and for queries scans every further token for what makes them write after all: a locking
 * clause ({@code FOR UPDATE}, {@code FOR NO KEY UPDATE}, {@code FOR SHARE}, {@code FOR KEY SHARE}),
 * {@code SELECT … INTO}, a data-modifying {@code WITH}, or a call of a side-effecting function such as
 * {@code nextval} or {@code pg_advisory_lock}. {@code EXPLAIN ANALYZE} is judged by the statement it runs,
 * {@code COPY} by its direction.
 * <p>
 * Text with several statements separated by {@code ;} gets the strongest kind among them (see
 * {@link StatementKind#strongest}): {@link StatementKind#WRITE} if any writes, then {@link StatementKind#UNKNOWN},
 * {@link StatementKind#SESSION_STATE}, {@link StatementKind#TRANSACTION_SETTING}, {@link StatementKind#READ}. Text with no statement at all (empty, only
 * comments or {@code ;}) is a read. Broken text (an unterminated literal or comment, garbage) never makes
 * {@link #classify} throw: it is classified by what was seen, or as {@link StatementKind#UNKNOWN}.
 * <p>
 * Functions that write are only visible to the classifier if they are listed: a call of a user-defined function that
 * writes is a {@link StatementKind#READ} unless it was added with {@link #withPrimaryFunctions(Collection)}.
 * <p>
 * Instances are immutable and thread-safe, and {@link #classify} allocates nothing. It runs on every statement the
 * router sees the first time, so it finds where each statement ends while classifying it, looks the first word of a
 * statement up in one hash map of all statement keywords (see {@link SqlKeywords}), and gives a query first to
 * {@link FlatQueryScan}, which tests 8 characters at a time without lexing and settles nearly all of them; the exact
 * scan here lexes only what that leaves. A statement decided by its first keywords needs its end only if more text
 * may follow: without a {@code ;} further on, it runs to the end of the text unlexed.
 */
public final class StatementClassifier {

    /** What the first keyword of a statement makes of it: the values of {@link #STATEMENT_KEYWORDS}. */
    private static final int QUERY = 1;

    private static final int WITH = 2;

    private static final int EXPLAIN = 3;

    private static final int COPY = 4;

    private static final int SET = 5;

    private static final int CREATE = 6;

    private static final int PREPARE = 7;

    private static final int SESSION_STATE = 8;

    private static final int WRITE = 9;

    /** The keywords that a statement may start with, mapped to what they make of it; any other word is unknown. */
    private static final SqlKeywords STATEMENT_KEYWORDS = SqlKeywords.of()
            .with(QUERY, "SELECT", "VALUES", "TABLE", "SHOW")
            .with(WITH, "WITH")
            .with(EXPLAIN, "EXPLAIN")
            .with(COPY, "COPY")
            .with(SET, "SET")
            .with(CREATE, "CREATE")
            .with(PREPARE, "PREPARE")
            // statements that leave state on the connection which later statements depend on
            .with(SESSION_STATE,
                    "RESET", "LISTEN", "UNLISTEN", "DEALLOCATE", "DECLARE", "FETCH", "MOVE", "CLOSE", "DISCARD", "LOAD")
            // statements that change data, schema or the server, and transaction control, which belongs to the primary
            .with(WRITE,
                    "INSERT", "UPDATE", "DELETE", "MERGE", "ALTER", "DROP", "TRUNCATE", "COMMENT", "GRANT", "REVOKE",
                    "REINDEX", "CLUSTER", "VACUUM", "ANALYZE", "ANALYSE", "REFRESH", "CALL", "DO", "LOCK", "NOTIFY",
                    "EXECUTE", "IMPORT", "SECURITY", "REASSIGN", "CHECKPOINT", "SAVEPOINT", "RELEASE",
                    "BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT");

    private static final SqlKeywords DATA_MODIFYING_KEYWORDS = SqlKeywords.of("INSERT", "UPDATE", "DELETE", "MERGE");

    /** What follows {@code SET} in settings that last until the end of the current transaction. */
    private static final SqlKeywords TRANSACTION_SCOPES = SqlKeywords.of("LOCAL", "TRANSACTION", "CONSTRAINTS");

    private static final SqlKeywords TEMPORARY = SqlKeywords.of("TEMP", "TEMPORARY");

    /**
     * The words that may follow {@code CREATE} before {@code TEMP}, each optional, in the order they may come: see
     * {@link #classifyCreate}.
     */
    private static final SqlKeywords CREATE_PREFIXES = SqlKeywords.of()
            .with(1, "OR")
            .with(2, "REPLACE")
            .with(3, "GLOBAL")
            .with(4, "LOCAL")
            .with(5, "TEMP", "TEMPORARY");

    private static final int CREATE_TEMPORARY = 5;

    /** The words after {@code FOR} in a locking clause: see {@link #startsLockingClause}. */
    private static final SqlKeywords LOCKING_WORDS = SqlKeywords.of()
            .with(1, "UPDATE")
            .with(2, "SHARE")
            .with(3, "NO")
            .with(4, "KEY");

    private static final int LOCK_UPDATE = 1;

    private static final int LOCK_SHARE = 2;

    private static final int LOCK_NO = 3;

    private static final int LOCK_KEY = 4;

    private static final SqlKeywords ANALYZE = SqlKeywords.of("ANALYZE", "ANALYSE");

    /** The options of {@code EXPLAIN} without parentheses: {@code EXPLAIN ANALYZE VERBOSE …}. */
    private static final SqlKeywords EXPLAIN_OPTIONS = SqlKeywords.of()
            .with(1, "ANALYZE", "ANALYSE")
            .with(2, "VERBOSE");

    private static final int EXPLAIN_ANALYZE = 1;

    /** The words that switch an EXPLAIN option off; so does the number {@code 0}. */
    private static final SqlKeywords FALSE = SqlKeywords.of("FALSE", "OFF");

    /** The words that make a query write: see {@link #isWritingKeyword}. */
    private static final long[] QUERY_WRITING_KEYWORD_STARTS = keywordStarts("FOR", "INTO");

    private static final long[] WITH_WRITING_KEYWORD_STARTS =
            keywordStarts("FOR", "INTO", "INSERT", "UPDATE", "DELETE", "MERGE");

    /** What {@link #nextKeyword} returns for no keyword: {@link SqlKeywords#ABSENT}, ending nowhere. */
    private static final long ABSENT_WORD = -1L << 32 | SqlKeywords.ABSENT;

    /** {@link StatementKind#values()} copies its array on every call; {@link #kindOf} must not allocate. */
    private static final StatementKind[] KINDS = StatementKind.values();

    private static final StatementClassifier DEFAULTS = new StatementClassifier(SqlFunctionNames.builtIn());

    private final SqlFunctionNames primaryFunctions;

    private StatementClassifier(SqlFunctionNames primaryFunctions) {
        this.primaryFunctions = primaryFunctions;
    }

    /**
     * Returns a classifier that knows the built-in side-effecting functions: sequence functions ({@code nextval},
     * {@code setval}, {@code currval}, {@code lastval}), advisory locks ({@code pg_advisory_*},
     * {@code pg_try_advisory_*}), large objects ({@code lo_*}), {@code pg_notify}, {@code set_config}, transaction ids,
     * and WAL, replication and administration functions that write or fail on a standby.
     *
     * @return the shared default classifier
     */
    public static StatementClassifier defaults() {
        return DEFAULTS;
    }

    /**
     * Returns a classifier that also treats calls of the given functions as writes. Names are matched ignoring case
     * and may carry a schema: {@code fn} matches {@code fn(…)} in any schema; {@code myschema.fn} matches
     * {@code myschema.fn(…)} and, since {@code search_path} may resolve it there, an unqualified {@code fn(…)}, but
     * not {@code otherschema.fn(…)}.
     *
     * @param extraFunctionNames function names, each {@code name} or {@code schema.name} of unquoted identifiers; the
     *                           collection is copied
     * @return a new classifier knowing the built-in functions and these
     * @throws IllegalArgumentException if {@code extraFunctionNames} or one of its names is {@code null}, or a name is
     *                                  blank or not of the form {@code name} or {@code schema.name}
     */
    public static StatementClassifier withPrimaryFunctions(Collection<String> extraFunctionNames) {
        return new StatementClassifier(SqlFunctionNames.withExtra(extraFunctionNames));
    }

    /**
     * Classifies SQL text, which may hold several statements separated by {@code ;}. Never throws for any text and
     * allocates nothing.
     *
     * @param sql the statement text
     * @return what the text does, the strongest kind if it holds several statements
     */
    public StatementKind classify(String sql) {
        long first = classifyStatement(sql, 0, false);
        if (endOf(first) >= sql.length()) {
            // one statement, the common case: its kind is the text's
            return kindOf(first);
        }
        StatementKind strongest = kindOf(first);
        // nothing outranks WRITE, so the statements after one need no look
        for (int start = endOf(first) + 1; start < sql.length() && strongest != StatementKind.WRITE; ) {
            long statement = classifyStatement(sql, start, false);
            strongest = StatementKind.strongest(strongest, kindOf(statement));
            start = endOf(statement) + 1;
        }
        return strongest;
    }

    /**
     * Classifies the statement starting at {@code from}, which runs to the next {@code ;} token or the end of the
     * text, and finds that end on the way, so that no statement is lexed twice. {@code nested} marks the statement
     * inside {@code EXPLAIN} or {@code COPY (…)}, which cannot be one of those again: refusing them keeps the
     * recursion one level deep.
     *
     * @return the kind and end of the statement, packed by {@link #statement}
     */
    private long classifyStatement(String sql, int from, boolean nested) {
        int start = SqlLexer.skipTrivia(sql, from);
        if (SqlLexer.isStatementEnd(sql, start)) {
            return statement(StatementKind.READ, start);
        }
        // a parenthesised query: (SELECT 1) UNION (SELECT 2)
        while (isChar(sql, start, '(')) {
            start = SqlLexer.skipTrivia(sql, start + 1);
        }
        if (SqlLexer.isStatementEnd(sql, start)) {
            return statement(StatementKind.UNKNOWN, start);
        }
        long word = STATEMENT_KEYWORDS.valueOfLetters(sql, start);
        int keyword = (int) word;
        int end = keyword != SqlKeywords.ABSENT ? (int) (word >>> 32) : SqlLexer.tokenEnd(sql, start);
        if (keyword == QUERY || keyword == WITH) {
            long statement = FlatQueryScan.scan(sql, end, keyword == WITH, primaryFunctions);
            return statement != FlatQueryScan.UNDECIDED ? statement : scanQuery(sql, end, keyword == WITH);
        }
        if (keyword == EXPLAIN && !nested) {
            return classifyExplain(sql, end);
        }
        if (keyword == COPY && !nested) {
            return classifyCopy(sql, end);
        }
        return statementDecidedBy(sql, classifyCommand(sql, keyword, end), end);
    }

    /** Classifies a statement that is no query by its first keyword, which ends at {@code end}, and the few after it. */
    private static StatementKind classifyCommand(String sql, int keyword, int end) {
        switch (keyword) {
            case SET:
                return nextIsAnyKeyword(sql, end, TRANSACTION_SCOPES)
                        ? StatementKind.TRANSACTION_SETTING : StatementKind.SESSION_STATE;
            case CREATE:
                return classifyCreate(sql, end);
            case PREPARE:
                // PREPARE TRANSACTION is two-phase commit; PREPARE name AS … a prepared statement of this connection
                return keywordEnd(sql, end, "TRANSACTION") >= 0 ? StatementKind.WRITE : StatementKind.SESSION_STATE;
            case SESSION_STATE:
                return StatementKind.SESSION_STATE;
            case WRITE:
                return StatementKind.WRITE;
            default:
                // a word that starts no statement, or EXPLAIN or COPY inside EXPLAIN or COPY
                return StatementKind.UNKNOWN;
        }
    }

    /**
     * Scans a query from {@code pos} to the end of its statement for what makes it write after all: a locking clause,
     * {@code INTO}, a call of a primary function or, when {@code dataModifying} is checked, an {@code INSERT},
     * {@code UPDATE}, {@code DELETE} or {@code MERGE} anywhere (in {@code WITH}; PostgreSQL allows data-modifying
     * statements at its top level only).
     *
     * @return {@link StatementKind#WRITE} as soon as one turns up, else {@link StatementKind#READ} and the end of the
     *         statement, packed by {@link #statement}
     */
    private long scanQuery(String sql, int pos, boolean dataModifying) {
        long[] keywordStarts = dataModifying ? WITH_WRITING_KEYWORD_STARTS : QUERY_WRITING_KEYWORD_STARTS;
        // the name token before the '.' in front of the current token: the schema of a qualified call
        int qualifierStart = -1;
        int qualifierEnd = -1;
        // SELECT … INTO TEMP creates a table that lives as long as the connection, and writes nothing else
        boolean temporaryTable = false;
        int start = pos;
        while (true) {
            if (qualifierStart < 0) {
                start = skipInertTokens(sql, start, keywordStarts);
            }
            start = SqlLexer.skipTrivia(sql, start);
            if (SqlLexer.isStatementEnd(sql, start)) {
                return statement(temporaryTable ? StatementKind.SESSION_STATE : StatementKind.READ, start);
            }
            boolean word = SqlLexer.isWord(sql, start);
            int end = word ? SqlLexer.wordEnd(sql, start) : SqlLexer.nonWordTokenEnd(sql, start);
            if (word || SqlLexer.isQuotedName(sql, start, end)) {
                int next = SqlLexer.skipTrivia(sql, end);
                char after = next < sql.length() ? sql.charAt(next) : 0;
                if (after == '(' && primaryFunctions.contains(sql, qualifierStart, qualifierEnd, start, end)) {
                    return statement(StatementKind.WRITE, sql.length());
                }
                // keywords are words; after a '.' a word is a column or function name (t.update), not a keyword
                if (word && qualifierStart < 0 && isWritingKeyword(sql, start, end, dataModifying)) {
                    if (!intoTemporaryTable(sql, start, end)) {
                        return statement(StatementKind.WRITE, sql.length());
                    }
                    temporaryTable = true;
                }
                if (after == '.') {
                    qualifierStart = start;
                    qualifierEnd = end;
                    start = next + 1;
                    continue;
                }
                end = next;
            }
            qualifierStart = -1;
            start = end;
        }
    }

    /**
     * Skips from {@code pos} the tokens that cannot make a query write, and returns where the first one that may
     * starts, or the length of the text. Most tokens of a query are such: whitespace, punctuation, numbers, bind
     * markers, and (qualified) names that are neither possibly one of the writing keywords (judged by length and first
     * letter, see {@link #keywordStarts}) nor called as a function that may be listed (see
     * {@link SqlFunctionNames#mayContainWord}). It leaves comments, literals, quoted names, {@code ;} and any other
     * unusual token to the exact scan of {@link #scanQuery}, and then returns the start of the name such a token
     * follows, if any, rather than the token itself: a comment may hide the {@code (} of a call or the {@code .} before
     * a qualified name, and the exact scan needs the whole name. So it never returns inside a qualified name, and the
     * exact scan resumes with no qualifier.
     * <p>
     * This loop sees most characters of a query, once each. It calls only small methods, which the JIT inlines: a call
     * left in a loop this hot makes the JIT save and reload its state around it, which costs more than the rest of the
     * work per token.
     */
    private int skipInertTokens(String sql, int pos, long[] keywordStarts) {
        // where the name (a, a.b, …) of the last tokens starts, or -1 if they form none
        int name = -1;
        // the last word of that name
        int wordStart = -1;
        int wordEnd = -1;
        // the last token (whitespace aside) was a word of that name: a '(' calls it and a '.' qualifies the next word
        boolean afterWord = false;
        // the last token was the '.' after a word: the next word continues the name and cannot be a keyword
        boolean qualified = false;
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            if (SqlLexer.isWord(sql, pos)) {
                wordStart = pos;
                wordEnd = SqlLexer.wordEnd(sql, pos);
                if (!qualified) {
                    if (mayBeKeyword(sql, wordStart, wordEnd, keywordStarts)) {
                        return wordStart;
                    }
                    name = wordStart;
                }
                afterWord = true;
                qualified = false;
                pos = wordEnd;
            } else if (SqlLexer.isWhitespace(c)) {
                pos++;
            } else if (afterWord && c == '.') {
                afterWord = false;
                qualified = true;
                pos++;
            } else if (afterWord && c == '(' && primaryFunctions.mayContainWord(sql, wordStart, wordEnd)) {
                return name;
            } else if (SqlLexer.isPunctuation(c) || SqlLexer.isDigit(c) || SqlLexer.isBindMarker(sql, pos)) {
                name = -1;
                afterWord = false;
                qualified = false;
                // a number takes letters (1e5), a bind marker ($1) only digits
                pos = SqlLexer.isPunctuation(c) ? pos + 1
                        : SqlLexer.isDigit(c) ? SqlLexer.wordEnd(sql, pos) : SqlLexer.digitsEnd(sql, pos + 1);
            } else {
                return name >= 0 ? name : pos;
            }
        }
        return sql.length();
    }

    /**
     * Returns whether the word {@code [start, end)} has the length and first letter of one of the keywords that
     * {@code keywordStarts} was made of.
     */
    private static boolean mayBeKeyword(String sql, int start, int end, long[] keywordStarts) {
        int length = end - start;
        return length < keywordStarts.length && (keywordStarts[length] & 1L << sql.charAt(start)) != 0;
    }

    /**
     * For each length, a bit ({@code 1L << c}, which takes {@code c & 63}) for each first letter, in either case, of
     * the given keywords of that length.
     */
    private static long[] keywordStarts(String... keywords) {
        long[] starts = new long[Arrays.stream(keywords).mapToInt(String::length).max().orElse(0) + 1];
        for (String keyword : keywords) {
            char first = keyword.charAt(0);
            starts[keyword.length()] |= 1L << Character.toUpperCase(first) | 1L << Character.toLowerCase(first);
        }
        return starts;
    }

    /**
     * Returns whether the name {@code [start, end)} is a keyword that makes a query write. Quoted names never are, and
     * only words as long as one of the keywords are compared, which spares most identifiers any comparison.
     */
    private static boolean isWritingKeyword(String sql, int start, int end, boolean dataModifying) {
        switch (end - start) {
            case 3:
                return isKeyword(sql, start, end, "FOR") && startsLockingClause(sql, end);
            case 4:
                return isKeyword(sql, start, end, "INTO");
            case 5:
            case 6:
                return dataModifying && isDataModifyingKeyword(sql, start, end);
            default:
                return false;
        }
    }

    /** Returns whether the word {@code [start, end)} is {@code INSERT}, {@code UPDATE}, {@code DELETE} or {@code MERGE}. */
    static boolean isDataModifyingKeyword(String sql, int start, int end) {
        return DATA_MODIFYING_KEYWORDS.contains(sql, start, end);
    }

    /** Returns whether the word {@code [start, end)} is the {@code INTO} of {@code INTO TEMP} or {@code INTO TEMPORARY}. */
    static boolean intoTemporaryTable(String sql, int start, int end) {
        return isKeyword(sql, start, end, "INTO") && nextIsAnyKeyword(sql, end, TEMPORARY);
    }

    /** Returns whether the words after {@code FOR} make it a locking clause rather than, say, substring's FOR. */
    static boolean startsLockingClause(String sql, int pos) {
        // each word is read once and looked up among all four: UPDATE, SHARE, NO KEY UPDATE, KEY SHARE
        long word = nextKeyword(sql, pos, LOCKING_WORDS);
        int first = valueOf(word);
        if (first == LOCK_UPDATE || first == LOCK_SHARE) {
            return true;
        }
        if (first != LOCK_NO && first != LOCK_KEY) {
            return false;
        }
        word = nextKeyword(sql, endOf(word), LOCKING_WORDS);
        if (first == LOCK_KEY) {
            return valueOf(word) == LOCK_SHARE;
        }
        return valueOf(word) == LOCK_KEY && valueOf(nextKeyword(sql, endOf(word), LOCKING_WORDS)) == LOCK_UPDATE;
    }

    /**
     * {@code EXPLAIN} only plans, so it reads, unless {@code ANALYZE} runs the statement: then the statement decides.
     * Both option syntaxes count: {@code EXPLAIN ANALYZE VERBOSE …} and {@code EXPLAIN (ANALYZE true, …) …}.
     */
    private long classifyExplain(String sql, int pos) {
        boolean analyze = false;
        int start = SqlLexer.skipTrivia(sql, pos);
        if (isChar(sql, start, '(')) {
            start = SqlLexer.skipTrivia(sql, start + 1);
            while (!SqlLexer.isStatementEnd(sql, start) && sql.charAt(start) != ')') {
                int end = SqlLexer.tokenEnd(sql, start);
                if (ANALYZE.contains(sql, start, end)) {
                    analyze = !nextIsFalse(sql, end);
                }
                start = SqlLexer.skipTrivia(sql, end);
            }
            if (!SqlLexer.isStatementEnd(sql, start)) {
                start = SqlLexer.skipTrivia(sql, start + 1);
            }
        } else {
            while (!SqlLexer.isStatementEnd(sql, start)) {
                long word = EXPLAIN_OPTIONS.valueOfLetters(sql, start);
                if (valueOf(word) == SqlKeywords.ABSENT) {
                    break;
                }
                analyze |= valueOf(word) == EXPLAIN_ANALYZE;
                start = SqlLexer.skipTrivia(sql, endOf(word));
            }
        }
        return analyze
                ? readOrWrite(classifyStatement(sql, start, true))
                : statementDecidedBy(sql, StatementKind.READ, start);
    }

    /**
     * {@code COPY table FROM …} writes and {@code COPY table TO …} reads; {@code COPY (query) TO …} is judged by its
     * query, which may be {@code INSERT … RETURNING}.
     */
    private long classifyCopy(String sql, int pos) {
        int start = SqlLexer.skipTrivia(sql, pos);
        if (isChar(sql, start, '(')) {
            return readOrWrite(classifyStatement(sql, start + 1, true));
        }
        // column names cannot be FROM or TO unquoted (both are reserved), so the first one is the direction
        while (!SqlLexer.isStatementEnd(sql, start)) {
            int end = SqlLexer.tokenEnd(sql, start);
            if (isKeyword(sql, start, end, "FROM")) {
                return statementDecidedBy(sql, StatementKind.WRITE, end);
            }
            if (isKeyword(sql, start, end, "TO")) {
                return statementDecidedBy(sql, StatementKind.READ, end);
            }
            start = SqlLexer.skipTrivia(sql, end);
        }
        return statement(StatementKind.UNKNOWN, start);
    }

    /** Temporary objects live as long as the connection: {@code CREATE [OR REPLACE] [GLOBAL|LOCAL] TEMP …}. */
    private static StatementKind classifyCreate(String sql, int pos) {
        // each word is read once: OR, REPLACE, GLOBAL and LOCAL may each come once, in that order, before TEMP
        int passed = 0;
        long word = nextKeyword(sql, pos, CREATE_PREFIXES);
        while (valueOf(word) > passed && valueOf(word) < CREATE_TEMPORARY) {
            passed = valueOf(word);
            word = nextKeyword(sql, endOf(word), CREATE_PREFIXES);
        }
        return valueOf(word) == CREATE_TEMPORARY ? StatementKind.SESSION_STATE : StatementKind.WRITE;
    }

    /**
     * The statement run by EXPLAIN ANALYZE or COPY (…) executes once and leaves nothing behind but what it wrote, or
     * the temporary table it created ({@code EXPLAIN ANALYZE CREATE TEMP TABLE … AS}), which is session state.
     */
    private static long readOrWrite(long statement) {
        StatementKind kind = kindOf(statement);
        return kind == StatementKind.READ || kind == StatementKind.SESSION_STATE ? statement
                : statement(StatementKind.WRITE, endOf(statement));
    }

    /**
     * Returns {@code kind} for a statement whose kind is known before its end, which must then still be found from
     * {@code pos}, a position between tokens. A write ends classification, so its end is never looked for.
     */
    private static long statementDecidedBy(String sql, StatementKind kind, int pos) {
        return statement(kind, kind == StatementKind.WRITE ? sql.length() : SqlLexer.statementEnd(sql, pos));
    }

    /**
     * Packs what classifying a statement found: its kind and its end (the position of its {@code ;}, or the length of
     * the text). Returning both in a {@code long} rather than an object keeps {@link #classify} free of allocation.
     */
    static long statement(StatementKind kind, int end) {
        return (long) end << 32 | kind.ordinal();
    }

    private static StatementKind kindOf(long statement) {
        return KINDS[(int) statement];
    }

    private static int endOf(long statement) {
        return (int) (statement >>> 32);
    }

    /**
     * Returns the end of the token after {@code pos} if it is {@code keyword}, else {@code -1}. A negative {@code pos}
     * gives {@code -1}, so that calls chain to match a sequence of keywords.
     */
    private static int keywordEnd(String sql, int pos, String keyword) {
        if (pos < 0) {
            return -1;
        }
        int start = SqlLexer.skipTrivia(sql, pos);
        if (start >= sql.length()) {
            return -1;
        }
        int end = SqlLexer.tokenEnd(sql, start);
        return isKeyword(sql, start, end, keyword) ? end : -1;
    }

    /**
     * Looks the token after {@code pos} up in {@code keywords}, reading it once: returns its value, or
     * {@link SqlKeywords#ABSENT} if it is no keyword there, packed with its end as {@link SqlKeywords#valueOfLetters}
     * packs them. The end of a token that is no keyword is not found ({@code -1}), and a chained look from it finds
     * nothing.
     */
    private static long nextKeyword(String sql, int pos, SqlKeywords keywords) {
        if (pos < 0) {
            return ABSENT_WORD;
        }
        int start = SqlLexer.skipTrivia(sql, pos);
        return start < sql.length() ? keywords.valueOfLetters(sql, start) : ABSENT_WORD;
    }

    private static int valueOf(long word) {
        return (int) word;
    }

    private static boolean nextIsAnyKeyword(String sql, int pos, SqlKeywords keywords) {
        return valueOf(nextKeyword(sql, pos, keywords)) != SqlKeywords.ABSENT;
    }

    private static boolean nextIsFalse(String sql, int pos) {
        int start = SqlLexer.skipTrivia(sql, pos);
        return start < sql.length()
                && (isKeyword(sql, start, SqlLexer.tokenEnd(sql, start), "0") || nextIsAnyKeyword(sql, start, FALSE));
    }

    private static boolean isKeyword(String sql, int start, int end, String keyword) {
        return SqlLexer.equalsIgnoreCase(sql, start, end, keyword);
    }

    private static boolean isChar(String sql, int pos, char c) {
        return pos < sql.length() && sql.charAt(pos) == c;
    }

}
