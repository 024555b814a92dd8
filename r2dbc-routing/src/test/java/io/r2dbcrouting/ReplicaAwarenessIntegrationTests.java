package io.r2dbcrouting;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.Result;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Health, failover, lag limits and read-your-writes, with faults made by the cluster script: replicas stopped and
 * started, WAL replay paused and resumed. Every test puts the cluster back as it found it.
 */
class ReplicaAwarenessIntegrationTests extends ClusterSupport {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static final Duration INTERVAL = Duration.ofMillis(200);

    @BeforeAll
    static void schema() {
        Assumptions.assumeTrue(cluster.canStopReplicas(), "fault tests need the local cluster script");
        onPrimaryAndReplicated(
            "CREATE TABLE IF NOT EXISTS aware_items (id serial PRIMARY KEY, note text)",
            "CREATE TABLE IF NOT EXISTS aware_touches (at timestamptz)",
            "CREATE OR REPLACE FUNCTION aware_touch() RETURNS int LANGUAGE sql AS "
                + "$$ INSERT INTO aware_touches VALUES (now()); SELECT inet_server_port(); $$");
    }

    private static RoutingConnectionFactory.Builder monitored() {
        return router().healthCheckInterval(INTERVAL);
    }

    private static void await(String what, java.util.function.BooleanSupplier condition, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within + ": " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    private static boolean inRotation(RoutingConnectionFactory routing, String replica) {
        return routing.healthCheck().block(TIMEOUT).targets().stream()
            .filter(target -> target.name().equals(replica)).findFirst().orElseThrow().up();
    }

    private static Map<String, Long> reads(RoutingConnectionFactory routing, int count) {
        return Flux.range(0, count)
            .concatMap(i -> onConnection(routing, ClusterSupport::server))
            .collect(Collectors.groupingBy(name -> name, Collectors.counting()))
            .block(TIMEOUT);
    }

    @Test
    void aStoppedReplicaLeavesRotationWithoutAFailedReadAndComesBack() throws InterruptedException {
        RoutingConnectionFactory routing = track(monitored().build());
        assertThat(reads(routing, 20)).containsOnlyKeys("replica-1", "replica-2");
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger succeeded = new AtomicInteger();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        // 8 readers, each on fresh connections, for as long as the fault lasts
        reactor.core.Disposable load = Flux.range(0, 8)
            .flatMap(reader -> Flux.interval(Duration.ofMillis(2)).onBackpressureDrop()
                .concatMap(tick -> onConnection(routing, ClusterSupport::server)
                    .doOnNext(server -> succeeded.incrementAndGet())
                    .onErrorResume(error -> {
                        failed.incrementAndGet();
                        failures.add(error);
                        return Mono.empty();
                    })))
            .subscribe();
        try {
            Thread.sleep(300);
            cluster.stopReplica(1);
            long stopped = System.nanoTime();
            await("replica-1 out of rotation", () -> !inRotation(routing, "replica-1"), Duration.ofSeconds(10));
            long outAfterMillis = Duration.ofNanos(System.nanoTime() - stopped).toMillis();
            int before = succeeded.get();
            Thread.sleep(500);
            assertThat(succeeded.get()).as("reads keep succeeding with a replica down").isGreaterThan(before);
            // the monitor interval plus one check (whose timeout is 2 s), doubled for a loaded 2-core machine
            assertThat(outAfterMillis).as("out within the monitor interval plus one check")
                .isLessThan(2 * (INTERVAL.toMillis() + 2000));
        } finally {
            cluster.startReplica(1);
            load.dispose();
        }
        assertThat(failures).as("failed reads").isEmpty();
        assertThat(failed.get()).isZero();
        assertThat(succeeded.get()).isGreaterThan(100);
        await("replica-1 back in rotation", () -> inRotation(routing, "replica-1"), Duration.ofSeconds(30));
        await("replica-1 serves reads again", () -> reads(routing, 6).containsKey("replica-1"), Duration.ofSeconds(10));
    }

    @Test
    void withBothReplicasStoppedReadsGoToThePrimaryOrFailClearly() {
        RoutingConnectionFactory routing = track(monitored().build());
        RoutingConnectionFactory strict = track(monitored().fallbackToPrimary(false).build());
        assertThat(reads(routing, 4)).containsOnlyKeys("replica-1", "replica-2");
        reads(strict, 2);
        cluster.stopReplica(1);
        cluster.stopReplica(2);
        try {
            await("both replicas out", () -> !inRotation(routing, "replica-1") && !inRotation(routing, "replica-2"),
                Duration.ofSeconds(15));
            assertThat(reads(routing, 10)).containsOnlyKeys("primary");
            await("both replicas out for the strict factory",
                () -> !inRotation(strict, "replica-1") && !inRotation(strict, "replica-2"), Duration.ofSeconds(15));
            StepVerifier.create(onConnection(strict, ClusterSupport::server))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(R2dbcException.class)
                    .hasMessageStartingWith("no replica can serve this read and fallbackToPrimary is off: replica-1 is out of rotation (")
                    .hasMessageContaining("; replica-2 is out of rotation ("))
                .verify(TIMEOUT);
            // writes are not affected
            assertThat(onConnection(strict, c -> whoAnswers(c,
                "INSERT INTO aware_items (note) VALUES ('both down') RETURNING inet_server_port()")).block(TIMEOUT)).isEqualTo("primary");
        } finally {
            cluster.startReplica(1);
            cluster.startReplica(2);
        }
        await("replicas back", () -> inRotation(routing, "replica-1") && inRotation(routing, "replica-2"), Duration.ofSeconds(30));
    }

