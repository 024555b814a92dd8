package io.r2dbcrouting.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

import io.r2dbcrouting.internal.reference.ReferenceStatementClassifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Checks that {@link StatementClassifier} answers exactly as {@link ReferenceStatementClassifier}, the frozen
 * classifier from before its optimisation, for the inputs of {@link StatementClassifierUnitTests}, the benchmark
 * corpus, mutations of both, and a few hundred thousand generated texts. The generator favours what the lexer and the
 * classifier branch on: keywords in any case, names that are or resemble side-effecting functions, qualified names,
 * every kind of literal, comment and quoted identifier, terminated or not, and every kind of whitespace.
 * <p>
 * The texts are drawn from a seeded {@link Random}; a failure names the seed, and
 * {@code -Dclassifier.differential.seed=…} replays it.
 */
class StatementClassifierDifferentialUnitTests {

    private static final long SEED = Long.getLong("classifier.differential.seed", 20261122L);

    private static final int GENERATED_TEXTS = 300_000;

    private static final Path CORPUS =
            Path.of("../benchmarks/src/main/resources/io/r2dbcrouting/benchmarks/sql-corpus.sql");

    /** Added functions of every form: unqualified, qualified, mixed case, non-ASCII, with {@code $}. */
    private static final List<String> EXTRA_FUNCTIONS =
            List.of("audit.log_access", "bump_counter", "ñu", "Ab", "s1.Fn", "x", "_f$1", "S1.Größe", "sel.for");

    private static final String[] KEYWORDS = {"SELECT", "VALUES", "TABLE", "SHOW", "WITH", "RECURSIVE", "EXPLAIN",
            "ANALYZE", "ANALYSE", "VERBOSE", "COPY", "FROM", "TO", "STDIN", "STDOUT", "SET", "LOCAL", "SESSION",
            "TRANSACTION", "CONSTRAINTS", "CREATE", "OR", "REPLACE", "GLOBAL", "TEMP", "TEMPORARY", "TABLE",
            "PREPARE", "RESET", "LISTEN", "UNLISTEN", "DEALLOCATE", "DECLARE", "FETCH", "MOVE", "CLOSE", "DISCARD",
            "LOAD", "INSERT", "UPDATE", "DELETE", "MERGE", "ALTER", "DROP", "TRUNCATE", "COMMENT", "GRANT", "REVOKE",
            "REINDEX", "CLUSTER", "VACUUM", "REFRESH", "CALL", "DO", "LOCK", "NOTIFY", "EXECUTE", "IMPORT", "SECURITY",
            "REASSIGN", "CHECKPOINT", "SAVEPOINT", "RELEASE", "BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT",
            "FOR", "SHARE", "NO", "KEY", "INTO", "FALSE", "OFF", "TRUE", "ON", "0", "1", "AS", "WHERE", "AND", "E",
            "U", "UESCAPE", "NOWAIT", "SKIP", "LOCKED", "OF", "INTO", "FORM", "FORE", "INTA", "SELECTED", "UPSERT",
            "DELETED", "MERGED", "SETS", "COPYING", "EXPLAINS", "WITHIN", "F", "I", "IN", "ANALYZED", "TEMPS"};

    private static final String[] FUNCTIONS = {"nextval", "setval", "currval", "lastval", "pg_notify", "set_config",
            "txid_current", "txid_current_if_assigned", "pg_current_xact_id", "pg_current_xact_id_if_assigned",
            "pg_create_restore_point", "pg_switch_wal", "pg_create_logical_replication_slot",
            "pg_create_physical_replication_slot", "pg_drop_replication_slot", "pg_cancel_backend",
            "pg_terminate_backend", "pg_reload_conf", "pg_rotate_logfile", "pg_stat_reset", "pg_stat_statements_reset",
            "pg_logical_emit_message", "pg_replication_origin_create", "pg_current_wal_lsn",
            "pg_current_wal_insert_lsn", "pg_current_wal_flush_lsn", "dblink_exec", "pg_advisory_lock",
            "pg_advisory_", "pg_try_advisory_xact_lock_shared", "pg_try_advisory_", "lo_", "lo_import", "lo",
            "pg_advisory", "nextvals", "nextva", "count", "sum", "coalesce", "now", "lower", "log_access",
            "bump_counter", "bump_counter_total", "ñu", "ÑU", "ab", "fn", "x", "_f$1", "größe", "GRÖSSE", "for",
            "substring", "overlay", "currval2", "setvaL", "Lastval", "pg_notify_", "dblink_exe"};

