package io.r2dbcrouting.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import io.r2dbcrouting.internal.StatementClassifier;
import io.r2dbcrouting.internal.StatementKind;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;

/**
 * Unit tests for {@link SqlCorpus}: the corpus file parses, its constants are current, every statement is classified
 * as its header says, and the benchmark's categories match the file's.
 */
class SqlCorpusUnitTests {

    private final SqlCorpus corpus = SqlCorpus.parse(SqlCorpus.readResource());

    @Test
    void constantsMatchTheFile() {
        assertThat(new int[] {corpus.size(), corpus.utf8Bytes()})
                .as("set SqlCorpus.STATEMENTS = %d and SqlCorpus.UTF8_BYTES = %d", corpus.size(), corpus.utf8Bytes())
                .containsExactly(SqlCorpus.STATEMENTS, SqlCorpus.UTF8_BYTES);
        assertThat(SqlCorpus.load().entries()).isEqualTo(corpus.entries());
    }

    @Test
    void isLargeAndVaried() {
        assertThat(corpus.size()).isGreaterThanOrEqualTo(40);
        assertThat(corpus.entries()).extracting(SqlCorpus.Entry::expectedKind)
                .contains(StatementKind.READ, StatementKind.WRITE, StatementKind.SESSION_STATE,
                        StatementKind.TRANSACTION_SETTING);
        assertThat(corpus.utf8Bytes()).as("non-ASCII text counts in bytes").isGreaterThan(corpus.chars());
    }

    @Test
    void everyStatementIsClassifiedAsItsHeaderSays() {
        StatementClassifier classifier = StatementClassifier.defaults();
        List<String> wrong = corpus.entries().stream()
                .filter(entry -> classifier.classify(entry.sql()) != entry.expectedKind())
                .map(entry -> entry.id() + ": expected " + entry.expectedKind() + ", classified "
                        + classifier.classify(entry.sql()))
                .collect(Collectors.toList());
        assertThat(wrong).isEmpty();
    }

    @Test
    void benchmarkCoversEveryCategory() throws NoSuchFieldException {
        Param param = ClassifierBenchmark.CategoryStatements.class.getField("category").getAnnotation(Param.class);
        assertThat(Arrays.asList(param.value())).containsExactlyElementsOf(corpus.categories());
    }

    @Test
    void perByteBenchmarkCountsTheCorpusBytes() throws NoSuchMethodException {
        OperationsPerInvocation operations = ClassifierBenchmark.class
                .getMethod("classifyCorpusPerByte", ClassifierBenchmark.Corpus.class,
                        org.openjdk.jmh.infra.Blackhole.class)
                .getAnnotation(OperationsPerInvocation.class);
        assertThat(operations.value()).isEqualTo(corpus.utf8Bytes());
    }

    @Test
    void statementsOfACategoryKeepFileOrder() {
        assertThat(corpus.statements("point")).startsWith(
                "SELECT id, email, display_name, created_at FROM users WHERE id = $1", "SELECT 1");
    }

    @Test
    void unknownCategoryNamesTheKnownOnes() {
        assertThatIllegalArgumentException().isThrownBy(() -> corpus.statements("nope"))
                .withMessage("category must be one of " + corpus.categories() + ", was 'nope'");
    }

    @Test
    void parsesEntriesBetweenHeaders() {
        SqlCorpus parsed = SqlCorpus.parse("-- intro, ignored\n--@ a one READ\n\nSELECT 1\n\n--@ b two WRITE\r\n"
                + "INSERT INTO t\r\nVALUES (1)\r\n");
        assertThat(parsed.entries()).containsExactly(
                new SqlCorpus.Entry("a", "one", StatementKind.READ, "SELECT 1"),
                new SqlCorpus.Entry("b", "two", StatementKind.WRITE, "INSERT INTO t\nVALUES (1)"));
        assertThat(parsed.utf8Bytes()).isEqualTo(8 + 24);
    }

    @Test
    void rejectsMalformedEntries() {
        assertThatIllegalStateException().isThrownBy(() -> SqlCorpus.parse("--@ a one\nSELECT 1"))
                .withMessage("sql-corpus.sql line 1: header must be '--@ <id> <category> <kind>', was '--@ a one'");
        assertThatIllegalStateException().isThrownBy(() -> SqlCorpus.parse("--@ a one READ\nSELECT 1\n--@ a two READ\nSELECT 2"))
                .withMessage("sql-corpus.sql line 3: id 'a' is used twice");
        assertThatIllegalStateException().isThrownBy(() -> SqlCorpus.parse("--@ a one READ\n\n--@ b one READ\nSELECT 2"))
                .withMessage("sql-corpus.sql line 1: entry 'a' has no SQL");
        assertThatIllegalStateException().isThrownBy(() -> SqlCorpus.parse("--@ a one READS\nSELECT 1"))
                .withMessageStartingWith("sql-corpus.sql line 1: kind must be one of [READ, WRITE, ");
        assertThatIllegalStateException().isThrownBy(() -> SqlCorpus.parse("SELECT 1"))
                .withMessage("sql-corpus.sql holds no '--@' entry");
    }

}
