package io.r2dbcrouting.benchmarks.comparison;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.r2dbcrouting.testcluster.PostgresCluster;

/**
 * Where the statements went, from the servers' own counters: each server's {@code pg_stat_statements} calls of the
 * workload statements ({@link WorkloadStatements#COUNTED_STATEMENTS}), read over JDBC before and after a run. A
 * statement is counted where it completed, whoever sent it (the router, pgpool or a driver); failed statements are
 * not counted.
 */
final class ServerCounters implements AutoCloseable {

    private static final String QUERY = "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements WHERE "
            + WorkloadStatements.COUNTED_STATEMENTS;

    private final List<String> names;

    private final List<Connection> connections;

    private ServerCounters(List<String> names, List<Connection> connections) {
        this.names = List.copyOf(names);
        this.connections = List.copyOf(connections);
    }

    /**
     * Opens one JDBC connection per server: the primary first, then the replicas in order.
     *
     * @throws SQLException if a server cannot be reached or has no {@code pg_stat_statements}
     */
    static ServerCounters open(PostgresCluster cluster) throws SQLException {
        List<String> names = new ArrayList<>();
        List<Connection> connections = new ArrayList<>();
        List<PostgresCluster.Node> nodes = new ArrayList<>();
        nodes.add(cluster.primary());
        nodes.addAll(cluster.replicas());
        try {
            for (PostgresCluster.Node node : nodes) {
                names.add(node.name());
                connections.add(cluster.jdbcConnection(node));
            }
            ServerCounters counters = new ServerCounters(names, connections);
            counters.read();
            return counters;
        }
        catch (SQLException | RuntimeException ex) {
            for (Connection connection : connections) {
                try {
                    connection.close();
                }
                catch (SQLException closeFailure) {
                    ex.addSuppressed(closeFailure);
                }
            }
            throw ex;
        }
    }

    /** The servers' names, in the order of {@link #read()}. */
    List<String> names() {
        return this.names;
    }

    /**
     * The counted statements so far on each server.
     *
     * @throws SQLException if a server cannot be read
     */
    long[] read() throws SQLException {
        long[] counts = new long[this.connections.size()];
        for (int i = 0; i < counts.length; i++) {
            try (Statement statement = this.connections.get(i).createStatement();
                    ResultSet result = statement.executeQuery(QUERY)) {
                result.next();
                counts[i] = result.getLong(1);
            }
        }
        return counts;
    }

    /** {@code after - before}, per server. */
    static long[] delta(long[] before, long[] after) {
        if (before.length != after.length) {
            throw new IllegalArgumentException("counter snapshots of " + before.length + " and " + after.length
                    + " servers");
        }
        long[] delta = new long[before.length];
        for (int i = 0; i < delta.length; i++) {
            delta[i] = after[i] - before[i];
        }
        return delta;
    }

    @Override
    public void close() throws SQLException {
        SQLException failure = null;
        for (Connection connection : this.connections) {
            try {
                connection.close();
            }
            catch (SQLException ex) {
                if (failure == null) {
                    failure = ex;
                }
                else {
                    failure.addSuppressed(ex);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

}