    private static final String[] SCHEMAS = {"audit", "AUDIT", "other", "s1", "S1", "s2", "pg_catalog", "public", "a",
            "sel", "x", "\"audit\"", "\"s1\"", "\"Other\"", "t"};

    private static final String[] IDENTIFIERS = {"t", "a", "b", "id", "orders", "o1_0", "café", "名前", "naïve", "über",
            "überinto", "intoß", "forü", "a$1", "_x", "e", "E", "u", "U", "xe", "tag", "q", "update_at", "for_x",
            "into1", "😀", "\u00a0", "ſelect", "İnto"};

    private static final String[] QUOTED = {"'x'", "'it''s'", "''", "'", "'unterminated", "'a;b'", "'FOR UPDATE'",
            "E'\\''", "e'\\\\'", "E'a\\", "E'", "e'x''y'", "U&'d\\0061t'", "u&'x'", "U&\"x\"", "\"update\"", "\"for\"",
            "\"nextval\"", "\"NEXTVAL\"", "\"a\"\"b\"", "\"", "\"unterminated", "\"\"", "\"audit\"", "\"log_access\"",
            "$$", "$$x$$", "$$;$$", "$q$a$q$", "$q$", "$q$ $Q$ $q$", "$a$b$", "$1", "$12", "$", "$x", "$_$ $_$",
            "$ab$$ab$", "$$$", "$1$", "$é$x$é$", "1e5", "0x1F", "1_000", "1.5", ".5", "42", "E'\\'' FOR UPDATE"};

    private static final String[] PUNCTUATION = {"(", ")", "(", ")", ".", ".", ";", ";", ",", "::", "=", "*", "-",
            "/", "+", "<>", "->>", "@>", "[", "]", "?", ":name", "&", "|", "!", "~", "#", "%", "^", "{", "}", "\\",
            "'", "\"", "$"};

    private static final String[] TRIVIA = {" ", " ", " ", "  ", "\t", "\n", "\r\n", "\r", "\f", "\u000B",
            "\n    ", "-- c\n", "--", "-- FOR UPDATE", "--\r", "/* c */", "/**/", "/*", "*/", "/* a /* b */ c */",
            "/* /* */", "/* ; DELETE */", "-", "/", "- -", "/ *", "*/*"};

    /**
     * Characters at U+0100 and above whose low byte is one that the flat scan acts on: punctuation, whitespace, quotes,
     * {@code $}, and the letters of the writing keywords and functions. The scan's byte copy keeps only a character's
     * low byte, so next to a name or keyword these look like {@code (}, a space or a letter there (the copy of
     * U+0120, {@code nextval}, U+0128 reads {@code " nextval("}), and only the checks against the text tell them apart.
     */
    private static final String[] ALIASING = aliasing("(;) \n\t'\"$-/*.,fFoOrRiInNtTuUpPdDeElLmMgGsSkKxXaAvV_");

    private final ReferenceStatementClassifier referenceDefaults = ReferenceStatementClassifier.defaults();

    private final ReferenceStatementClassifier referenceWithExtra =
            ReferenceStatementClassifier.withPrimaryFunctions(EXTRA_FUNCTIONS);

    private final StatementClassifier defaults = StatementClassifier.defaults();

    private final StatementClassifier withExtra = StatementClassifier.withPrimaryFunctions(EXTRA_FUNCTIONS);

    @Test
    void agreesOnTheUnitTestsInputs() {
        for (String sql : unitTestInputs()) {
            assertAgree(sql, "unit test input");
        }
    }

    @Test
    void agreesOnTheBenchmarkCorpus() throws IOException {
        List<String> corpus = corpusStatements();

        assertThat(corpus).as("statements read from %s", CORPUS.toAbsolutePath()).hasSizeGreaterThan(50);
        for (String sql : corpus) {
            assertAgree(sql, "corpus statement");
        }
        assertAgree(String.join(";\n", corpus), "whole corpus");
    }

    @Test
    void agreesOnMutationsOfKnownStatements() throws IOException {
        List<String> known = new ArrayList<>(unitTestInputs());
        known.addAll(corpusStatements());
        Random random = new Random(SEED);
        for (int i = 0; i < 100_000; i++) {
            String sql = mutate(known.get(random.nextInt(known.size())), random);
            assertAgree(sql, "mutation " + i + " of seed " + SEED);
        }
    }

