package io.r2dbcrouting.spring.boot;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.r2dbcrouting.testcluster.PostgresCluster;

/**
 * How many times each server of the cluster has run the statements whose text contains a marker, from each server's
 * own {@code pg_stat_statements}: evidence of where statements ran that does not depend on the router's word.
 */
final class StatementCounts {

    private static final String CALLS = "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements"
        + " WHERE query ILIKE ? AND query NOT ILIKE '%pg_stat_statements%'";

    private StatementCounts() {
    }

    /**
     * Calls per server name ({@code primary}, {@code replica-1}, …) of statements whose text starts with
     * {@code prefix} and contains {@code marker}.
     */
    static Map<String, Long> of(PostgresCluster cluster, String prefix, String marker) {
        Map<String, Long> calls = new LinkedHashMap<>();
        calls.put(cluster.primary().name(), calls(cluster, cluster.primary(), prefix, marker));
        for (PostgresCluster.Node replica : cluster.replicas()) {
            calls.put(replica.name(), calls(cluster, replica, prefix, marker));
        }
        return calls;
    }

    private static long calls(PostgresCluster cluster, PostgresCluster.Node node, String prefix, String marker) {
        try (Connection connection = cluster.jdbcConnection(node);
             PreparedStatement statement = connection.prepareStatement(CALLS)) {
            statement.setString(1, prefix + "%" + marker + "%");
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        } catch (SQLException failure) {
            throw new IllegalStateException("cannot read pg_stat_statements on " + node, failure);
        }
    }

    /** The calls of {@code after} minus those of {@code before}, per server. */
    static Map<String, Long> difference(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> difference = new LinkedHashMap<>();
        after.forEach((server, calls) -> difference.put(server, calls - before.getOrDefault(server, 0L)));
        return difference;
    }
}
