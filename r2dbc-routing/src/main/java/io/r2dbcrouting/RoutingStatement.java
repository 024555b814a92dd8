package io.r2dbcrouting;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import io.r2dbcrouting.internal.StatementKind;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

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

    private final List<Consumer<Statement>> bindings = new ArrayList<>(2);

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
        this.bindings.add(binding);
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
        AtomicBoolean preparedUsed = preparedExecution == null ? null : new AtomicBoolean();
        List<Consumer<Statement>> replay = List.copyOf(this.bindings);
        return Flux.deferContextual(context -> this.connection.execute(this.kind, context, this.sql, real -> {
            if (preparedExecution != null && real == this.preparedOn && preparedUsed.compareAndSet(false, true)) {
                return preparedExecution;
            }
            Statement statement = real.createStatement(this.sql);
            for (Consumer<Statement> binding : replay) {
                binding.accept(statement);
            }
            return statement.execute();
        }));
    }

    @Override
    public String toString() {
        return "RoutingStatement[" + this.kind + "]";
    }
}
