package io.r2dbcrouting.testcluster;

import java.util.Map;

import io.r2dbcrouting.testcluster.PostgresCluster.Mode;
import io.r2dbcrouting.testcluster.PostgresCluster.Node;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link PostgresCluster} without servers: an external cluster's settings, URLs and argument checks.
 */
class PostgresClusterUnitTests {

    private static final Map<String, String> EXTERNAL = Map.of("R2DBC_ROUTING_PRIMARY_URL",
            "postgresql://routing:s3cret@127.0.0.1:25432/routing", "R2DBC_ROUTING_REPLICA_URLS",
            "postgresql://routing:s3cret@127.0.0.1:25433/routing, postgresql://routing:s3cret@127.0.0.1:25434/routing");

    @Test
    void externalClusterFromEnvironment() {
        try (PostgresCluster cluster = PostgresCluster.external(EXTERNAL)) {
            assertThat(cluster.mode()).isEqualTo(Mode.EXTERNAL);
            assertThat(cluster.primary()).isEqualTo(new Node("primary", "127.0.0.1", 25432));
            assertThat(cluster.replicas()).containsExactly(new Node("replica-1", "127.0.0.1", 25433),
                    new Node("replica-2", "127.0.0.1", 25434));
            assertThat(cluster.replica(2)).isEqualTo(new Node("replica-2", "127.0.0.1", 25434));
            assertThat(cluster.username()).isEqualTo("routing");
            assertThat(cluster.password()).isEqualTo("s3cret");
            assertThat(cluster.database()).isEqualTo("routing");
            assertThat(cluster.startedHere()).isFalse();
            assertThat(cluster.canStopReplicas()).isFalse();
        }
    }

    @Test
    void urls() {
        try (PostgresCluster cluster = PostgresCluster.external(EXTERNAL)) {
            assertThat(cluster.r2dbcUrl(cluster.primary()))
                    .isEqualTo("r2dbc:postgresql://routing:s3cret@127.0.0.1:25432/routing");
            assertThat(cluster.jdbcUrl(cluster.replica(1))).isEqualTo("jdbc:postgresql://127.0.0.1:25433/routing");
        }
    }

    @Test
    void r2dbcUrlEncodesCredentials() {
        Map<String, String> env = Map.of("R2DBC_ROUTING_PRIMARY_URL", "postgresql://a%40b:p%2Fw%20d@[::1]/db",
                "R2DBC_ROUTING_REPLICA_URLS", "postgresql://a%40b:p%2Fw%20d@[::1]:5433/db");
        try (PostgresCluster cluster = PostgresCluster.external(env)) {
            assertThat(cluster.password()).isEqualTo("p/w d");
            assertThat(cluster.r2dbcUrl(cluster.replica(1)))
                    .isEqualTo("r2dbc:postgresql://a%40b:p%2Fw%20d@[::1]:5433/db");
            assertThat(cluster.primary().address()).isEqualTo("[::1]:5432");
        }
    }

    @Test
    void toStringHidesThePassword() {
        try (PostgresCluster cluster = PostgresCluster.external(EXTERNAL)) {
            assertThat(cluster).hasToString("PostgresCluster[external, primary 127.0.0.1:25432, replicas "
                    + "127.0.0.1:25433, 127.0.0.1:25434, database routing, user routing, started here: false]");
        }
    }

    @Test
    void replicaIndexIsOneBased() {
        try (PostgresCluster cluster = PostgresCluster.external(EXTERNAL)) {
            assertThatIllegalArgumentException().isThrownBy(() -> cluster.replica(0))
                    .withMessage("replica index must be between 1 and 2, was 0");
            assertThatIllegalArgumentException().isThrownBy(() -> cluster.pauseReplay(3))
                    .withMessage("replica index must be between 1 and 2, was 3");
        }
    }

    @Test
    void externalClusterCannotStopReplicas() {
        try (PostgresCluster cluster = PostgresCluster.external(EXTERNAL)) {
            assertThatThrownBy(() -> cluster.stopReplica(1)).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessage("stop-replica needs a cluster run by pg-cluster.sh (mode LOCAL), this one is EXTERNAL");
        }
    }

    @Test
    void externalClusterNeedsReplicas() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PostgresCluster.external(Map.of("R2DBC_ROUTING_PRIMARY_URL",
                        "postgresql://routing:routing@127.0.0.1:5432/routing")))
                .withMessage("R2DBC_ROUTING_REPLICA_URLS must list at least one replica URL when "
                        + "R2DBC_ROUTING_PRIMARY_URL is set");
    }

    @Test
    void externalReplicasShareCredentials() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PostgresCluster.external(Map.of("R2DBC_ROUTING_PRIMARY_URL",
                        "postgresql://routing:routing@127.0.0.1:5432/routing", "R2DBC_ROUTING_REPLICA_URLS",
                        "postgresql://routing:routing@127.0.0.1:5433/routing,"
                                + "postgresql://other:x@127.0.0.1:5434/routing")))
                .withMessage("R2DBC_ROUTING_REPLICA_URLS entry 2 must use the user, password and database of "
                        + "R2DBC_ROUTING_PRIMARY_URL (postgresql://routing:****@127.0.0.1:5432/routing), was "
                        + "postgresql://other:****@127.0.0.1:5434/routing");
    }

    @Test
    void nodeChecksItsComponents() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Node("replica-1", "127.0.0.1", 0))
                .withMessage("port must be between 1 and 65535, was 0 for node 'replica-1'");
        assertThatIllegalArgumentException().isThrownBy(() -> new Node("primary", " ", 5432))
                .withMessage("host must not be empty for node 'primary'");
        assertThat(new Node("primary", "127.0.0.1", 25432)).hasToString("primary (127.0.0.1:25432)");
    }

}
