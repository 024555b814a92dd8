package io.r2dbcrouting.benchmarks.comparison;

import java.sql.SQLException;
import java.sql.Statement;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The SQL of the workloads and the one way every contender runs it: a connection per operation from a
 * {@link ConnectionFactory}, bound parameters (the extended query protocol, as every R2DBC driver speaks it), and the
 * connection released when the operation ends, fails or is cancelled. Outside a transaction a statement's rows are
 * consumed before the connection is closed, as an application would.
 */
final class WorkloadStatements {

    static final String POINT_READ = "SELECT id, v, note FROM bench_items WHERE id = $1";

    static final String UPDATE = "UPDATE bench_items SET v = v + 1 WHERE id = $1";

    static final String INSERT = "INSERT INTO bench_writes (id, note) VALUES ($1, $2)";

    static final String READ_BACK = "SELECT id FROM bench_writes WHERE id = $1";

    /**
     * pgpool-II sends a SELECT that follows a comment to the primary ("You could suppress load balancing by
     * inserting arbitrary comments just in front of the SELECT query"): its way of reading one's own writes outside
     * a transaction.
     */
    static final String READ_BACK_NO_LOAD_BALANCE = "/*NO LOAD BALANCE*/ " + READ_BACK;

    /**
     * A filter on {@code pg_stat_statements.query} that matches exactly the statements above, for counting where
     * they ran (pgpool's own catalog look-ups name the tables too, inside {@code pg_catalog} calls).
     */
    static final String COUNTED_STATEMENTS = "(query ~ '(FROM|UPDATE|INTO) bench_(items|writes)' "
            + "AND query !~ 'pg_catalog')";

    private WorkloadStatements() {
    }

    /** A point read: one row of {@code bench_items}. */
    static Mono<Void> pointRead(ConnectionFactory factory, int id) {
        return Mono.usingWhen(factory.create(), connection -> readItem(connection, id), Connection::close);
    }

    /**
     * {@code BEGIN; SELECT; UPDATE; SELECT; COMMIT} on one connection, rolled back when a statement fails (then the
     * error is re-emitted) or the operation is cancelled.
     */
    static Mono<Void> transaction(ConnectionFactory factory, int id) {
        return Mono.usingWhen(factory.create(),
                connection -> Mono.from(connection.beginTransaction())
                        .then(readItem(connection, id))
                        .then(updateItem(connection, id))
                        .then(readItem(connection, id))
                        .then(Mono.from(connection.commitTransaction())),
                Connection::close,
                (connection, error) -> rollbackAndClose(connection),
                WorkloadStatements::rollbackAndClose);
    }

    /** An auto-commit INSERT of row {@code id} into {@code bench_writes}. */
    static Mono<Void> insert(ConnectionFactory factory, long id) {
        return Mono.usingWhen(factory.create(),
                connection -> Flux.from(connection.createStatement(INSERT).bind(0, id).bind(1, "w").execute())
                        .flatMap(Result::getRowsUpdated)
                        .then(),
                Connection::close);
    }

    /**
     * Reads row {@code id} of {@code bench_writes} with {@code sql}.
     *
     * @return empty when found; a {@link StaleReadException} when the row is not there
     */
    static Mono<Void> readBack(ConnectionFactory factory, long id, String sql) {
        return Mono.usingWhen(factory.create(),
                connection -> Flux.from(connection.createStatement(sql).bind(0, id).execute())
                        .flatMap(result -> result.map((row, metadata) -> row.get(0, Long.class)))
                        .hasElements(),
                Connection::close)
                .flatMap(found -> found ? Mono.<Void>empty() : Mono.error(new StaleReadException(id)));
    }

    private static Mono<Void> readItem(Connection connection, int id) {
        return Flux.from(connection.createStatement(POINT_READ).bind(0, id).execute())
                .flatMap(result -> result.map((row, metadata) -> row.get(0, Integer.class)))
                .then();
    }

    private static Mono<Void> updateItem(Connection connection, int id) {
        return Flux.from(connection.createStatement(UPDATE).bind(0, id).execute())
                .flatMap(Result::getRowsUpdated)
                .then();
    }

    private static Mono<Void> rollbackAndClose(Connection connection) {
        // the failure that got us here is what the caller sees; a rollback failing on a broken connection is not
        return Mono.from(connection.rollbackTransaction())
                .onErrorResume(ex -> Mono.empty())
                .then(Mono.from(connection.close()));
    }

    /**
     * (Re)creates the tables on the primary: {@code bench_items} with {@code rows} rows, and an empty
     * {@code bench_writes}.
     *
     * @param primary a JDBC connection to the primary, in auto-commit mode
     * @throws SQLException if a statement fails
     */
    static void createTables(java.sql.Connection primary, int rows) throws SQLException {
        try (Statement statement = primary.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS bench_items, bench_writes");
            statement.execute("CREATE TABLE bench_items (id int PRIMARY KEY, v int NOT NULL, note text NOT NULL)");
            statement.execute("INSERT INTO bench_items SELECT g, 0, md5(g::text) FROM generate_series(1, " + rows
                    + ") AS g");
            statement.execute("CREATE TABLE bench_writes (id bigint PRIMARY KEY, note text NOT NULL)");
            statement.execute("VACUUM ANALYZE bench_items");
            statement.execute("ANALYZE bench_writes");
        }
    }

    /** A read-back that did not find the row just inserted: the read went to a server that had not seen the write. */
    static final class StaleReadException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        StaleReadException(long id) {
            super("stale read: row " + id + " of bench_writes not found after its INSERT", null, false, false);
        }

    }

}