    @Test
    void aReplicaWhoseReplayIsPausedLeavesRotationUnderMaxReplicaLag() {
        RoutingConnectionFactory routing = track(monitored().maxReplicaLag(Duration.ofMillis(500)).build());
        assertThat(reads(routing, 10)).containsOnlyKeys("replica-1", "replica-2");
        cluster.pauseReplay(1);
        try {
            onPrimaryAndWrite("paused lag");
            await("replica-1 out for lag", () -> !inRotation(routing, "replica-1"), Duration.ofSeconds(10));
            RoutingHealth.Target lagging = routing.healthCheck().block(TIMEOUT).targets().get(1);
            assertThat(lagging.name()).isEqualTo("replica-1");
            assertThat(lagging.error()).contains("out of rotation");
            assertThat(lagging.lag()).isGreaterThan(Duration.ofMillis(500));
            assertThat(lagging.lagBytes()).isPositive();
            assertThat(reads(routing, 20)).containsOnlyKeys("replica-2");
            // a per-subscription bound is stricter still: nothing is that fresh but the primary and replica-2
            assertThat(reads(routing, 4).keySet()).containsOnly("replica-2");
        } finally {
            cluster.resumeReplay(1);
        }
        await("replica-1 back after catching up", () -> inRotation(routing, "replica-1"), Duration.ofSeconds(15));
        // an idle primary does not make a caught-up replica look lagged
        assertThat(routing.healthCheck().block(TIMEOUT).targets().get(1).lag()).isLessThan(Duration.ofMillis(500));
    }

    @Test
    void maxStalenessSendsReadsOnlyToFreshEnoughReplicas() {
        RoutingConnectionFactory routing = track(monitored().build());
        reads(routing, 4);
        cluster.pauseReplay(1);
        try {
            onPrimaryAndWrite("staleness");
            await("replica-1 known to lag", () -> {
                Duration lag = routing.healthCheck().block(TIMEOUT).targets().get(1).lag();
                return lag != null && lag.compareTo(Duration.ofMillis(400)) > 0;
            }, Duration.ofSeconds(10));
            Map<String, Long> bounded = Flux.range(0, 20)
                .concatMap(i -> onConnection(routing, ClusterSupport::server).contextWrite(Routing.maxStaleness(Duration.ofMillis(300))))
                .collect(Collectors.groupingBy(name -> name, Collectors.counting()))
                .block(TIMEOUT);
            assertThat(bounded).containsOnlyKeys("replica-2");
            assertThat(reads(routing, 20)).containsKey("replica-1");    // without the bound it is still used
        } finally {
            cluster.resumeReplay(1);
        }
    }

