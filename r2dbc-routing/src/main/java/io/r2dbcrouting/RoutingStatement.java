package io.r2dbcrouting;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import io.r2dbcrouting.internal.StatementKind;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;

/**
 * A statement whose target is chosen when its {@link #execute()} is subscribed, from the subscriber's context.
 * <p>
 * Bindings are recorded so they can be replayed on whichever real connection runs the statement. When the routing
 * connection already holds the connection the statement will most likely run on, the statement is also prepared
 * there at once, so the driver checks every binding as it is made (unknown parameters, unsupported values,
 * incomplete bindings) exactly as it would without the router; otherwise those driver checks happen at execution
 * and arrive as an error signal.
 */
final class RoutingStatement implements Statement {

    private final RoutingConnection connection;

    private final String sql;

    private final StatementKind kind;

    private final @Nullable Connection preparedOn;

    private final @Nullable Statement prepared;

    @SuppressWarnings("unchecked")
    private static final Consumer<Statement>[] NO_BINDINGS = new Consumer[0];

    /**
     * The bindings so far, in order, in {@code bindings[0, bound)}. Only ever appended to, into a new array when it is
     * full, so an execution can keep the array and the count it saw without copying them.
     */
    private Consumer<Statement>[] bindings = NO_BINDINGS;

    private int bound;

    RoutingStatement(RoutingConnection connection, String sql, StatementKind kind, @Nullable Connection likely) {
        this.connection = connection;
        this.sql = sql;
        this.kind = kind;
        this.preparedOn = likely;
        this.prepared = likely == null ? null : likely.createStatement(sql);
    }

    private Statement record(Consumer<Statement> binding) {
        if (this.prepared != null) {
            binding.accept(this.prepared);
        }
        if (this.bound == this.bindings.length) {
            this.bindings = Arrays.copyOf(this.bindings, Math.max(2, this.bound * 2));
        }
        this.bindings[this.bound++] = binding;
        return this;
    }

    @Override
    public Statement add() {
        return record(Statement::add);
    }

    @Override
    public Statement bind(int index, Object value) {
        Assert.notNull(value, "value");
        if (index < 0) {
            throw new IndexOutOfBoundsException("bind index must not be negative, was " + index);
        }
        return record(statement -> statement.bind(index, value));
    }

    @Override
    public Statement bind(String name, Object value) {
        Assert.notNull(name, "name");
        Assert.notNull(value, "value");
        return record(statement -> statement.bind(name, value));
    }

    @Override
    public Statement bindNull(int index, Class<?> type) {
        Assert.notNull(type, "type");
        if (index < 0) {
            throw new IndexOutOfBoundsException("bind index must not be negative, was " + index);
        }
        return record(statement -> statement.bindNull(index, type));
    }

    @Override
    public Statement bindNull(String name, Class<?> type) {
        Assert.notNull(name, "name");
        Assert.notNull(type, "type");
        return record(statement -> statement.bindNull(name, type));
    }

    @Override
    public Statement returnGeneratedValues(String... columns) {
        Assert.notNull(columns, "columns");
        String[] copy = columns.clone();
        return record(statement -> statement.returnGeneratedValues(copy));
    }

    @Override
    public Statement fetchSize(int rows) {
        Assert.isTrue(rows >= 0, "fetch size must not be negative, was " + rows);
        return record(statement -> statement.fetchSize(rows));
    }

    @Override
    public Flux<Result> execute() {
        // the prepared statement validates its bindings now, as the driver's own execute() does
        Publisher<? extends Result> preparedExecution = this.prepared == null ? null : this.prepared.execute();
        return new Execution(preparedExecution, this.bindings, this.bound);
    }

    /**
     * One {@code execute()}: routed when subscribed, under the subscriber's context, with the bindings made so far.
     * It is both the {@link Flux} and the step that runs the statement on the chosen real connection, which is what
     * {@code Flux.deferContextual(…)} and two functions would do, in one object: this runs for every statement.
     */
    private final class Execution extends Flux<Result> implements Function<Connection, Publisher<? extends Result>> {

        private final @Nullable Publisher<? extends Result> preparedExecution;

        /** The bindings to replay: {@code replay[0, replayed)}. */
        private final Consumer<Statement>[] replay;

        private final int replayed;

        /**
         * Whether a subscription ran the prepared execution: it can run once, later ones prepare anew. Null when
         * nothing was prepared (most statements).
         */
        private final @Nullable AtomicBoolean preparedUsed;

        Execution(@Nullable Publisher<? extends Result> preparedExecution, Consumer<Statement>[] replay, int replayed) {
            this.preparedExecution = preparedExecution;
            this.replay = replay;
            this.replayed = replayed;
            this.preparedUsed = preparedExecution == null ? null : new AtomicBoolean();
        }

        @Override
        public void subscribe(CoreSubscriber<? super Result> actual) {
            Flux<Result> routed;
            try {
                routed = RoutingStatement.this.connection.execute(RoutingStatement.this.kind, actual.currentContext(),
                    RoutingStatement.this.sql, this);
            } catch (Throwable failure) {
                Operators.error(actual, Operators.onOperatorError(failure, actual.currentContext()));
                return;
            }
            routed.subscribe(actual);
        }

        @Override
        public Publisher<? extends Result> apply(Connection real) {
            if (this.preparedExecution != null && this.preparedUsed != null && real == RoutingStatement.this.preparedOn
                && this.preparedUsed.compareAndSet(false, true)) {
                return this.preparedExecution;
            }
            Statement statement = real.createStatement(RoutingStatement.this.sql);
            for (int i = 0; i < this.replayed; i++) {
                this.replay[i].accept(statement);
            }
            return statement.execute();
        }
    }

    @Override
    public String toString() {
        return "RoutingStatement[" + this.kind + "]";
    }
}
