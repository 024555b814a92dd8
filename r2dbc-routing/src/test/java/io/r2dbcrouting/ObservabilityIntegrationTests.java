package io.r2dbcrouting;

import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbcrouting.micrometer.MicrometerRoutingMetrics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code info()}, {@code stats()}, {@code healthCheck()} and the Micrometer meters, checked against a workload whose
 * routing is known statement by statement.
 */
class ObservabilityIntegrationTests extends ClusterSupport {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @BeforeAll
    static void schema() {
        onPrimaryAndReplicated("CREATE TABLE IF NOT EXISTS observed_items (id serial PRIMARY KEY, note text)");
    }

    /**
     * 12 auto-commit reads (6 per replica, round-robin), 3 auto-commit writes, 2 reads forced to the primary, and a
     * transaction: read (replica), write (primary), read (primary, sticky), commit.
     */
    private static void workload(RoutingConnectionFactory routing) {
        Flux.range(0, 12).concatMap(i -> onConnection(routing, ClusterSupport::server)).blockLast(TIMEOUT);
        Flux.range(0, 3).concatMap(i -> onConnection(routing, c -> update(c, "INSERT INTO observed_items (note) VALUES ('x')")))
            .blockLast(TIMEOUT);
        Flux.range(0, 2).concatMap(i -> onConnection(routing, ClusterSupport::server).contextWrite(Routing.primary()))
            .blockLast(TIMEOUT);
        onConnection(routing, c -> Flux.concat(
                quietly(c.beginTransaction()),
                server(c),
                update(c, "INSERT INTO observed_items (note) VALUES ('tx')").map(String::valueOf),
                server(c),
                quietly(c.commitTransaction()))
            .then(Mono.just(true)))
            .block(TIMEOUT);
    }

    @Test
    void statsCountEveryStatementByTargetAndReason() {
        RoutingConnectionFactory routing = track(router().build());
        workload(routing);
        RoutingStats stats = routing.stats();
        RoutingStats.Target primary = stats.target("primary");
        assertThat(primary.routed()).containsEntry(RoutingReason.WRITE, 4L).containsEntry(RoutingReason.FORCED, 2L)
            .containsEntry(RoutingReason.STICKY, 1L).containsEntry(RoutingReason.READ, 0L);
        assertThat(primary.routedTotal()).isEqualTo(7);
        long replicaReads = stats.target("replica-1").routed().get(RoutingReason.READ)
            + stats.target("replica-2").routed().get(RoutingReason.READ);
        assertThat(replicaReads).isEqualTo(13);
        assertThat(stats.target("replica-1").routedTotal() + stats.target("replica-2").routedTotal()).isEqualTo(13);
        // one primary connection per write, forced read and the transaction; one replica connection per read
        assertThat(primary.acquisitions()).isEqualTo(3 + 2 + 1);
        assertThat(stats.target("replica-1").acquisitions() + stats.target("replica-2").acquisitions()).isEqualTo(13);
        assertThat(primary.acquisitionFailures()).isZero();
        assertThat(primary.pool()).isNotNull();
        assertThat(primary.pool().acquired()).isZero();
        assertThat(primary.pool().max()).isEqualTo(8);
        assertThat(stats.toString()).contains("\"name\":\"primary\"", "\"write\":4", "\"sticky\":1", "\"max\":8");
    }

