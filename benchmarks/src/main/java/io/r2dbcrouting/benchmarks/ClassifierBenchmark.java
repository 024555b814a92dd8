package io.r2dbcrouting.benchmarks;

import io.r2dbcrouting.internal.StatementClassifier;
import io.r2dbcrouting.internal.StatementKind;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link StatementClassifier#classify(String)} over the statements of {@link SqlCorpus}: the work the router adds to
 * every {@code execute()}. Run with {@code -prof gc} to see the allocation per call ({@code gc.alloc.rate.norm}),
 * which the classifier promises to be zero.
 * <ul>
 * <li>{@link #classifyCategory}: one statement per operation, taking the statements of one category in turn, so the
 * score is the mean time per statement of that category.</li>
 * <li>{@link #classifyCorpus}: the whole corpus per operation.</li>
 * <li>{@link #classifyCorpusPerByte}: the same work normalised to one UTF-8 byte of SQL per operation, so its score
 * reads as nanoseconds per byte.</li>
 * </ul>
 */
public class ClassifierBenchmark extends BenchmarkSettings {

    private static final StatementClassifier CLASSIFIER = StatementClassifier.defaults();

    /** The statements of one category, handed out in turn to one benchmark thread. */
    @State(Scope.Thread)
    public static class CategoryStatements {

        /** Must list every category of the corpus: {@code SqlCorpusUnitTests} checks it. */
        @Param({"point", "analytic", "utility", "orm", "write", "ddl", "locking", "functions", "session", "multi",
                "tricky"})
        public String category = "";

        private String[] statements = new String[0];

        private int next;

        /** Loads the category and prints its size. */
        @Setup(Level.Trial)
        public void load() {
            SqlCorpus corpus = SqlCorpus.load();
            this.statements = corpus.statements(this.category);
            int bytes = corpus.entries().stream()
                    .filter(entry -> entry.category().equals(this.category))
                    .mapToInt(SqlCorpus.Entry::utf8Bytes)
                    .sum();
            System.out.printf("%nCategory '%s': %d statements, %d UTF-8 bytes, %d bytes on average%n", this.category,
                    this.statements.length, bytes, bytes / this.statements.length);
        }

        String next() {
            String sql = this.statements[this.next];
            this.next = (this.next + 1 == this.statements.length) ? 0 : this.next + 1;
            return sql;
        }

    }

    /** All statements of the corpus. */
    @State(Scope.Benchmark)
    public static class Corpus {

        private String[] statements = new String[0];

        /** Loads the corpus and prints its size. */
        @Setup(Level.Trial)
        public void load() {
            SqlCorpus corpus = SqlCorpus.load();
            this.statements = corpus.statements();
            System.out.printf("%nCorpus: %d statements in %d categories, %d UTF-8 bytes (%d chars)%n",
                    corpus.size(), corpus.categories().size(), corpus.utf8Bytes(), corpus.chars());
        }

    }

    /**
     * Classifies the next statement of a category.
     *
     * @param statements the category's statements
     * @return the kind, so that the work is not eliminated
     */
    @Benchmark
    public StatementKind classifyCategory(CategoryStatements statements) {
        return CLASSIFIER.classify(statements.next());
    }

    /**
     * Classifies every statement of the corpus.
     *
     * @param corpus the corpus
     * @param blackhole sink for the kinds
     */
    @Benchmark
    public void classifyCorpus(Corpus corpus, Blackhole blackhole) {
        for (String sql : corpus.statements) {
            blackhole.consume(CLASSIFIER.classify(sql));
        }
    }

    /**
     * Classifies every statement of the corpus, counted as one operation per UTF-8 byte.
     *
     * @param corpus the corpus
     * @param blackhole sink for the kinds
     */
    @Benchmark
    @OperationsPerInvocation(SqlCorpus.UTF8_BYTES)
    public void classifyCorpusPerByte(Corpus corpus, Blackhole blackhole) {
        for (String sql : corpus.statements) {
            blackhole.consume(CLASSIFIER.classify(sql));
        }
    }

}