    @Test
    void causalReadsAlwaysSeeTheSessionsWritesWhileReplayIsPausedOnOneReplica() {
        RoutingConnectionFactory causal = track(monitored().readConsistency(ReadConsistency.CAUSAL)
            .catchUpTimeout(Duration.ofSeconds(2)).build());
        reads(causal, 4);
        cluster.pauseReplay(1);
        try {
            Map<String, AtomicInteger> servedBy = new ConcurrentHashMap<>();
            for (int i = 0; i < 200; i++) {
                String note = "causal-" + i + "-" + System.nanoTime();
                List<Object> seen = Flux.concat(
                        onConnection(causal, c -> update(c, "INSERT INTO aware_items (note) VALUES ('" + note + "')")),
                        onConnection(causal, c -> Flux.from(c.createStatement(
                                "SELECT count(*), inet_server_port() FROM aware_items WHERE note = '" + note + "'").execute())
                            .concatMap(result -> result.map(row -> List.of(row.get(0, Long.class), row.get(1, Integer.class))))
                            .single()))
                    .collectList()
                    .contextWrite(Routing.session())
                    .block(TIMEOUT);
                @SuppressWarnings("unchecked")
                List<Object> read = (List<Object>) seen.get(1);
                String server = serverName((Integer) read.get(1));
                servedBy.computeIfAbsent(server, name -> new AtomicInteger()).incrementAndGet();
                assertThat(read.get(0)).as("read #" + i + " on " + server + " sees the session's write").isEqualTo(1L);
            }
            assertThat(servedBy).doesNotContainKey("replica-1");
            assertThat(servedBy.get("replica-2")).as("caught-up replica used").isNotNull();
            assertThat(servedBy.get("replica-2").get()).isGreaterThan(100);
        } finally {
            cluster.resumeReplay(1);
        }
    }

    @Test
    void aCausalConnectionReadsItsOwnCommittedWritesWithoutASession() {
        RoutingConnectionFactory causal = track(monitored().readConsistency(ReadConsistency.CAUSAL).build());
        reads(causal, 4);
        cluster.pauseReplay(1);
        cluster.pauseReplay(2);
        try {
            for (int i = 0; i < 20; i++) {
                String note = "own-" + i + "-" + System.nanoTime();
                List<String> answers = onConnection(causal, c -> Flux.concat(
                        server(c),
                        quietly(update(c, "INSERT INTO aware_items (note) VALUES ('" + note + "')")),
                        single(c, "SELECT count(*) FROM aware_items WHERE note = '" + note + "'", Long.class).map(String::valueOf),
                        server(c))
                    .collectList()).block(TIMEOUT);
                assertThat(answers.get(0)).startsWith("replica-");
                assertThat(answers.subList(1, 3)).as("both replicas are paused: after its own write the connection reads on the primary")
                    .containsExactly("1", "primary");
            }
        } finally {
            cluster.resumeReplay(1);
            cluster.resumeReplay(2);
        }
    }

    @Test
    void withoutCausalModeAStaleReadHappens() {
        RoutingConnectionFactory sticky = track(monitored().build());
        reads(sticky, 4);
        cluster.pauseReplay(1);
        try {
            int stale = 0;
            for (int i = 0; i < 10; i++) {
                String note = "stale-" + i + "-" + System.nanoTime();
                onConnection(sticky, c -> update(c, "INSERT INTO aware_items (note) VALUES ('" + note + "')")).block(TIMEOUT);
                Long count = onConnection(sticky, c -> single(c, "SELECT count(*) FROM aware_items WHERE note = '" + note + "'", Long.class))
                    .block(TIMEOUT);
                if (count == 0) {
                    stale++;
                }
            }
            assertThat(stale).as("reads that missed the write just made (no session, STICKY)").isPositive();
        } finally {
            cluster.resumeReplay(1);
        }
    }

