package io.r2dbcrouting.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.r2dbcrouting.internal.StatementKind;

/**
 * The statements of {@code sql-corpus.sql} (next to this class): realistic PostgreSQL text in categories, each with
 * the {@link StatementKind} the classifier must give it. Immutable.
 * <p>
 * {@link #STATEMENTS} and {@link #UTF8_BYTES} repeat the size of the file as constants, because JMH's
 * {@code @OperationsPerInvocation} needs one; {@link #load()} fails when they are stale.
 */
public final class SqlCorpus {

    /** How many statements the corpus file holds. */
    public static final int STATEMENTS = 80;

    /** The UTF-8 size of all statements together, without the header lines and blank lines between them. */
    public static final int UTF8_BYTES = 12689;

    static final String RESOURCE = "sql-corpus.sql";

    private static final String HEADER = "--@";

    private final List<Entry> entries;

    private SqlCorpus(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * Reads the corpus from the class path.
     *
     * @return the corpus
     * @throws IllegalStateException if the file is missing, malformed, or its size differs from {@link #STATEMENTS}
     *                               and {@link #UTF8_BYTES}
     */
    public static SqlCorpus load() {
        SqlCorpus corpus = parse(readResource());
        if (corpus.size() != STATEMENTS || corpus.utf8Bytes() != UTF8_BYTES) {
            throw new IllegalStateException(RESOURCE + " holds " + corpus.size() + " statements of "
                    + corpus.utf8Bytes() + " UTF-8 bytes, but SqlCorpus says " + STATEMENTS + " statements of "
                    + UTF8_BYTES + " bytes: update SqlCorpus.STATEMENTS and SqlCorpus.UTF8_BYTES");
        }
        return corpus;
    }

    static String readResource() {
        try (InputStream in = SqlCorpus.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " not found next to " + SqlCorpus.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, ex);
        }
    }

    /**
     * Parses corpus text: header lines {@code --@ <id> <category> <kind>}, each followed by its statement.
     *
     * @throws IllegalStateException if a header is malformed, an id repeats or a statement is empty
     */
    static SqlCorpus parse(String text) {
        // line endings as on a checkout with autocrlf would differ; the byte count must not
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        List<Entry> entries = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        String[] header = null;
        int headerLine = 0;
        StringBuilder body = new StringBuilder();
        for (int i = 0; i <= lines.length; i++) {
            boolean end = i == lines.length;
            if (end || lines[i].startsWith(HEADER)) {
                if (header != null) {
                    entries.add(entry(header, headerLine, body.toString().strip(), ids));
                }
                if (!end) {
                    header = lines[i].substring(HEADER.length()).trim().split("\\s+");
                    headerLine = i + 1;
                    body.setLength(0);
                }
            }
            else if (header != null) {
                body.append(lines[i]).append('\n');
            }
        }
        if (entries.isEmpty()) {
            throw new IllegalStateException(RESOURCE + " holds no '" + HEADER + "' entry");
        }
        return new SqlCorpus(entries);
    }

    private static Entry entry(String[] header, int line, String sql, Set<String> ids) {
        if (header.length != 3) {
            throw new IllegalStateException(RESOURCE + " line " + line + ": header must be '" + HEADER
                    + " <id> <category> <kind>', was '" + HEADER + " " + String.join(" ", header) + "'");
        }
        if (!ids.add(header[0])) {
            throw new IllegalStateException(RESOURCE + " line " + line + ": id '" + header[0] + "' is used twice");
        }
        if (sql.isEmpty()) {
            throw new IllegalStateException(RESOURCE + " line " + line + ": entry '" + header[0] + "' has no SQL");
        }
        StatementKind kind;
        try {
            kind = StatementKind.valueOf(header[2].toUpperCase(Locale.ROOT));
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalStateException(RESOURCE + " line " + line + ": kind must be one of "
                    + List.of(StatementKind.values()) + ", was '" + header[2] + "'", ex);
        }
        return new Entry(header[0], header[1], kind, sql);
    }

    /**
     * The statements in file order.
     *
     * @return an unmodifiable list
     */
    public List<Entry> entries() {
        return this.entries;
    }

    /**
     * The categories in the order they first appear.
     *
     * @return an unmodifiable list
     */
    public List<String> categories() {
        Set<String> categories = new LinkedHashSet<>();
        for (Entry entry : this.entries) {
            categories.add(entry.category());
        }
        return List.copyOf(categories);
    }

    /**
     * The SQL text of every statement, in file order.
     *
     * @return a new array
     */
    public String[] statements() {
        return this.entries.stream().map(Entry::sql).toArray(String[]::new);
    }

    /**
     * The SQL text of the statements of one category, in file order.
     *
     * @param category a category of {@link #categories()}
     * @return a new, non-empty array
     * @throws IllegalArgumentException if no statement has that category
     */
    public String[] statements(String category) {
        String[] statements = this.entries.stream()
                .filter(entry -> entry.category().equals(category))
                .map(Entry::sql)
                .toArray(String[]::new);
        if (statements.length == 0) {
            throw new IllegalArgumentException(
                    "category must be one of " + categories() + ", was '" + category + "'");
        }
        return statements;
    }

    /**
     * The number of statements.
     *
     * @return at least 1
     */
    public int size() {
        return this.entries.size();
    }

    /**
     * The UTF-8 size of all statements.
     *
     * @return the sum of {@link Entry#utf8Bytes()}
     */
    public int utf8Bytes() {
        return this.entries.stream().mapToInt(Entry::utf8Bytes).sum();
    }

    /**
     * The UTF-16 length of all statements, which is what the classifier walks.
     *
     * @return the sum of the statements' {@link String#length()}
     */
    public int chars() {
        return this.entries.stream().mapToInt(entry -> entry.sql().length()).sum();
    }

    @Override
    public String toString() {
        return "SqlCorpus[" + size() + " statements in " + categories().size() + " categories, " + utf8Bytes()
                + " UTF-8 bytes, " + chars() + " chars]";
    }

    /**
     * One statement of the corpus.
     *
     * @param id           unique name, {@code <category>-<what>}
     * @param category     the group it is benchmarked in
     * @param expectedKind what {@code StatementClassifier.defaults()} must classify it as
     * @param sql          the statement text
     */
    public record Entry(String id, String category, StatementKind expectedKind, String sql) {

        /**
         * The statement's UTF-8 size.
         *
         * @return bytes
         */
        public int utf8Bytes() {
            return this.sql.getBytes(StandardCharsets.UTF_8).length;
        }

    }

}