    @Test
    void agreesOnGeneratedTexts() {
        Random random = new Random(SEED);
        for (int i = 0; i < GENERATED_TEXTS; i++) {
            String sql = generate(random);
            assertAgree(sql, "generated text " + i + " of seed " + SEED);
        }
    }

    /**
     * The flat scan copies a query a chunk at a time: the generated texts are placed so that they start a little
     * before or after the first chunk boundary, where a keyword, a call or a {@code ;} may be cut in two.
     */
    @Test
    void agreesAcrossTheFlatScansChunkBoundaries() {
        Random random = new Random(SEED);
        for (int i = 0; i < 30_000; i++) {
            String keyword = random.nextBoolean() ? "SELECT" : "WITH";
            int fill = FlatQueryScan.CHUNK - 24 + random.nextInt(32);
            String sql = keyword + " " + "x ".repeat(fill / 2) + (fill % 2 == 0 ? "" : "y") + generate(random);
            assertAgree(sql, "chunk boundary text " + i + " of seed " + SEED);
        }
    }

    private void assertAgree(String sql, String origin) {
        // the descriptions are built only on failure: most of the time goes to classifying
        assertThat(defaults.classify(sql))
                .as(() -> "defaults, " + origin + ": " + escaped(sql))
                .isEqualTo(referenceDefaults.classify(sql));
        assertThat(withExtra.classify(sql))
                .as(() -> "with " + EXTRA_FUNCTIONS + ", " + origin + ": " + escaped(sql))
                .isEqualTo(referenceWithExtra.classify(sql));
    }

    /** A text of random fragments, mostly joined by trivia, sometimes glued together. */
    private static String generate(Random random) {
        StringBuilder sql = new StringBuilder();
        if (random.nextInt(4) == 0) {
            sql.append(pick(TRIVIA, random));
        }
        if (random.nextInt(3) != 0) {
            // most texts start like a statement, so that the scans after the first keyword run
            sql.append(keyword(random));
            sql.append(' ');
        }
        for (int fragments = random.nextInt(random.nextBoolean() ? 8 : 40); fragments > 0; fragments--) {
            sql.append(fragment(random));
            int separator = random.nextInt(10);
            if (separator < 5) {
                sql.append(' ');
            } else if (separator < 7) {
                sql.append(pick(TRIVIA, random));
            } else if (separator == 7 && random.nextInt(4) == 0) {
                sql.append(pick(ALIASING, random));
            }
        }
        return sql.toString();
    }

    private static String fragment(Random random) {
        int kind = random.nextInt(100);
        if (kind < 30) {
            return keyword(random);
        }
        if (kind < 42) {
            return call(random);
        }
        if (kind < 55) {
            return pick(IDENTIFIERS, random);
        }
        if (kind < 62) {
            return pick(SCHEMAS, random) + pick(new String[] {".", " . ", "/**/.", ".\n", "./**/", ". -- c\n"}, random) + name(random);
        }
        if (kind < 75) {
            return pick(QUOTED, random);
        }
        if (kind < 92) {
            return pick(PUNCTUATION, random);
        }
        if (kind < 96) {
            return pick(TRIVIA, random);
        }
        if (kind < 98) {
            return pick(ALIASING, random);
        }
        return String.valueOf((char) random.nextInt(random.nextBoolean() ? 0x80 : 0x3000));
    }

    /** A function name, maybe qualified, maybe followed by its call's parenthesis. */
    private static String call(Random random) {
        StringBuilder call = new StringBuilder();
        if (random.nextInt(3) == 0) {
            call.append(pick(SCHEMAS, random)).append('.');
        }
        if (random.nextInt(8) == 0) {
            // glued before the name, it makes the name another one, which the copy does not show
            call.append(pick(ALIASING, random));
        }
        call.append(randomCase(pick(FUNCTIONS, random), random));
        if (random.nextInt(8) == 0) {
            call.append(pick(ALIASING, random));
        }
        call.append(pick(new String[] {"(", "(", " (", "(1)", "('s')", "", " -- c\n(", "/* c */(", "\t(", "\u0128",
                " \u0128", "\u0120("}, random));
        return call.toString();
    }

