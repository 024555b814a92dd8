package io.r2dbcrouting.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The functions whose calls must run on the primary: the built-in ones that write, take locks, touch sequences or
 * the WAL, or fail on a standby, plus any a user adds. Matching compares the text in place, so it allocates nothing.
 * <p>
 * Built-in names and user names without a schema match in any schema. A user name with a schema ({@code audit.fn})
 * matches calls qualified with that schema and unqualified calls, because {@code search_path} may resolve those to
 * it, but not calls qualified with another schema. Quoted names ({@code "nextval"(…)}) match too, ignoring case:
 * PostgreSQL would look for the exact spelling, but sending such a call to the primary is the safe mistake.
 */
final class SqlFunctionNames {

    private static final String[] BUILT_IN_NAMES = {
            // sequences
            "nextval", "setval", "currval", "lastval",
            // notifications, settings, transaction ids
            "pg_notify", "set_config", "txid_current", "txid_current_if_assigned", "pg_current_xact_id",
            "pg_current_xact_id_if_assigned",
            // WAL, replication and server administration: these write or fail on a standby
            "pg_create_restore_point", "pg_switch_wal", "pg_create_logical_replication_slot",
            "pg_create_physical_replication_slot", "pg_drop_replication_slot", "pg_cancel_backend",
            "pg_terminate_backend", "pg_reload_conf", "pg_rotate_logfile", "pg_stat_reset", "pg_stat_statements_reset",
            "pg_logical_emit_message", "pg_replication_origin_create", "pg_current_wal_lsn",
            "pg_current_wal_insert_lsn", "pg_current_wal_flush_lsn",
            // remote writes
            "dblink_exec"};

    /** Whole families: advisory locks (pg_advisory_lock, pg_try_advisory_xact_lock_shared, …) and large objects. */
    private static final String[] BUILT_IN_PREFIXES = {"pg_advisory_", "pg_try_advisory_", "lo_"};

    /** The prefixes as bytes folded by {@code | 0x20}: see {@link #mayContainLowBytes}. */
    private static final byte[][] FOLDED_PREFIXES = folded(BUILT_IN_PREFIXES);

    private static final SqlFunctionNames BUILT_IN = new SqlFunctionNames(List.of());

    /** The names bucketed by the length of the function name, so a lookup compares only names that can match. */
    private final Name[][] namesByLength;

    /**
     * For each length of a name (the last entry for all longer ones), a bit for each ASCII character that a listed
     * name of that length may start with, in either case: bit {@code c & 63}, as {@code 1L << c} shifts. Most calls in
     * queries ({@code count}, {@code sum}, {@code coalesce}) fail this test, which is cheap enough to run inline on
     * every call; collisions of two characters on one bit only cost a full look-up.
     */
    private final long[] firstCharsByLength;

    /** Whether every function name is made of ASCII characters: see {@link #mayContainLowBytes}. */
    private final boolean allAscii;

    /** The names of {@link #namesByLength} as bytes folded by {@code | 0x20}: see {@link #mayContainLowBytes}. */
    private final byte[][][] foldedNamesByLength;

    private SqlFunctionNames(List<Name> extraNames) {
        List<Name> names = new ArrayList<>(extraNames);
        for (String builtIn : BUILT_IN_NAMES) {
            names.add(new Name(null, builtIn));
        }
        int maxLength = 0;
        for (Name name : names) {
            maxLength = Math.max(maxLength, name.function().length());
        }
        this.namesByLength = new Name[maxLength + 1][];
        for (int length = 0; length <= maxLength; length++) {
            int bucketLength = length;
            this.namesByLength[length] = names.stream()
                    .filter(name -> name.function().length() == bucketLength)
                    .toArray(Name[]::new);
        }
        this.firstCharsByLength = new long[maxLength + 2];
        for (Name name : names) {
            this.firstCharsByLength[name.function().length()] |= firstCharBits(name.function());
        }
        for (String prefix : BUILT_IN_PREFIXES) {
            for (int length = prefix.length(); length < this.firstCharsByLength.length; length++) {
                this.firstCharsByLength[length] |= firstCharBits(prefix);
            }
        }
        this.allAscii = names.stream().allMatch(name -> name.function().chars().allMatch(c -> c < 0x80));
        this.foldedNamesByLength = new byte[maxLength + 1][][];
        for (int length = 0; length <= maxLength; length++) {
            this.foldedNamesByLength[length] = folded(
                    Arrays.stream(this.namesByLength[length]).map(Name::function).toArray(String[]::new));
        }
    }