    @Test
    void micrometerMetersMatchTheWorkload() {
        RoutingConnectionFactory routing = track(router().build());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new MicrometerRoutingMetrics(routing).bindTo(registry);
        workload(routing);
        assertThat(registry.get(MicrometerRoutingMetrics.STATEMENTS).tags("target", "primary", "reason", "write")
            .functionCounter().count()).isEqualTo(4.0);
        assertThat(registry.get(MicrometerRoutingMetrics.STATEMENTS).tags("target", "primary", "reason", "sticky")
            .functionCounter().count()).isEqualTo(1.0);
        double replicaReads = registry.get(MicrometerRoutingMetrics.STATEMENTS).tags("reason", "read").functionCounters()
            .stream().mapToDouble(counter -> counter.count()).sum();
        assertThat(replicaReads).isEqualTo(13.0);
        FunctionTimer acquisitions = registry.get(MicrometerRoutingMetrics.ACQUISITIONS).tags("target", "primary").functionTimer();
        assertThat(acquisitions.count()).isEqualTo(6.0);
        assertThat(acquisitions.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
        assertThat(registry.get(MicrometerRoutingMetrics.POOL_PREFIX + "max").tags("target", "replica-2").gauge().value())
            .isEqualTo(8.0);
        assertThat(registry.get(MicrometerRoutingMetrics.POOL_PREFIX + "acquired").tags("target", "replica-2").gauge().value())
            .isZero();
    }

    @Test
    void infoDescribesEveryTarget() {
        RoutingConnectionFactory routing = track(router().group("analytics", replica2Pool).build());
        RoutingInfo info = routing.info();
        assertThat(info.enabled()).isTrue();
        assertThat(info.strategy()).isEqualTo(RoutingStrategy.ROUND_ROBIN);
        assertThat(info.targets()).extracting(RoutingInfo.Target::group, RoutingInfo.Target::name, RoutingInfo.Target::weight)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("primary", "primary", 1),
                org.assertj.core.groups.Tuple.tuple("replicas", "replica-1", 1),
                org.assertj.core.groups.Tuple.tuple("replicas", "replica-2", 1),
                org.assertj.core.groups.Tuple.tuple("analytics", "analytics", 1));
        assertThat(info.targets()).allSatisfy(target -> {
            assertThat(target.poolClass()).isEqualTo("ConnectionPool");
            assertThat(target.maxSize()).isEqualTo(8);
            assertThat(target.url()).isNull();       // given as connection factories, not URLs
        });
        assertThat(info.toString()).startsWith("{\"enabled\":true,\"strategy\":\"ROUND_ROBIN\",\"stickyAfterWrite\":true,\"targets\":[")
            .contains("{\"group\":\"analytics\",\"name\":\"analytics\",\"weight\":1,\"url\":null,\"poolClass\":\"ConnectionPool\"");
    }

    @Test
    void healthCheckReportsEachTargetUpOrDownWithoutFailing() {
        ConnectionPool unreachable = pool("r2dbc:postgresql://routing:routing@127.0.0.1:1/routing?connectTimeout=PT2S");
        try {
            RoutingConnectionFactory routing = track(RoutingConnectionFactory.builder()
                .primary(primaryPool)
                .replica("replica-1", replica1Pool, 1)
                .replica("gone", unreachable, 1)
                .build());
            RoutingHealth health = routing.healthCheck().block(TIMEOUT);
            assertThat(health.isHealthy()).isFalse();
            Map<String, Boolean> up = new java.util.LinkedHashMap<>();
            health.targets().forEach(target -> up.put(target.name(), target.up()));
            assertThat(up).containsExactly(Map.entry("primary", true), Map.entry("replica-1", true), Map.entry("gone", false));
            assertThat(health.targets().get(2).error()).isNotBlank();
            assertThat(health.targets().get(0).error()).isNull();
            assertThat(health.toString()).startsWith("{\"healthy\":false,\"targets\":[");
            assertThat(routing.stats().target("gone").acquisitionFailures()).isEqualTo(1);
            assertThat(track(router().build()).healthCheck().block(TIMEOUT).isHealthy()).isTrue();
        } finally {
            unreachable.disposeLater().block(TIMEOUT);
        }
    }

    @Test
    void closeLeavesPoolsTheCallerGaveOpen() {
        RoutingConnectionFactory routing = track(router().build());
        routing.close().block(TIMEOUT);
        routing.close().block(TIMEOUT);
        assertThat(routing.isClosed()).isTrue();
        assertThat(primaryPool.isDisposed()).isFalse();
        assertThat(onConnection(primaryPool, ClusterSupport::server).block(TIMEOUT)).isEqualTo("primary");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> routing.create().block(TIMEOUT))
            .hasMessage("RoutingConnectionFactory is closed");
    }
}