    @Test
    void theSessionTokenCarriesReadYourWritesToAnotherRequest() {
        RoutingConnectionFactory causal = track(monitored().readConsistency(ReadConsistency.CAUSAL).build());
        reads(causal, 4);
        cluster.pauseReplay(1);
        cluster.pauseReplay(2);
        try {
            String note = "token-" + System.nanoTime();
            String token = onConnection(causal, c -> update(c, "INSERT INTO aware_items (note) VALUES ('" + note + "')"))
                .then(Routing.currentSession().map(RoutingSession::token))
                .contextWrite(Routing.session())
                .block(TIMEOUT);
            assertThat(token).startsWith(RoutingSession.TOKEN_PREFIX);
            // a later request with the token: both replicas are behind, so its read must go to the primary
            List<Object> read = onConnection(causal, c -> Flux.from(c.createStatement(
                        "SELECT count(*), inet_server_port() FROM aware_items WHERE note = '" + note + "'").execute())
                    .concatMap(result -> result.map(row -> List.<Object>of(row.get(0, Long.class), row.get(1, Integer.class))))
                    .single())
                .contextWrite(Routing.session(token))
                .block(TIMEOUT);
            assertThat(read.get(0)).isEqualTo(1L);
            assertThat(serverName((Integer) read.get(1))).isEqualTo("primary");
            // without the token the same read goes to a (stale) replica
            String fresh = onConnection(causal, ClusterSupport::server).contextWrite(Routing.session()).block(TIMEOUT);
            assertThat(fresh).startsWith("replica-");
        } finally {
            cluster.resumeReplay(1);
            cluster.resumeReplay(2);
        }
    }

    @Test
    void aFunctionThatWritesIsRefusedByTheReplicaRunOnThePrimaryAndRemembered() {
        RoutingConnectionFactory routing = track(monitored().build());
        String sql = "SELECT aware_touch()";
        assertThat(onConnection(routing, c -> whoAnswers(c, sql)).block(TIMEOUT)).isEqualTo("primary");
        RoutingStats first = routing.stats();
        long replicaReads = first.target("replica-1").routed().get(RoutingReason.READ) + first.target("replica-2").routed().get(RoutingReason.READ);
        assertThat(replicaReads).as("the first run went to a replica, which refused it").isEqualTo(1);
        assertThat(first.target("primary").routed().get(RoutingReason.WRITE)).isEqualTo(1);
        // the next run goes straight to the primary
        assertThat(onConnection(routing, c -> whoAnswers(c, sql)).block(TIMEOUT)).isEqualTo("primary");
        RoutingStats second = routing.stats();
        assertThat(second.target("replica-1").routed().get(RoutingReason.READ) + second.target("replica-2").routed().get(RoutingReason.READ))
            .isEqualTo(1);
        assertThat(second.target("primary").routed().get(RoutingReason.WRITE)).isEqualTo(2);
    }

    @Test
    void everyWayOfReadingAResultContinuesOnThePrimaryAfterARefusal() {
        // each text is new to the router, so each first goes to a replica, which refuses it as a write
        RoutingConnectionFactory routing = track(monitored().build());
        Integer byRows = onConnection(routing, c -> Flux.from(c.createStatement("SELECT aware_touch() AS by_rows").execute())
                .concatMap(result -> result.map((row, metadata) -> row.get(0, Integer.class)))
                .single())
            .block(TIMEOUT);
        Integer bySegments = onConnection(routing, c -> Flux.from(c.createStatement("SELECT aware_touch() AS by_segments").execute())
                // flatMap hands the server's refusal to the function as a message segment: it is recovered once the
                // function turns it into an error signal
                .concatMap(result -> result.flatMap(segment -> segment instanceof Result.RowSegment
                    ? Mono.justOrEmpty(((Result.RowSegment) segment).row().get(0, Integer.class))
                    : segment instanceof Result.Message ? Mono.error(((Result.Message) segment).exception()) : Mono.empty()))
                .single())
            .block(TIMEOUT);
        Long counted = onConnection(routing, c -> Flux.from(c.createStatement("SELECT aware_touch() AS by_count").execute())
                .concatMap(Result::getRowsUpdated)
                .reduce(0L, Long::sum))
            .block(TIMEOUT);
        Integer filtered = onConnection(routing, c -> Flux.from(c.createStatement("SELECT aware_touch() AS filtered").execute())
                .concatMap(result -> result.filter(segment -> !(segment instanceof Result.UpdateCount)).map(row -> row.get(0, Integer.class)))
                .single())
            .block(TIMEOUT);
        assertThat(serverName(byRows)).isEqualTo("primary");
        assertThat(serverName(bySegments)).isEqualTo("primary");
        assertThat(serverName(filtered)).isEqualTo("primary");
        assertThat(counted).as("the row count of the SELECT on the primary").isEqualTo(1L);
        RoutingStats stats = routing.stats();
        assertThat(stats.target("replica-1").routed().get(RoutingReason.READ) + stats.target("replica-2").routed().get(RoutingReason.READ))
            .as("each ran first on a replica").isEqualTo(4);
        assertThat(stats.target("primary").routed().get(RoutingReason.WRITE)).as("then again on the primary").isEqualTo(4);
        assertPoolsIdle();
    }

