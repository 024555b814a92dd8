package io.r2dbcrouting.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.NoSuchElementException;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

import io.r2dbc.spi.Batch;
import io.r2dbc.spi.ColumnMetadata;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.ConnectionMetadata;
import io.r2dbc.spi.IsolationLevel;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.TransactionDefinition;
import io.r2dbc.spi.Type;
import io.r2dbc.spi.ValidationDepth;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * A measuring instrument, not a database: a connection factory whose one connection answers every query at once,
 * on the calling thread, with one row holding one integer, and counts the statements it ran. With no network and
 * no server work left, what a benchmark measures through it is only the cost of the code in front of it: the
 * router's own CPU time and allocation per operation, against the same operation without the router.
 * <p>
 * Single-threaded use only (JMH's default of one thread per benchmark). Its metadata names no real product, so the
 * router's replica monitor only validates it (always valid) instead of querying replication state.
 * <p>
 * A waiting driver ({@link #waiting(String)}) hands its connection over only when {@link #deliver()} is called, as a
 * pool with no idle connection does when another caller releases one: the code in front of it then takes the path it
 * takes when it must wait for a connection.
 */
final class InMemoryDriver implements ConnectionFactory {

    private final String name;

    private final InMemoryConnection connection = new InMemoryConnection();

    private final Mono<Connection> acquisition;

    /** Callers of a waiting driver that have not received the connection yet (the router's monitor adds from its own thread). */
    private final Queue<MonoSink<Connection>> waiting = new ConcurrentLinkedQueue<>();

    private long statements;

    InMemoryDriver(String name) {
        this(name, false);
    }

    private InMemoryDriver(String name, boolean wait) {
        this.name = name;
        this.acquisition = wait ? Mono.create(this.waiting::add) : Mono.just(this.connection);
    }

    /** A driver whose callers wait for {@link #deliver()}. */
    static InMemoryDriver waiting(String name) {
        return new InMemoryDriver(name, true);
    }

    /** Hands the connection to every caller waiting for it, on this thread. */
    void deliver() {
        MonoSink<Connection> caller;
        while ((caller = this.waiting.poll()) != null) {
            caller.success(this.connection);
        }
    }

    @Override
    public Publisher<? extends Connection> create() {
        return this.acquisition;
    }

    @Override
    public ConnectionFactoryMetadata getMetadata() {
        return () -> "InMemory";
    }

    /** How many statements ran on this driver's connection. */
    long statements() {
        return this.statements;
    }

    @Override
    public String toString() {
        return "InMemoryDriver[" + this.name + "]";
    }

    private final class InMemoryConnection implements Connection {

        private final Flux<Result> results = Flux.just(new OneRowResult());

        private final Mono<Void> done = Mono.empty();

        @Override
        public Statement createStatement(String sql) {
            return new InMemoryStatement();
        }

        @Override
        public Mono<Void> close() {
            return this.done;
        }

        @Override
        public Mono<Void> beginTransaction() {
            return this.done;
        }

        @Override
        public Mono<Void> beginTransaction(TransactionDefinition definition) {
            return this.done;
        }

        @Override
        public Mono<Void> commitTransaction() {
            return this.done;
        }

        @Override
        public Mono<Void> rollbackTransaction() {
            return this.done;
        }

        @Override
        public Batch createBatch() {
            throw new UnsupportedOperationException("batches are not measured");
        }

        @Override
        public Mono<Void> createSavepoint(String name) {
            return this.done;
        }

        @Override
        public Mono<Void> releaseSavepoint(String name) {
            return this.done;
        }

        @Override
        public Mono<Void> rollbackTransactionToSavepoint(String name) {
            return this.done;
        }

        @Override
        public boolean isAutoCommit() {
            return true;
        }

        @Override
        public ConnectionMetadata getMetadata() {
            return new ConnectionMetadata() {
                @Override
                public String getDatabaseProductName() {
                    return "InMemory";
                }

                @Override
                public String getDatabaseVersion() {
                    return "1";
                }
            };
        }

        @Override
        public IsolationLevel getTransactionIsolationLevel() {
            return IsolationLevel.READ_COMMITTED;
        }

        @Override
        public Mono<Void> setAutoCommit(boolean autoCommit) {
            return this.done;
        }

        @Override
        public Mono<Void> setLockWaitTimeout(Duration timeout) {
            return this.done;
        }

        @Override
        public Mono<Void> setStatementTimeout(Duration timeout) {
            return this.done;
        }

        @Override
        public Mono<Void> setTransactionIsolationLevel(IsolationLevel isolationLevel) {
            return this.done;
        }

        @Override
        public Mono<Boolean> validate(ValidationDepth depth) {
            return Mono.just(true);
        }

        private final class InMemoryStatement implements Statement {

            @Override
            public Statement add() {
                return this;
            }

            @Override
            public Statement bind(int index, Object value) {
                return this;
            }

            @Override
            public Statement bind(String name, Object value) {
                return this;
            }

            @Override
            public Statement bindNull(int index, Class<?> type) {
                return this;
            }

            @Override
            public Statement bindNull(String name, Class<?> type) {
                return this;
            }

            @Override
            public Flux<Result> execute() {
                InMemoryDriver.this.statements++;
                return InMemoryConnection.this.results;
            }
        }
    }

    /** One row, one column, the integer 42. */
    private static final class OneRowResult implements Result, Row, RowMetadata, ColumnMetadata {

        private static final Integer VALUE = 42;

        @Override
        public Mono<Long> getRowsUpdated() {
            return Mono.empty();
        }

        @Override
        public <T> Mono<T> map(BiFunction<Row, RowMetadata, ? extends T> mapping) {
            return Mono.fromSupplier(() -> mapping.apply(this, this));
        }

        @Override
        public <T> Mono<T> map(Function<? super Readable, ? extends T> mapping) {
            return Mono.fromSupplier(() -> mapping.apply(this));
        }

        @Override
        public Result filter(Predicate<Segment> filter) {
            return this;
        }

        @Override
        public <T> Flux<T> flatMap(Function<Segment, ? extends Publisher<? extends T>> mapping) {
            return Flux.error(new UnsupportedOperationException("segments are not measured"));
        }

        @Override
        public <T> @Nullable T get(int index, Class<T> type) {
            if (index != 0) {
                throw new IndexOutOfBoundsException("one column only, asked for " + index);
            }
            return type.cast(VALUE);
        }

        @Override
        public <T> @Nullable T get(String name, Class<T> type) {
            return get(0, type);
        }

        @Override
        public RowMetadata getMetadata() {
            return this;
        }

        @Override
        public ColumnMetadata getColumnMetadata(int index) {
            if (index != 0) {
                throw new IndexOutOfBoundsException("one column only, asked for " + index);
            }
            return this;
        }

        @Override
        public ColumnMetadata getColumnMetadata(String name) {
            if (!"value".equalsIgnoreCase(name)) {
                throw new NoSuchElementException("no column " + name);
            }
            return this;
        }

        @Override
        public List<? extends ColumnMetadata> getColumnMetadatas() {
            return List.of(this);
        }

        @Override
        public Type getType() {
            return io.r2dbc.spi.R2dbcType.INTEGER;
        }

        @Override
        public String getName() {
            return "value";
        }
    }
}