    private static byte[][] folded(String[] names) {
        byte[][] folded = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            folded[i] = new byte[names[i].length()];
            for (int c = 0; c < folded[i].length; c++) {
                folded[i][c] = (byte) (names[i].charAt(c) | 0x20);
            }
        }
        return folded;
    }

    private static long firstCharBits(String name) {
        char first = name.charAt(0);
        return 1L << first | 1L << Character.toUpperCase(first) | 1L << Character.toLowerCase(first);
    }

    /**
     * Returns the built-in side-effecting functions.
     */
    static SqlFunctionNames builtIn() {
        return BUILT_IN;
    }

    /**
     * Returns the built-in functions plus {@code qualifiedNames}, each {@code name} or {@code schema.name}.
     *
     * @throws IllegalArgumentException if the collection or a name is {@code null}, or a name is blank or not one or
     *                                  two unquoted identifiers joined by a dot
     */
    static SqlFunctionNames withExtra(@Nullable Collection<String> qualifiedNames) {
        if (qualifiedNames == null) {
            throw new IllegalArgumentException("extraFunctionNames must not be null");
        }
        List<Name> names = new ArrayList<>(qualifiedNames.size());
        for (String qualifiedName : qualifiedNames) {
            names.add(Name.parse(qualifiedName));
        }
        return new SqlFunctionNames(names);
    }

    /**
     * Returns whether a call of the name token {@code [nameStart, nameEnd)} must run on the primary.
     * {@code [qualifierStart, qualifierEnd)} is the schema token before it, or {@code qualifierStart} is {@code -1} if
     * the call is unqualified.
     */
    boolean contains(String sql, int qualifierStart, int qualifierEnd, int nameStart, int nameEnd) {
        return mayContain(sql, nameStart, nameEnd) && lookUp(sql, qualifierStart, qualifierEnd, nameStart, nameEnd);
    }

    /**
     * Returns {@code false} if the name token cannot be listed, judging by its first character and length alone.
     * Quoted and non-ASCII names always pass.
     */
    private boolean mayContain(String sql, int nameStart, int nameEnd) {
        return sql.charAt(nameStart) == '"' || mayContainWord(sql, nameStart, nameEnd);
    }

    /**
     * Returns {@code false} if a call of the word (an unquoted name) {@code [start, end)} cannot be one of these
     * functions, judging by its first character and length alone: most calls fail this test, which is cheap enough for
     * the classifier's fastest loop. Non-ASCII words always pass.
     */
    boolean mayContainWord(String sql, int start, int end) {
        char first = sql.charAt(start);
        return mayStartNameOfLength(first, end - start) || first >= 0x80;
    }

    /**
     * The filter both {@link #mayContainWord} and {@link #mayContainLowBytes} apply first: whether a listed name, or
     * a name a listed prefix starts, of that length may start with that character. Only the low 6 bits of
     * {@code first} count ({@code 1L << first}), as when the filter was built, which can only let more through.
     */
    private boolean mayStartNameOfLength(int first, int length) {
        return (this.firstCharsByLength[Math.min(length, this.firstCharsByLength.length - 1)] & 1L << first) != 0;
    }

    /**
     * Whether every function name is made of ASCII characters, so that a copy of the text holding only the low byte
     * of each character shows a listed name exactly where the text has one: see {@link #mayContainLowBytes}.
     */
    boolean isAllAscii() {
        return this.allAscii;
    }

    /**
     * Returns {@code false} if a call of the word (an unquoted name) whose characters have the low bytes
     * {@code copy[start, end)} cannot be one of these functions. Meant for names that are {@link #isAllAscii ASCII}:
     * each byte is then compared with the name's character folded by {@code | 0x20}, which takes an ASCII letter's two
     * cases together and may take some other byte along, so that the comparison may only fail where the texts differ.
     */
    boolean mayContainLowBytes(byte[] copy, int start, int end) {
        int length = end - start;
        if (!mayStartNameOfLength(copy[start], length)) {
            return false;
        }
        for (byte[] prefix : FOLDED_PREFIXES) {
            if (length >= prefix.length && mayStartWith(copy, start, prefix)) {
                return true;
            }
        }
        if (length >= foldedNamesByLength.length) {
            return false;
        }
        for (byte[] name : foldedNamesByLength[length]) {
            if (mayStartWith(copy, start, name)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code copy} may have the name whose bytes are {@code folded} at {@code start}, in any case. */
    private static boolean mayStartWith(byte[] copy, int start, byte[] folded) {
        for (int i = 0; i < folded.length; i++) {
            if ((copy[start + i] | 0x20) != folded[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean lookUp(String sql, int qualifierStart, int qualifierEnd, int nameStart, int nameEnd) {
        int start = textStart(sql, nameStart, nameEnd);
        int end = textEnd(sql, nameStart, nameEnd);
        for (String prefix : BUILT_IN_PREFIXES) {
            if (SqlLexer.startsWithIgnoreCase(sql, start, end, prefix)) {
                return true;
            }
        }
        if (end - start >= namesByLength.length) {
            return false;
        }
        for (Name name : namesByLength[end - start]) {
            if (SqlLexer.equalsIgnoreCase(sql, start, end, name.function())
                    && matchesSchema(name, sql, qualifierStart, qualifierEnd)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesSchema(Name name, String sql, int qualifierStart, int qualifierEnd) {
        String schema = name.schema();
        return schema == null || qualifierStart < 0 || SqlLexer.equalsIgnoreCase(sql,
                textStart(sql, qualifierStart, qualifierEnd), textEnd(sql, qualifierStart, qualifierEnd), schema);
    }

    /** The text of a name token: inside the quotes of a quoted identifier. */
    private static int textStart(String sql, int start, int end) {
        return SqlLexer.isQuotedName(sql, start, end) ? start + 1 : start;
    }

    private static int textEnd(String sql, int start, int end) {
        return SqlLexer.isQuotedName(sql, start, end) ? end - 1 : end;
    }

    /** A function name, limited to one schema or, with a {@code null} schema, matching in any. */
    private record Name(@Nullable String schema, String function) {

        static Name parse(@Nullable String qualifiedName) {
            if (qualifiedName == null) {
                throw new IllegalArgumentException("function name must not be null");
            }
            if (qualifiedName.isBlank()) {
                throw new IllegalArgumentException("function name must not be blank, was '" + qualifiedName + "'");
            }
            int dot = qualifiedName.indexOf('.');
            String schema = dot < 0 ? null : qualifiedName.substring(0, dot);
            String function = qualifiedName.substring(dot + 1);
            if (schema != null && !SqlLexer.isIdentifier(schema) || !SqlLexer.isIdentifier(function)) {
                throw new IllegalArgumentException("function name must be 'name' or 'schema.name' of unquoted "
                        + "identifiers, was '" + qualifiedName + "'");
            }
            return new Name(schema, function);
        }

    }

}
