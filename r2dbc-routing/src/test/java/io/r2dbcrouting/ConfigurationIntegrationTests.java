package io.r2dbcrouting;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every configuration path (the R2DBC URL, {@link RoutingConfig}'s builder, the environment) builds a factory that
 * routes correctly on the real cluster, owns the pools it made, and never shows the password.
 */
class ConfigurationIntegrationTests extends ClusterSupport {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static String hostList() {
        return "127.0.0.1:" + primaryPort + ",127.0.0.1:" + replica1Port + ",127.0.0.1:" + replica2Port;
    }

    private static String libpqUrl(int port) {
        return "postgresql://routing:routing@127.0.0.1:" + port + "/routing";
    }

    /** 30 reads on fresh connections: which servers answered, and how often. */
    private static Map<String, Long> readDistribution(ConnectionFactory factory) {
        return Flux.range(0, 30)
            .concatMap(i -> onConnection(factory, ClusterSupport::server))
            .collect(Collectors.groupingBy(name -> name, Collectors.counting()))
            .block(TIMEOUT);
    }

    private static String writer(ConnectionFactory factory) {
        return onConnection(factory, c -> whoAnswers(c, "SELECT inet_server_port() FROM (SELECT nextval('config_seq')) n")).block(TIMEOUT);
    }

    @org.junit.jupiter.api.BeforeAll
    static void schema() {
        onPrimaryAndReplicated("CREATE SEQUENCE IF NOT EXISTS config_seq");
    }

    @Test
    void theRoutingUrlWorksThroughConnectionFactoriesGet() {
        ConnectionFactory factory = ConnectionFactories.get("r2dbc:routing:postgresql://routing:routing@" + hostList()
            + "/routing?replicaWeights=2,1&maxSize=3&initialSize=0&applicationName=routing-url-test&strategy=ROUND_ROBIN");
        assertThat(factory).isInstanceOf(RoutingConnectionFactory.class);
        RoutingConnectionFactory routing = (RoutingConnectionFactory) factory;
        try {
            assertThat(readDistribution(routing)).containsEntry("replica-1", 20L).containsEntry("replica-2", 10L).hasSize(2);
            assertThat(writer(routing)).isEqualTo("primary");
            // a driver option of the URL reaches every target
            assertThat(onConnection(routing, c -> single(c, "SELECT current_setting('application_name')", String.class)).block(TIMEOUT))
                .isEqualTo("routing-url-test");
            RoutingInfo info = routing.info();
            assertThat(info.targets()).extracting(RoutingInfo.Target::name).containsExactly("primary", "replica-1", "replica-2");
            assertThat(info.targets()).extracting(RoutingInfo.Target::maxSize).containsOnly(3);
            assertThat(info.targets().get(0).url()).isEqualTo("r2dbc:postgresql://routing:***@127.0.0.1:" + primaryPort
                + "/routing?applicationName=routing-url-test");
            assertThat(info.toString()).doesNotContain(":routing@");
            assertThat(routing.stats().target("replica-1").pool().max()).isEqualTo(3);
        } finally {
            routing.close().block(TIMEOUT);
        }
        // the factory owned its pools: closing it closed them
        assertThat(Flux.interval(Duration.ofMillis(100)).take(50)
                .concatMap(tick -> activeConnections("routing-url-test"))
                .filter(count -> count == 0).blockFirst(TIMEOUT))
            .as("connections of the owned pools left on the server after close()").isZero();
        assertThatThrownBy(() -> routing.create().block(TIMEOUT)).hasMessage("RoutingConnectionFactory is closed");
    }

    @Test
    void aRoutingConfigBuildsAFactoryWithGroups() {
        RoutingConfig config = RoutingConfig.builder()
            .primary(libpqUrl(primaryPort))
            .replica("east", "r2dbc:postgresql://routing:routing@127.0.0.1:" + replica1Port + "/routing", 1)
            .group("analytics", libpqUrl(replica2Port))
            .pool(RoutingConfig.PoolSettings.builder().initialSize(0).maxSize(2).build())
            .build();
        RoutingConnectionFactory routing = track(RoutingConnectionFactory.from(config));
        try {
            assertThat(readDistribution(routing)).containsOnlyKeys("replica-1").containsEntry("replica-1", 30L);
            assertThat(onConnection(routing, ClusterSupport::server).contextWrite(Routing.group("analytics")).block(TIMEOUT))
                .isEqualTo("replica-2");
            assertThat(writer(routing)).isEqualTo("primary");
            assertThat(routing.info().targets()).extracting(RoutingInfo.Target::group, RoutingInfo.Target::name)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("primary", "primary"),
                    org.assertj.core.groups.Tuple.tuple("replicas", "east"),
                    org.assertj.core.groups.Tuple.tuple("analytics", "analytics"));
        } finally {
            routing.close().block(TIMEOUT);
        }
    }

    @Test
    void theEnvironmentBuildsASplittingFactoryOrASingleDatabaseOne() {
        RoutingConnectionFactory splitting = track(RoutingConnectionFactory.from(RoutingConfig.fromEnvironment(Map.of(
            "ENABLE_DB_SPLITTING", "true",
            "DATABASE_URL", libpqUrl(primaryPort),
            "READ_DATABASE_URL", libpqUrl(replica1Port) + "," + libpqUrl(replica2Port),
            "DB_POOL_SIZE", "1",
            "DB_MAX_OVERFLOW", "2"))));
        try {
            assertThat(readDistribution(splitting)).containsEntry("replica-1", 15L).containsEntry("replica-2", 15L);
            assertThat(splitting.info().targets()).extracting(RoutingInfo.Target::initialSize, RoutingInfo.Target::maxSize)
                .containsOnly(org.assertj.core.groups.Tuple.tuple(1, 3));
        } finally {
            splitting.close().block(TIMEOUT);
        }
        RoutingConnectionFactory single = track(RoutingConnectionFactory.from(RoutingConfig.fromEnvironment(Map.of(
            "DATABASE_URL", libpqUrl(primaryPort)))));
        try {
            assertThat(single.isEnabled()).isFalse();
            assertThat(readDistribution(single)).containsOnlyKeys("primary");
        } finally {
            single.close().block(TIMEOUT);
        }
    }

    @Test
    void anUnreachableReplicaDoesNotStopTheFactoryFromStarting() {
        RoutingConnectionFactory routing = track(RoutingConnectionFactory.from(RoutingConfig.builder()
            .primary(libpqUrl(primaryPort))
            .replica("gone", "postgresql://routing:routing@127.0.0.1:1/routing?connectTimeout=PT1S", 1)
            .pool(RoutingConfig.PoolSettings.builder().initialSize(1).maxSize(2).build())
            .build()));
        try {
            assertThat(onConnection(routing, ClusterSupport::server).contextWrite(Routing.primary()).block(TIMEOUT))
                .isEqualTo("primary");
            RoutingHealth health = routing.healthCheck().block(TIMEOUT);
            assertThat(health.targets()).extracting(RoutingHealth.Target::name, RoutingHealth.Target::up)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("primary", true), org.assertj.core.groups.Tuple.tuple("gone", false));
        } finally {
            routing.close().block(TIMEOUT);
        }
    }

    private static reactor.core.publisher.Mono<Long> activeConnections(String applicationName) {
        return onConnection(primaryPool, c -> single(c,
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + applicationName + "'", Long.class));
    }

}