    private static String name(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> keyword(random);
            case 1 -> pick(IDENTIFIERS, random);
            case 2 -> "\"" + pick(FUNCTIONS, random) + "\"";
            default -> call(random);
        };
    }

    private static String keyword(Random random) {
        return randomCase(pick(KEYWORDS, random), random);
    }

    private static String randomCase(String word, Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> word.toUpperCase(Locale.ROOT);
            case 1 -> word.toLowerCase(Locale.ROOT);
            default -> {
                StringBuilder mixed = new StringBuilder(word.length());
                for (char c : word.toCharArray()) {
                    mixed.append(random.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
                }
                yield mixed.toString();
            }
        };
    }

    /** Deletes, duplicates, inserts, or truncates a piece of {@code sql}, one to three times. */
    private static String mutate(String sql, Random random) {
        StringBuilder text = new StringBuilder(sql);
        for (int mutations = 1 + random.nextInt(3); mutations > 0; mutations--) {
            int at = text.length() == 0 ? 0 : random.nextInt(text.length() + 1);
            switch (random.nextInt(5)) {
                case 0 -> text.delete(at, Math.min(text.length(), at + 1 + random.nextInt(8)));
                case 1 -> text.insert(at, fragment(random));
                case 2 -> text.insert(at, ' ' + fragment(random) + ' ');
                case 3 -> text.setLength(at);
                default -> text.insert(at, text.substring(random.nextInt(at + 1), at));
            }
        }
        return text.toString();
    }

    private static List<String> unitTestInputs() {
        return Stream.of(StatementClassifierUnitTests.queries(), StatementClassifierUnitTests.lockingReads(),
                        StatementClassifierUnitTests.selectInto(), StatementClassifierUnitTests.functionCalls(),
                        StatementClassifierUnitTests.with(), StatementClassifierUnitTests.explain(),
                        StatementClassifierUnitTests.copy(), StatementClassifierUnitTests.writes(),
                        StatementClassifierUnitTests.sessionState(), StatementClassifierUnitTests.transactionSettings(),
                        StatementClassifierUnitTests.unknown(), StatementClassifierUnitTests.lexing(),
                        StatementClassifierUnitTests.brokenText(), StatementClassifierUnitTests.multipleStatements(),
                        StatementClassifierUnitTests.statementEnds(), StatementClassifierUnitTests.queryTokens(),
                        StatementClassifierUnitTests.classifiesCallsOfAddedFunctions(),
                        StatementClassifierUnitTests.classifiesCallsOfAddedFunctionsOfAnyCaseAndAlphabet())
                .flatMap(rows -> rows)
                .map(Arguments::get)
                .map(row -> (String) row[0])
                .toList();
    }

    /** The statements of the benchmark corpus: the text between its {@code --@} header lines. */
    private static List<String> corpusStatements() throws IOException {
        List<String> statements = new ArrayList<>();
        StringBuilder statement = null;
        for (String line : Files.readAllLines(CORPUS, StandardCharsets.UTF_8)) {
            if (line.startsWith("--@ ")) {
                if (statement != null) {
                    statements.add(statement.toString().strip());
                }
                statement = new StringBuilder();
            } else if (statement != null) {
                statement.append(line).append('\n');
            }
        }
        if (statement != null) {
            statements.add(statement.toString().strip());
        }
        return statements;
    }

    /** For each of {@code ascii}'s characters, two above U+00FF with it as their low byte (U+01xx, U+4Exx). */
    private static String[] aliasing(String ascii) {
        List<String> aliases = new ArrayList<>();
        for (char c : ascii.toCharArray()) {
            aliases.add(String.valueOf((char) (0x0100 | c)));
            aliases.add(String.valueOf((char) (0x4E00 | c)));
        }
        return aliases.toArray(String[]::new);
    }

    private static String pick(String[] choices, Random random) {
        return choices[random.nextInt(choices.length)];
    }

    /** The text with its control characters visible, so that a failure message shows what was classified. */
    private static String escaped(String sql) {
        StringBuilder escaped = new StringBuilder(sql.length() + 2).append('«');
        for (char c : sql.toCharArray()) {
            if (c < 0x20 || c == 0x7F) {
                escaped.append(String.format("\\u%04X", (int) c));
            } else {
                escaped.append(c);
            }
        }
        return escaped.append('»').toString();
    }

}
