package io.r2dbcrouting.samples.spring;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.r2dbcrouting.testcluster.PostgresCluster;

/**
 * Where statements ran, by each server's own account: the calls that its {@code pg_stat_statements} has counted for a
 * statement. Independent of the router and of the application.
 */
final class ServerStatements {

    private static final String CALLS = "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements WHERE query = ?";

    private final PostgresCluster cluster;

    ServerStatements(PostgresCluster cluster) {
        this.cluster = cluster;
    }

    /**
     * How many times each server ({@code primary}, {@code replica-1}, …) has run a statement.
     *
     * @param normalized the statement as {@code pg_stat_statements} shows it, parameters as {@code $1}, {@code $2}, …
     */
    Map<String, Long> calls(String normalized) {
        Map<String, Long> calls = new LinkedHashMap<>();
        calls.put(this.cluster.primary().name(), calls(this.cluster.primary(), normalized));
        for (PostgresCluster.Node replica : this.cluster.replicas()) {
            calls.put(replica.name(), calls(replica, normalized));
        }
        return calls;
    }

    /**
     * The calls each server made of a statement while {@code action} ran.
     */
    Map<String, Long> callsDuring(String normalized, Runnable action) {
        Map<String, Long> before = calls(normalized);
        action.run();
        Map<String, Long> during = new LinkedHashMap<>();
        calls(normalized).forEach((server, calls) -> during.put(server, calls - before.get(server)));
        return during;
    }

    private long calls(PostgresCluster.Node node, String normalized) {
        try (Connection connection = this.cluster.jdbcConnection(node);
             PreparedStatement statement = connection.prepareStatement(CALLS)) {
            statement.setString(1, normalized);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        } catch (SQLException failure) {
            throw new IllegalStateException("cannot read pg_stat_statements on " + node, failure);
        }
    }
}