    @Test
    void inATransactionARefusedFirstStatementMovesTheTransactionToThePrimary() {
        RoutingConnectionFactory routing = track(monitored().build());
        String sql = "SELECT aware_touch() AS touched_in_tx";
        List<String> servers = onConnection(routing, c -> Flux.concat(
                quietly(c.beginTransaction()),
                whoAnswers(c, sql),
                server(c),
                quietly(c.commitTransaction()))
            .collectList()).block(TIMEOUT);
        assertThat(servers).containsExactly("primary", "primary");
        // a transaction that already read on the replica cannot be redone there: the refusal reaches the caller
        String again = "SELECT aware_touch() AS touched_after_a_read";
        StepVerifier.create(onConnection(routing, c -> Flux.concat(
                    quietly(c.beginTransaction()),
                    server(c),
                    whoAnswers(c, again))
                .collectList()))
            .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(R2dbcException.class)
                .satisfies(r2dbc -> assertThat(((R2dbcException) r2dbc).getSqlState()).isEqualTo("25006")))
            .verify(TIMEOUT);
        assertPoolsIdle();
    }

    @Test
    void aReplicaThatIsNotInRecoveryIsReportedAndNotUsedForReads() {
        RoutingConnectionFactory routing = track(RoutingConnectionFactory.builder()
            .primary(primaryPool)
            .replica("not-a-standby", primaryPool, 1)
            .replica("replica-2", replica2Pool, 1)
            .healthCheckInterval(INTERVAL)
            .build());
        assertThat(reads(routing, 10)).containsOnlyKeys("replica-2");
        RoutingHealth.Target wrongRole = routing.healthCheck().block(TIMEOUT).targets().get(1);
        assertThat(wrongRole.up()).isFalse();
        assertThat(wrongRole.error()).isEqualTo("out of rotation: not in recovery: it is not a standby (promoted?)");
    }

    @Test
    void closingTheFactoryStopsTheMonitorAndReleasesEveryConnection() throws InterruptedException {
        AtomicLong checks = new AtomicLong();
        ConnectionFactory countingReplica = new ConnectionFactory() {
            @Override
            public Publisher<? extends Connection> create() {
                return Mono.defer(() -> {
                    checks.incrementAndGet();
                    return replica1Pool.create();
                });
            }

            @Override
            public ConnectionFactoryMetadata getMetadata() {
                return replica1Pool.getMetadata();
            }
        };
        RoutingConnectionFactory routing = RoutingConnectionFactory.builder()
            .primary(primaryPool)
            .replica("replica-1", countingReplica, 1)
            .healthCheckInterval(Duration.ofMillis(50))
            .build();
        Connection held = routing.create().block(TIMEOUT);
        server(held).block(TIMEOUT);
        Thread.sleep(300);
        assertThat(checks.get()).as("the monitor checks the replica").isGreaterThan(2);
        Mono.from(held.close()).block(TIMEOUT);
        routing.close().block(TIMEOUT);
        long afterClose = checks.get();
        Thread.sleep(400);
        assertThat(checks.get()).as("no check after close").isLessThanOrEqualTo(afterClose + 1);
        assertPoolsIdle();
    }

    private static void onPrimaryAndWrite(String note) {
        onConnection(primaryPool, c -> update(c, "INSERT INTO aware_items (note) VALUES ('" + note + "')")).block(TIMEOUT);
    }
}
