package io.r2dbcrouting;

import java.util.ArrayList;
import java.util.List;

import io.r2dbc.spi.Batch;
import io.r2dbc.spi.Result;
import io.r2dbcrouting.internal.StatementKind;
import reactor.core.publisher.Flux;

/**
 * A batch routed as a whole: to the primary if any of its statements must run there, else like a read.
 */
final class RoutingBatch implements Batch {

    private final RoutingConnection connection;

    private final RoutingConnectionFactory factory;

    private final List<String> sqls = new ArrayList<>();

    private StatementKind kind = StatementKind.READ;

    RoutingBatch(RoutingConnection connection, RoutingConnectionFactory factory) {
        this.connection = connection;
        this.factory = factory;
    }

    @Override
    public Batch add(String sql) {
        Assert.notNull(sql, "sql");
        this.sqls.add(sql);
        this.kind = StatementKind.strongest(this.kind, this.factory.kindOf(sql));
        return this;
    }

    @Override
    public Flux<Result> execute() {
        List<String> statements = List.copyOf(this.sqls);
        StatementKind batchKind = this.kind;
        String description = String.join("; ", statements);
        return Flux.deferContextual(context -> this.connection.execute(batchKind, context, description, real -> {
            Batch batch = real.createBatch();
            for (String sql : statements) {
                batch.add(sql);
            }
            return batch.execute();
        }));
    }
}
