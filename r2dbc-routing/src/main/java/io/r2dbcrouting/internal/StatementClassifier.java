package io.r2dbcrouting.internal;

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
 * Instances are immutable and thread-safe, and {@link #classify} allocates nothing.
 */
public final class StatementClassifier {

    private static final String[] QUERY_KEYWORDS = {"SELECT", "VALUES", "TABLE", "SHOW"};

    private static final String[] DATA_MODIFYING_KEYWORDS = {"INSERT", "UPDATE", "DELETE", "MERGE"};

    /** Statements that leave state on the connection which later statements depend on. */
    private static final String[] SESSION_STATE_KEYWORDS = {
            "RESET", "LISTEN", "UNLISTEN", "DEALLOCATE", "DECLARE", "FETCH", "MOVE", "CLOSE", "DISCARD", "LOAD"};

    /** Statements that change data, schema or the server, and transaction control, which belongs to the primary. */
    private static final String[] WRITE_KEYWORDS = {
            "INSERT", "UPDATE", "DELETE", "MERGE", "ALTER", "DROP", "TRUNCATE", "COMMENT", "GRANT", "REVOKE",
            "REINDEX", "CLUSTER", "VACUUM", "ANALYZE", "ANALYSE", "REFRESH", "CALL", "DO", "LOCK", "NOTIFY",
            "EXECUTE", "IMPORT", "SECURITY", "REASSIGN", "CHECKPOINT", "SAVEPOINT", "RELEASE",
            "BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT"};

    /** What follows {@code SET} in settings that last until the end of the current transaction. */
    private static final String[] TRANSACTION_SCOPES = {"LOCAL", "TRANSACTION", "CONSTRAINTS"};

    private static final String[] TEMPORARY = {"TEMP", "TEMPORARY"};

    private static final String[] ANALYZE = {"ANALYZE", "ANALYSE"};

    /** The values that switch an EXPLAIN option off. */
    private static final String[] FALSE = {"FALSE", "OFF", "0"};

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
        StatementKind strongest = StatementKind.READ;
        // nothing outranks WRITE, so the statements after one need no look
        for (int start = 0; start < sql.length() && strongest != StatementKind.WRITE; ) {
            int end = SqlLexer.statementEnd(sql, start);
            strongest = StatementKind.strongest(strongest, classifyStatement(sql, start, end, false));
            start = end + 1;
        }
        return strongest;
    }

    /**
     * Classifies the statement in {@code [from, to)}. {@code nested} marks the statement inside {@code EXPLAIN} or
     * {@code COPY (…)}, which cannot be one of those again: refusing them keeps the recursion one level deep.
     */
    private StatementKind classifyStatement(String sql, int from, int to, boolean nested) {
        int start = SqlLexer.skipTrivia(sql, from);
        if (start >= to) {
            return StatementKind.READ;
        }
        // a parenthesised query: (SELECT 1) UNION (SELECT 2)
        while (start < to && sql.charAt(start) == '(') {
            start = SqlLexer.skipTrivia(sql, start + 1);
        }
        if (start >= to) {
            return StatementKind.UNKNOWN;
        }
        int end = SqlLexer.tokenEnd(sql, start);
        if (isAnyKeyword(sql, start, end, QUERY_KEYWORDS)) {
            return writes(sql, end, to, false) ? StatementKind.WRITE : StatementKind.READ;
        }
        if (isKeyword(sql, start, end, "WITH")) {
            return writes(sql, end, to, true) ? StatementKind.WRITE : StatementKind.READ;
        }
        if (!nested && isKeyword(sql, start, end, "EXPLAIN")) {
            return classifyExplain(sql, end, to);
        }
        if (!nested && isKeyword(sql, start, end, "COPY")) {
            return classifyCopy(sql, end, to);
        }
        if (isKeyword(sql, start, end, "SET")) {
            return nextIsAnyKeyword(sql, end, to, TRANSACTION_SCOPES)
                    ? StatementKind.TRANSACTION_SETTING : StatementKind.SESSION_STATE;
        }
        if (isKeyword(sql, start, end, "CREATE")) {
            return classifyCreate(sql, end, to);
        }
        if (isKeyword(sql, start, end, "PREPARE")) {
            // PREPARE TRANSACTION is two-phase commit; PREPARE name AS … a prepared statement of this connection
            return keywordEnd(sql, end, to, "TRANSACTION") >= 0 ? StatementKind.WRITE : StatementKind.SESSION_STATE;
        }
        if (isAnyKeyword(sql, start, end, SESSION_STATE_KEYWORDS)) {
            return StatementKind.SESSION_STATE;
        }
        return isAnyKeyword(sql, start, end, WRITE_KEYWORDS) ? StatementKind.WRITE : StatementKind.UNKNOWN;
    }

    /**
     * Returns whether a query in {@code [pos, to)} writes after all: a locking clause, {@code INTO}, a call of a
     * primary function or, when {@code dataModifying} is checked, an {@code INSERT}, {@code UPDATE}, {@code DELETE} or
     * {@code MERGE} anywhere (in {@code WITH}; PostgreSQL allows data-modifying statements at its top level only).
     */
    private boolean writes(String sql, int pos, int to, boolean dataModifying) {
        // the name token before the '.' in front of the current token: the schema of a qualified call
        int qualifierStart = -1;
        int qualifierEnd = -1;
        int start = SqlLexer.skipTrivia(sql, pos);
        while (start < to) {
            int end = SqlLexer.tokenEnd(sql, start);
            int next = SqlLexer.skipTrivia(sql, end);
            if (SqlLexer.isName(sql, start, end)) {
                if (isChar(sql, next, to, '(')
                        && primaryFunctions.contains(sql, qualifierStart, qualifierEnd, start, end)) {
                    return true;
                }
                // after a '.' a word is a column or function name (t.update), not a keyword
                if (qualifierStart < 0 && isWritingKeyword(sql, start, end, to, dataModifying)) {
                    return true;
                }
                if (isChar(sql, next, to, '.')) {
                    qualifierStart = start;
                    qualifierEnd = end;
                    start = SqlLexer.skipTrivia(sql, next + 1);
                    continue;
                }
            }
            qualifierStart = -1;
            start = next;
        }
        return false;
    }

    private static boolean isWritingKeyword(String sql, int start, int end, int to, boolean dataModifying) {
        return isKeyword(sql, start, end, "INTO")
                || isKeyword(sql, start, end, "FOR") && startsLockingClause(sql, end, to)
                || dataModifying && isAnyKeyword(sql, start, end, DATA_MODIFYING_KEYWORDS);
    }

    /** Returns whether the words after {@code FOR} make it a locking clause rather than, say, substring's FOR. */
    private static boolean startsLockingClause(String sql, int pos, int to) {
        return keywordEnd(sql, pos, to, "UPDATE") >= 0
                || keywordEnd(sql, pos, to, "SHARE") >= 0
                || keywordEnd(sql, keywordEnd(sql, keywordEnd(sql, pos, to, "NO"), to, "KEY"), to, "UPDATE") >= 0
                || keywordEnd(sql, keywordEnd(sql, pos, to, "KEY"), to, "SHARE") >= 0;
    }

    /**
     * {@code EXPLAIN} only plans, so it reads, unless {@code ANALYZE} runs the statement: then the statement decides.
     * Both option syntaxes count: {@code EXPLAIN ANALYZE VERBOSE …} and {@code EXPLAIN (ANALYZE true, …) …}.
     */
    private StatementKind classifyExplain(String sql, int pos, int to) {
        boolean analyze = false;
        int start = SqlLexer.skipTrivia(sql, pos);
        if (isChar(sql, start, to, '(')) {
            start = SqlLexer.skipTrivia(sql, start + 1);
            while (start < to && sql.charAt(start) != ')') {
                int end = SqlLexer.tokenEnd(sql, start);
                if (isAnyKeyword(sql, start, end, ANALYZE)) {
                    analyze = !nextIsAnyKeyword(sql, end, to, FALSE);
                }
                start = SqlLexer.skipTrivia(sql, end);
            }
            if (start < to) {
                start = SqlLexer.skipTrivia(sql, start + 1);
            }
        } else {
            while (start < to) {
                int end = SqlLexer.tokenEnd(sql, start);
                if (isAnyKeyword(sql, start, end, ANALYZE)) {
                    analyze = true;
                } else if (!isKeyword(sql, start, end, "VERBOSE")) {
                    break;
                }
                start = SqlLexer.skipTrivia(sql, end);
            }
        }
        return analyze ? readOrWrite(classifyStatement(sql, start, to, true)) : StatementKind.READ;
    }

    /**
     * {@code COPY table FROM …} writes and {@code COPY table TO …} reads; {@code COPY (query) TO …} is judged by its
     * query, which may be {@code INSERT … RETURNING}.
     */
    private StatementKind classifyCopy(String sql, int pos, int to) {
        int start = SqlLexer.skipTrivia(sql, pos);
        if (isChar(sql, start, to, '(')) {
            return readOrWrite(classifyStatement(sql, start + 1, to, true));
        }
        // column names cannot be FROM or TO unquoted (both are reserved), so the first one is the direction
        while (start < to) {
            int end = SqlLexer.tokenEnd(sql, start);
            if (isKeyword(sql, start, end, "FROM")) {
                return StatementKind.WRITE;
            }
            if (isKeyword(sql, start, end, "TO")) {
                return StatementKind.READ;
            }
            start = SqlLexer.skipTrivia(sql, end);
        }
        return StatementKind.UNKNOWN;
    }

    /** Temporary objects live as long as the connection: {@code CREATE [OR REPLACE] [GLOBAL|LOCAL] TEMP …}. */
    private static StatementKind classifyCreate(String sql, int pos, int to) {
        int start = skipOptionalKeyword(sql, skipOptionalKeyword(sql, pos, to, "OR"), to, "REPLACE");
        start = skipOptionalKeyword(sql, skipOptionalKeyword(sql, start, to, "GLOBAL"), to, "LOCAL");
        return nextIsAnyKeyword(sql, start, to, TEMPORARY) ? StatementKind.SESSION_STATE : StatementKind.WRITE;
    }

    /** The statement run by EXPLAIN ANALYZE or COPY (…) executes once and leaves nothing behind but what it wrote. */
    private static StatementKind readOrWrite(StatementKind kind) {
        return kind == StatementKind.READ ? StatementKind.READ : StatementKind.WRITE;
    }

    /**
     * Returns the end of the token after {@code pos} if it is {@code keyword}, else {@code -1}. A negative {@code pos}
     * gives {@code -1}, so that calls chain to match a sequence of keywords.
     */
    private static int keywordEnd(String sql, int pos, int to, String keyword) {
        if (pos < 0) {
            return -1;
        }
        int start = SqlLexer.skipTrivia(sql, pos);
        if (start >= to) {
            return -1;
        }
        int end = SqlLexer.tokenEnd(sql, start);
        return isKeyword(sql, start, end, keyword) ? end : -1;
    }

    private static int skipOptionalKeyword(String sql, int pos, int to, String keyword) {
        return Math.max(pos, keywordEnd(sql, pos, to, keyword));
    }

    private static boolean nextIsAnyKeyword(String sql, int pos, int to, String[] keywords) {
        int start = SqlLexer.skipTrivia(sql, pos);
        return start < to && isAnyKeyword(sql, start, SqlLexer.tokenEnd(sql, start), keywords);
    }

    private static boolean isAnyKeyword(String sql, int start, int end, String[] keywords) {
        for (String keyword : keywords) {
            if (isKeyword(sql, start, end, keyword)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isKeyword(String sql, int start, int end, String keyword) {
        return SqlLexer.equalsIgnoreCase(sql, start, end, keyword);
    }

    private static boolean isChar(String sql, int pos, int to, char c) {
        return pos < to && sql.charAt(pos) == c;
    }

}
