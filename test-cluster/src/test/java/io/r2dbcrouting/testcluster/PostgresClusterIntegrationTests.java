package io.r2dbcrouting.testcluster;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

import io.r2dbcrouting.testcluster.PostgresCluster.Node;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real cluster, through {@link PostgresClusterExtension}: roles, ports, replication and fault operations.
 */
@ExtendWith(PostgresClusterExtension.class)
class PostgresClusterIntegrationTests {

    private static final Duration CATCH_UP = Duration.ofSeconds(30);

    private static final String TABLE = "test_cluster_it_" + UUID.randomUUID().toString().replace("-", "");

    @BeforeAll
    static void createTable(PostgresCluster cluster) throws SQLException {
        update(cluster, cluster.primary(), "CREATE TABLE " + TABLE + " (id int PRIMARY KEY, note text)");
    }

    @AfterAll
    static void dropTable(PostgresCluster cluster) throws SQLException {
        update(cluster, cluster.primary(), "DROP TABLE IF EXISTS " + TABLE);
    }

    @Test
    void sharedInstanceIsTheInjectedOne(PostgresCluster cluster) {
        assertThat(PostgresClusterExtension.cluster()).isSameAs(cluster);
        assertThat(cluster.replicas()).hasSize(2);
    }

    @Test
    void primaryIsWritableOnItsPort(PostgresCluster cluster) throws SQLException {
        assertThat(query(cluster, cluster.primary(), "SELECT inet_server_port() || ' ' || pg_is_in_recovery()"))
                .isEqualTo(cluster.primary().port() + " false");
    }

    @Test
    void replicasAreHotStandbysOnTheirPorts(PostgresCluster cluster) throws SQLException {
        for (Node replica : cluster.replicas()) {
            assertThat(query(cluster, replica, "SELECT inet_server_port() || ' ' || pg_is_in_recovery()"))
                    .isEqualTo(replica.port() + " true");
        }
        assertThat(query(cluster, cluster.primary(),
                "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")).isEqualTo("2");
    }

    @Test
    void rowWrittenOnPrimaryIsVisibleOnReplicasAfterCatchUp(PostgresCluster cluster) throws SQLException {
        update(cluster, cluster.primary(), "INSERT INTO " + TABLE + " VALUES (1, 'from primary')");

        cluster.awaitReplicasCaughtUp(CATCH_UP);

        for (Node replica : cluster.replicas()) {
            assertThat(query(cluster, replica, "SELECT note FROM " + TABLE + " WHERE id = 1"))
                    .isEqualTo("from primary");
        }
    }

    @Test
    void pausedReplicaServesOldDataUntilResumed(PostgresCluster cluster) throws SQLException {
        cluster.pauseReplay(1);
        try {
            assertThat(query(cluster, cluster.replica(1), "SELECT pg_is_wal_replay_paused()")).isEqualTo("true");
            assertThat(query(cluster, cluster.replica(2), "SELECT pg_is_wal_replay_paused()")).isEqualTo("false");

            update(cluster, cluster.primary(), "INSERT INTO " + TABLE + " VALUES (2, 'while paused')");
            cluster.awaitReplicaCaughtUp(2, CATCH_UP);

            assertThat(query(cluster, cluster.replica(2), "SELECT count(*) FROM " + TABLE + " WHERE id = 2"))
                    .isEqualTo("1");
            assertThat(query(cluster, cluster.replica(1), "SELECT count(*) FROM " + TABLE + " WHERE id = 2"))
                    .isEqualTo("0");
        }
        finally {
            cluster.resumeReplay(1);
        }
        assertThat(query(cluster, cluster.replica(1), "SELECT pg_is_wal_replay_paused()")).isEqualTo("false");
        cluster.awaitReplicasCaughtUp(CATCH_UP);
        assertThat(query(cluster, cluster.replica(1), "SELECT count(*) FROM " + TABLE + " WHERE id = 2"))
                .isEqualTo("1");
    }

    @Test
    void killedReplicaRecoversAndStreamsAgain(PostgresCluster cluster) throws SQLException {
        assumeTrue(cluster.canStopReplicas(), "needs a local cluster");
        cluster.killReplica(2);
        try {
            update(cluster, cluster.primary(), "INSERT INTO " + TABLE + " VALUES (3, 'while down')");
        }
        finally {
            cluster.startReplica(2);
        }
        cluster.awaitReplicasCaughtUp(CATCH_UP);
        assertThat(query(cluster, cluster.replica(2), "SELECT note FROM " + TABLE + " WHERE id = 3"))
                .isEqualTo("while down");
    }

    @Test
    void stoppedReplicaStartsAgain(PostgresCluster cluster) throws SQLException {
        assumeTrue(cluster.canStopReplicas(), "needs a local cluster");
        cluster.stopReplica(1);
        try {
            assertThat(reachable(cluster, cluster.replica(1))).isFalse();
        }
        finally {
            cluster.startReplica(1);
        }
        assertThat(query(cluster, cluster.replica(1), "SELECT pg_is_in_recovery()")).isEqualTo("true");
    }

    private static boolean reachable(PostgresCluster cluster, Node node) {
        try (Connection connection = cluster.jdbcConnection(node)) {
            return connection.isValid(5);
        }
        catch (SQLException ex) {
            return false;
        }
    }

    private static String query(PostgresCluster cluster, Node node, String sql) throws SQLException {
        try (Connection connection = cluster.jdbcConnection(node);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            assertThat(result.next()).as("a row from %s for %s", node, sql).isTrue();
            String value = result.getString(1);
            return "t".equals(value) ? "true" : "f".equals(value) ? "false" : value;
        }
    }

    private static void update(PostgresCluster cluster, Node node, String sql) throws SQLException {
        try (Connection connection = cluster.jdbcConnection(node); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

}
