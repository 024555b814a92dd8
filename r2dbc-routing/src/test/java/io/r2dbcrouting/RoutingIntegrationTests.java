package io.r2dbcrouting;

import java.time.Duration;
import java.util.List;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.IsolationLevel;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.TransactionDefinition;
import io.r2dbc.spi.ValidationDepth;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The routing rules of the core, each checked on the real cluster by asking the server that answered who it is.
 */
class RoutingIntegrationTests extends ClusterSupport {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final String WHO = "SELECT inet_server_port()";

    @BeforeAll
    static void schema() {
        onPrimaryAndReplicated(
            "CREATE TABLE IF NOT EXISTS routing_items (id serial PRIMARY KEY, note text)",
            "CREATE SEQUENCE IF NOT EXISTS routing_seq",
            "INSERT INTO routing_items (note) SELECT 'seed' WHERE NOT EXISTS (SELECT 1 FROM routing_items)");
    }

    @Test
    void autoCommitReadGoesToAReplicaAndWriteToThePrimary() {
        RoutingConnectionFactory routing = track(router().build());
        assertThat(onConnection(routing, c -> server(c)).block(TIMEOUT)).startsWith("replica-");
        assertThat(onConnection(routing, c -> single(c, "SELECT pg_is_in_recovery()", Boolean.class)).block(TIMEOUT)).isTrue();
        assertThat(onConnection(routing,
            c -> whoAnswers(c, "INSERT INTO routing_items (note) VALUES ('auto') RETURNING inet_server_port()")).block(TIMEOUT))
            .isEqualTo("primary");
        assertPoolsIdle();
    }

    @Test
    void mutatingAndLockingStatementsGoToThePrimary() {
        RoutingConnectionFactory routing = track(router().build());
        List<String> primarySql = List.of(
            "SELECT inet_server_port() FROM routing_items LIMIT 1 FOR UPDATE",
            "SELECT inet_server_port() FROM routing_items LIMIT 1 FOR NO KEY UPDATE",
            "SELECT inet_server_port() FROM routing_items LIMIT 1 FOR SHARE",
            "SELECT inet_server_port() FROM routing_items LIMIT 1 FOR KEY SHARE",
            "SELECT (inet_server_port() + 0 * nextval('routing_seq'))::int",
            "SELECT inet_server_port() FROM (SELECT pg_advisory_unlock_all()) unlocked",
            "WITH moved AS (UPDATE routing_items SET note = note WHERE id = -1 RETURNING id) SELECT inet_server_port() FROM (SELECT count(*) FROM moved) m",
            "UPDATE routing_items SET note = note WHERE id = (SELECT min(id) FROM routing_items) RETURNING inet_server_port()",
            "DELETE FROM routing_items WHERE note = 'to-delete' RETURNING inet_server_port()");
        onPrimaryAndReplicated("INSERT INTO routing_items (note) VALUES ('to-delete')");
        for (String sql : primarySql) {
            assertThat(onConnection(routing, c -> whoAnswers(c, sql)).block(TIMEOUT)).as(sql).isEqualTo("primary");
        }
        List<String> replicaSql = List.of(
            "SELECT inet_server_port() /* update */ -- delete",
            "SELECT inet_server_port() WHERE 'insert into x' <> 'update'",
            "WITH x AS (SELECT inet_server_port() AS p) SELECT p FROM x",
            "VALUES (inet_server_port())",
            "SELECT \"update\" FROM (SELECT inet_server_port() AS \"update\") t");
        for (String sql : replicaSql) {
            assertThat(onConnection(routing, c -> whoAnswers(c, sql)).block(TIMEOUT)).as(sql).startsWith("replica-");
        }
    }

    @Test
    void transactionStartsOnAReplicaFlipsToThePrimaryAtItsFirstWriteAndResetsAtCommit() {
        RoutingConnectionFactory routing = track(router().build());
        List<String> servers = onConnection(routing, c -> Flux.concat(
                quietly(c.beginTransaction()),
                server(c),
                whoAnswers(c, "INSERT INTO routing_items (note) VALUES ('tx') RETURNING inet_server_port()"),
                server(c),
                single(c, "SELECT count(*) FROM routing_items WHERE note = 'tx-marker'", Long.class).map(String::valueOf),
                quietly(c.commitTransaction()),
                server(c))
            .collectList()).block(TIMEOUT);
        assertThat(servers.get(0)).startsWith("replica-");
        assertThat(servers.subList(1, 3)).containsExactly("primary", "primary");
        assertThat(servers.get(4)).as("after commit, reads go back to the replica").isEqualTo(servers.get(0));
        assertPoolsIdle();
    }

    @Test
    void aTransactionMarkedReadWriteStillStartsOnAReplica() {
        // Spring's R2dbcTransactionManager marks every transaction that is not read-only with READ_ONLY = false, which
        // the driver sends as BEGIN READ WRITE: a standby refuses that, so the replica part must begin read-only
        RoutingConnectionFactory routing = track(router().build());
        TransactionDefinition readWrite = new TransactionDefinition() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> T getAttribute(io.r2dbc.spi.Option<T> option) {
                return option.equals(TransactionDefinition.READ_ONLY) ? (T) Boolean.FALSE : null;
            }
        };
        List<String> servers = onConnection(routing, c -> Flux.concat(
                quietly(c.beginTransaction(readWrite)),
                server(c),
                whoAnswers(c, "INSERT INTO routing_items (note) VALUES ('read-write') RETURNING inet_server_port()"),
                single(c, "SHOW transaction_read_only", String.class),
                quietly(c.rollbackTransaction()))
            .collectList()).block(TIMEOUT);
        assertThat(servers.get(0)).startsWith("replica-");
        assertThat(servers.subList(1, 3)).containsExactly("primary", "off");
        RoutingStats stats = routing.stats();
        assertThat(stats.target("primary").routed().get(RoutingReason.FALLBACK)).isZero();
    }

    @Test
    void closingInTheMiddleOfATransactionRollsBackEveryPart() {
        // a pool of one primary connection: what the router released is what the next caller gets. r2dbc-pool rolls
        // back on release by itself too, so this checks the outcome; RoutingConnectionUnitTests checks the router's part
        ConnectionPool onePrimary = new ConnectionPool(ConnectionPoolConfiguration.builder(
                ConnectionFactories.get(cluster.r2dbcUrl(cluster.primary())))
            .initialSize(0).maxSize(1).maxAcquireTime(Duration.ofSeconds(10)).build());
        try {
            // on the primary only (one part), and started on a replica then moved to the primary (two parts)
            for (boolean onPrimary : new boolean[] {true, false}) {
                RoutingConnectionFactory routing = track(RoutingConnectionFactory.builder().primary(onePrimary)
                    .replica("replica-1", replica1Pool, 1).transactionsOnPrimary(onPrimary).build());
                String note = "closed-in-tx-" + onPrimary;
                List<String> servers = onConnection(routing, c -> Flux.concat(
                        quietly(c.beginTransaction()),
                        server(c),
                        whoAnswers(c, "INSERT INTO routing_items (note) VALUES ('" + note + "') RETURNING inet_server_port()"))
                    .collectList()).block(TIMEOUT);
                assertThat(servers).as("transactionsOnPrimary(%s)", onPrimary)
                    .containsExactly(onPrimary ? "primary" : "replica-1", "primary");
                Long seen = onConnection(onePrimary, c -> single(c,
                    "SELECT count(*) FROM routing_items WHERE note = '" + note + "'", Long.class)).block(TIMEOUT);
                assertThat(seen).as("the insert of transactionsOnPrimary(%s) was rolled back, and the pool's only "
                    + "connection carries no transaction on", onPrimary).isZero();
            }
        } finally {
            onePrimary.disposeLater().block(TIMEOUT);
        }
    }

    @Test
    void readAfterWriteInATransactionSeesTheWrite() {
        RoutingConnectionFactory routing = track(router().build());
        Long seen = onConnection(routing, c -> Mono.from(c.beginTransaction())
            .then(update(c, "INSERT INTO routing_items (note) VALUES ('uncommitted-visible')"))
            .then(single(c, "SELECT count(*) FROM routing_items WHERE note = 'uncommitted-visible'", Long.class))
            .flatMap(count -> Mono.from(c.rollbackTransaction()).thenReturn(count))).block(TIMEOUT);
        assertThat(seen).isEqualTo(1L);
    }

    @Test
    void rollbackEndsBothSidesAndResetsStickiness() {
        RoutingConnectionFactory routing = track(router().build());
        List<String> servers = onConnection(routing, c -> Flux.concat(
                quietly(c.beginTransaction()),
                server(c),
                quietly(update(c, "INSERT INTO routing_items (note) VALUES ('rolled-back')")),
                server(c),
                quietly(c.rollbackTransaction()),
                server(c),
                single(c, "SELECT count(*) FROM routing_items WHERE note = 'rolled-back'", Long.class).map(String::valueOf))
            .collectList()).block(TIMEOUT);
        assertThat(servers.get(0)).startsWith("replica-");
        assertThat(servers.get(1)).isEqualTo("primary");
        assertThat(servers.get(2)).isEqualTo(servers.get(0));
        assertThat(onConnection(primaryPool, c -> single(c, "SELECT count(*) FROM routing_items WHERE note = 'rolled-back'", Long.class)).block(TIMEOUT))
            .isZero();
    }

    @Test
    void withoutStickinessReadsAfterAWriteGoBackToTheReplica() {
        RoutingConnectionFactory routing = track(router().stickyAfterWrite(false).build());
        List<String> servers = onConnection(routing, c -> Flux.concat(
                quietly(c.beginTransaction()),
                whoAnswers(c, "INSERT INTO routing_items (note) VALUES ('not-sticky') RETURNING inet_server_port()"),
                server(c),
                quietly(c.rollbackTransaction()))
            .collectList()).block(TIMEOUT);
        assertThat(servers.get(0)).isEqualTo("primary");
        assertThat(servers.get(1)).startsWith("replica-");
    }

    @Test
    void transactionsOnPrimaryStartThereButReadOnlyOnesStayOnAReplica() {
        RoutingConnectionFactory routing = track(router().transactionsOnPrimary(true).build());
        java.util.List<String> servers = onConnection(routing, c -> Flux.concat(
                server(c),
                quietly(c.beginTransaction()),
                server(c),
                quietly(c.commitTransaction()),
                quietly(c.beginTransaction(IsolationLevel.READ_COMMITTED)),
                server(c),
                quietly(c.rollbackTransaction()))
            .collectList()).block(TIMEOUT);
        assertThat(servers.get(0)).startsWith("replica-");
        assertThat(servers.subList(1, 3)).containsExactly("primary", "primary");
        TransactionDefinition readOnly = new TransactionDefinition() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> T getAttribute(io.r2dbc.spi.Option<T> option) {
                return option.equals(TransactionDefinition.READ_ONLY) ? (T) Boolean.TRUE : null;
            }
        };
        assertThat(onConnection(routing, c -> Mono.from(c.beginTransaction(readOnly)).then(server(c))
            .flatMap(server -> Mono.from(c.rollbackTransaction()).thenReturn(server))).block(TIMEOUT)).startsWith("replica-");
    }

    @Test
    void readOnlyTransactionStaysOnTheReplicaAndItsWritesAreRefused() {
        RoutingConnectionFactory routing = track(router().build());
        TransactionDefinition readOnly = new TransactionDefinition() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> T getAttribute(io.r2dbc.spi.Option<T> option) {
                return option.equals(TransactionDefinition.READ_ONLY) ? (T) Boolean.TRUE : null;
            }
        };
        StepVerifier.create(Flux.usingWhen(routing.create(), c -> Flux.concat(
                    quietly(c.beginTransaction(readOnly)),
                    server(c),
                    whoAnswers(c, "SELECT inet_server_port() FROM routing_items LIMIT 1 FOR UPDATE")),
                Connection::close))
            .assertNext(server -> assertThat(server).startsWith("replica-"))
            .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(R2dbcException.class)
                .hasMessageContaining("read-only transaction"))
            .verify(TIMEOUT);
        assertPoolsIdle();
    }

    @Test
    void serializableTransactionsRunOnThePrimary() {
        RoutingConnectionFactory routing = track(router().build());
        List<String> servers = onConnection(routing, c -> Flux.concat(
                quietly(c.beginTransaction(IsolationLevel.SERIALIZABLE)),
                server(c),
                single(c, "SHOW transaction_isolation", String.class),
                quietly(c.commitTransaction()))
            .collectList()).block(TIMEOUT);
        assertThat(servers).containsExactly("primary", "serializable");
    }

    @Test
    void savepointPinsTheTransactionToThePrimary() {
        RoutingConnectionFactory routing = track(router().build());
        List<String> servers = onConnection(routing, c -> Flux.concat(
                quietly(c.beginTransaction()),
                server(c),
                quietly(c.createSavepoint("sp1")),
                server(c),
                quietly(c.rollbackTransactionToSavepoint("sp1")),
                server(c),
                quietly(c.commitTransaction()))
            .collectList()).block(TIMEOUT);
        assertThat(servers.get(0)).startsWith("replica-");
        assertThat(servers.subList(1, 3)).containsExactly("primary", "primary");
    }

    @Test
    void hintsForceTheTargetAndTheInnermostHintWins() {
        RoutingConnectionFactory routing = track(router().build());
        assertThat(onConnection(routing, ClusterSupport::server).contextWrite(Routing.primary()).block(TIMEOUT))
            .isEqualTo("primary");
        assertThat(onConnection(routing, ClusterSupport::server).contextWrite(Routing.replica()).block(TIMEOUT))
            .startsWith("replica-");
        // innermost wins: the query's own hint beats the one around the whole unit of work
        assertThat(onConnection(routing, c -> server(c).contextWrite(Routing.primary()))
            .contextWrite(Routing.replica()).block(TIMEOUT)).isEqualTo("primary");
        // writes never go to a standby, whatever the hint
        assertThat(onConnection(routing, c -> whoAnswers(c,
                "INSERT INTO routing_items (note) VALUES ('forced') RETURNING inet_server_port()"))
            .contextWrite(Routing.replica()).block(TIMEOUT)).isEqualTo("primary");
    }

    @Test
    void aHintOnOneQueryInsideATransactionAppliesToThatQueryAlone() {
        RoutingConnectionFactory routing = track(router().build());
        List<String> servers = onConnection(routing, c -> Flux.concat(
                quietly(c.beginTransaction()),
                whoAnswers(c, "INSERT INTO routing_items (note) VALUES ('hinted') RETURNING inet_server_port()"),
                server(c).contextWrite(Routing.replica()),
                server(c),
                quietly(c.rollbackTransaction()))
            .collectList()).block(TIMEOUT);
        assertThat(servers.get(0)).isEqualTo("primary");
        assertThat(servers.get(1)).as("forced replica, even when sticky").startsWith("replica-");
        assertThat(servers.get(2)).as("the next query is sticky again").isEqualTo("primary");
    }

    @Test
    void bindGroupGetsEveryStatementAndUnknownGroupsFailWithTheKnownNames() {
        RoutingConnectionFactory routing = track(RoutingConnectionFactory.builder()
            .primary(primaryPool)
            .replica("replica-1", replica1Pool, 1)
            .group("analytics", replica2Pool)
            .build());
        for (int i = 0; i < 4; i++) {
            assertThat(onConnection(routing, ClusterSupport::server).contextWrite(Routing.group("analytics")).block(TIMEOUT))
                .isEqualTo("replica-2");
            assertThat(onConnection(routing, ClusterSupport::server).block(TIMEOUT)).isEqualTo("replica-1");
        }
        // a query-level group hint inside an ordinary connection
        assertThat(onConnection(routing, c -> server(c).contextWrite(Routing.group("analytics"))).block(TIMEOUT))
            .isEqualTo("replica-2");
        // under a group even a write goes to the group: here a standby, which refuses it
        StepVerifier.create(onConnection(routing, c -> update(c, "INSERT INTO routing_items (note) VALUES ('group')"))
                .contextWrite(Routing.group("analytics")))
            .expectErrorSatisfies(error -> assertThat(error).hasMessageContaining("read-only transaction"))
            .verify(TIMEOUT);
        StepVerifier.create(onConnection(routing, ClusterSupport::server).contextWrite(Routing.group("reporting")))
            .expectErrorMessage("unknown routing group 'reporting'; the groups are [analytics]")
            .verify(TIMEOUT);
        StepVerifier.create(onConnection(routing, c -> server(c).contextWrite(Routing.group("reporting"))))
            .expectErrorMessage("unknown routing group 'reporting'; the groups are [analytics]")
            .verify(TIMEOUT);
        assertPoolsIdle();
    }

    @Test
    void withoutReplicasReadsGoToThePrimary() {
        RoutingConnectionFactory routing = track(RoutingConnectionFactory.builder().primary(primaryPool).build());
        assertThat(onConnection(routing, ClusterSupport::server).block(TIMEOUT)).isEqualTo("primary");
        assertThat(onConnection(routing, ClusterSupport::server).contextWrite(Routing.replica()).block(TIMEOUT))
            .isEqualTo("primary");
    }

    @Test
    void disabledRoutingSendsEverythingToThePrimary() {
        RoutingConnectionFactory routing = track(router().enabled(false).build());
        for (int i = 0; i < 3; i++) {
            assertThat(onConnection(routing, ClusterSupport::server).block(TIMEOUT)).isEqualTo("primary");
            assertThat(onConnection(routing, ClusterSupport::server).contextWrite(Routing.replica()).block(TIMEOUT))
                .isEqualTo("primary");
        }
    }

    @Test
    void weightedRoundRobinSplitsReadsExactlyByWeight() {
        RoutingConnectionFactory routing = track(RoutingConnectionFactory.builder()
            .primary(primaryPool)
            .replica("replica-1", replica1Pool, 2)
            .replica("replica-2", replica2Pool, 1)
            .build());
        java.util.Map<String, Long> counts = Flux.range(0, 300)
            .concatMap(i -> onConnection(routing, ClusterSupport::server))
            .collect(java.util.stream.Collectors.groupingBy(name -> name, java.util.stream.Collectors.counting()))
            .block(TIMEOUT);
        assertThat(counts).containsEntry("replica-1", 200L).containsEntry("replica-2", 100L).hasSize(2);
    }

    @Test
    void weightedRandomHonoursWeights() {
        RoutingConnectionFactory routing = track(RoutingConnectionFactory.builder()
            .primary(primaryPool)
            .replica("replica-1", replica1Pool, 3)
            .replica("replica-2", replica2Pool, 1)
            .strategy(RoutingStrategy.RANDOM)
            .build());
        java.util.Map<String, Long> counts = Flux.range(0, 400)
            .flatMap(i -> onConnection(routing, ClusterSupport::server), 8)
            .collect(java.util.stream.Collectors.groupingBy(name -> name, java.util.stream.Collectors.counting()))
            .block(TIMEOUT);
        // expected 300 : 100; the bounds are more than six standard deviations wide
        assertThat(counts.get("replica-1")).isBetween(250L, 350L);
        assertThat(counts.get("replica-2")).isBetween(50L, 150L);
        assertThat(counts).doesNotContainKey("primary");
    }

    @Test
    void connectionKeepsTheSameServerSessionsForItsWholeLife() {
        RoutingConnectionFactory routing = track(router().build());
        List<Integer> pids = onConnection(routing, c -> Flux.concat(
                single(c, "SELECT pg_backend_pid()", Integer.class),
                single(c, "SELECT pg_backend_pid()", Integer.class),
                single(c, "SELECT pg_backend_pid()", Integer.class))
            .collectList()).block(TIMEOUT);
        assertThat(pids).hasSize(3).containsOnly(pids.get(0));
    }

    @Test
    void sessionStateStatementsPinTheConnectionToThePrimary() {
        RoutingConnectionFactory routing = track(router().build());
        List<String> results = onConnection(routing, c -> Flux.concat(
                server(c),
                quietly(update(c, "CREATE TEMP TABLE routing_scratch (v int)")),
                quietly(update(c, "INSERT INTO routing_scratch VALUES (1), (2)")),
                single(c, "SELECT count(*) FROM routing_scratch", Long.class).map(String::valueOf),
                server(c))
            .collectList()).block(TIMEOUT);
        assertThat(results.get(0)).startsWith("replica-");
        assertThat(results.subList(1, 3)).containsExactly("2", "primary");

        List<String> afterSet = onConnection(routing, c -> Flux.concat(
                quietly(update(c, "SET application_name = 'pinned-by-set'")),
                single(c, "SELECT current_setting('application_name')", String.class),
                server(c))
            .collectList()).block(TIMEOUT);
        assertThat(afterSet).containsExactly("pinned-by-set", "primary");

        // SELECT … INTO TEMP creates a temporary table too: it must be there for the connection's next reads
        List<String> afterSelectInto = onConnection(routing, c -> Flux.concat(
                server(c),
                quietly(update(c, "SELECT v INTO TEMP routing_selected FROM (VALUES (1), (2), (3)) AS t(v)")),
                single(c, "SELECT count(*) FROM routing_selected", Long.class).map(String::valueOf),
                server(c))
            .collectList()).block(TIMEOUT);
        assertThat(afterSelectInto.get(0)).startsWith("replica-");
        assertThat(afterSelectInto.subList(1, 3)).containsExactly("3", "primary");
    }

    @Test
    void transactionSettingsApplyToTheSideInUseAndAreReplayedWhenTheTransactionFlips() {
        RoutingConnectionFactory routing = track(router().build());
        List<String> results = onConnection(routing, c -> Flux.concat(
                quietly(c.beginTransaction()),
                quietly(update(c, "SET LOCAL statement_timeout = '4321ms'")),
                single(c, "SHOW statement_timeout", String.class),
                server(c),
                quietly(update(c, "INSERT INTO routing_items (note) VALUES ('flip')")),
                single(c, "SHOW statement_timeout", String.class),
                server(c),
                quietly(c.rollbackTransaction()),
                single(c, "SHOW statement_timeout", String.class))
            .collectList()).block(TIMEOUT);
        assertThat(results.get(0)).isEqualTo("4321ms");
        assertThat(results.get(1)).startsWith("replica-");
        assertThat(results.subList(2, 4)).containsExactly("4321ms", "primary");
        assertThat(results.get(4)).as("SET LOCAL ends with its transaction").isNotEqualTo("4321ms");
    }

    @Test
    void connectionSettingsAreReplayedOnEveryRealConnection() {
        RoutingConnectionFactory routing = track(router().build());
        List<String> results = onConnection(routing, c -> Flux.concat(
                quietly(c.setStatementTimeout(Duration.ofMillis(5555))),
                quietly(c.setTransactionIsolationLevel(IsolationLevel.REPEATABLE_READ)),
                single(c, "SHOW statement_timeout", String.class),
                single(c, "SHOW default_transaction_isolation", String.class),
                server(c),
                quietly(c.beginTransaction()),
                quietly(update(c, "INSERT INTO routing_items (note) VALUES ('settings')")),
                single(c, "SHOW statement_timeout", String.class),
                single(c, "SHOW transaction_isolation", String.class),
                server(c),
                quietly(c.rollbackTransaction()))
            .collectList()).block(TIMEOUT);
        assertThat(results.subList(0, 2)).containsExactly("5555ms", "repeatable read");
        assertThat(results.get(2)).startsWith("replica-");
        assertThat(results.subList(3, 6)).containsExactly("5555ms", "repeatable read", "primary");
        assertThat(onConnection(routing, c -> Mono.just(c.getTransactionIsolationLevel())).block(TIMEOUT)).isNotNull();
    }

    @Test
    void sessionSticksToThePrimaryAfterAWriteUntilReset() {
        RoutingConnectionFactory routing = track(router().build());
        List<String> results = Flux.concat(
                onConnection(routing, ClusterSupport::server),
                quietly(onConnection(routing, c -> update(c, "INSERT INTO routing_items (note) VALUES ('session')"))),
                Routing.currentSession().map(session -> "stuck=" + session.isStuckToPrimary()),
                onConnection(routing, ClusterSupport::server),
                quietly(Routing.currentSession().doOnNext(RoutingSession::reset)),
                onConnection(routing, ClusterSupport::server))
            .collectList()
            .contextWrite(Routing.session()).block(TIMEOUT);
        assertThat(results.get(0)).startsWith("replica-");
        assertThat(results.subList(1, 3)).containsExactly("stuck=true", "primary");
        assertThat(results.get(3)).startsWith("replica-");

        // without a session, stickiness lives only inside a transaction
        List<String> withoutSession = Flux.concat(
                quietly(onConnection(routing, c -> update(c, "INSERT INTO routing_items (note) VALUES ('no-session')"))),
                onConnection(routing, ClusterSupport::server),
                Routing.currentSession().map(RoutingSession::toString))
            .collectList().block(TIMEOUT);
        assertThat(withoutSession).hasSize(1);
        assertThat(withoutSession.get(0)).startsWith("replica-");
    }

    @Test
    void sessionSticksAfterACommittedTransactionButNotAfterARolledBackOne() {
        RoutingConnectionFactory routing = track(router().build());
        Boolean stuckAfterRollback = onConnection(routing, c -> Mono.from(c.beginTransaction())
                .then(update(c, "INSERT INTO routing_items (note) VALUES ('rb')"))
                .then(Mono.from(c.rollbackTransaction())))
            .then(Routing.currentSession().map(RoutingSession::isStuckToPrimary))
            .contextWrite(Routing.session()).block(TIMEOUT);
        assertThat(stuckAfterRollback).isFalse();
        String afterCommit = onConnection(routing, c -> Mono.from(c.beginTransaction())
                .then(update(c, "INSERT INTO routing_items (note) VALUES ('commit')"))
                .then(Mono.from(c.commitTransaction())))
            .then(onConnection(routing, ClusterSupport::server))
            .contextWrite(Routing.session()).block(TIMEOUT);
        assertThat(afterCommit).isEqualTo("primary");
    }

    @Test
    void sessionsOfConcurrentSubscriptionsNeverSeeEachOther() {
        RoutingConnectionFactory routing = track(router().build());
        // each unit writes (or not) and then reads; only the writers' reads may reach the primary
        List<String> mismatches = Flux.range(0, 400)
            .flatMap(i -> {
                boolean writes = i % 2 == 0;
                Mono<Void> write = writes
                    ? onConnection(routing, c -> update(c, "INSERT INTO routing_items (note) VALUES ('concurrent')")).then()
                    : Mono.empty();
                Mono<String> hinted = i % 3 == 0
                    ? onConnection(routing, ClusterSupport::server).contextWrite(Routing.primary())
                    : Mono.just("primary");
                return write.then(onConnection(routing, ClusterSupport::server))
                    .zipWith(hinted)
                    .filter(pair -> (writes != pair.getT1().equals("primary")) || !pair.getT2().equals("primary"))
                    .map(pair -> i + ":" + pair)
                    .contextWrite(Routing.session());
            }, 24)
            .collectList()
            .block(Duration.ofSeconds(60));
        assertThat(mismatches).isEmpty();
        assertPoolsIdle();
    }

    @Test
    void batchIsRoutedAsAWhole() {
        RoutingConnectionFactory routing = track(router().build());
        List<Integer> readBatch = onConnection(routing, c -> Flux.from(c.createBatch()
                    .add("SELECT inet_server_port()")
                    .add("SELECT inet_server_port()")
                    .execute())
                .concatMap(result -> result.map(row -> row.get(0, Integer.class)))
                .collectList()).block(TIMEOUT);
        assertThat(readBatch).hasSize(2).allMatch(port -> serverName(port).startsWith("replica-"));
        List<Integer> writeBatch = onConnection(routing, c -> Flux.from(c.createBatch()
                    .add("SELECT inet_server_port()")
                    .add("INSERT INTO routing_items (note) VALUES ('batch') RETURNING inet_server_port()")
                    .execute())
                .concatMap(result -> result.map(row -> row.get(0, Integer.class)))
                .collectList()).block(TIMEOUT);
        assertThat(writeBatch).containsExactly(primaryPort, primaryPort);
    }

    @Test
    void boundStatementsRunWhereverTheyAreRouted() {
        RoutingConnectionFactory routing = track(router().build());
        List<Integer> values = onConnection(routing, c -> Flux.from(c.createStatement("SELECT $1::int + inet_server_port() * 0")
                    .bind(0, 7).add()
                    .bind(0, 8)
                    .execute())
                .concatMap(result -> result.map(row -> row.get(0, Integer.class)))
                .collectList()).block(TIMEOUT);
        assertThat(values).containsExactly(7, 8);
        Integer port = onConnection(routing, c -> Flux.from(c.createStatement("INSERT INTO routing_items (note) VALUES ($1) RETURNING inet_server_port()")
                    .bind("$1", "bound")
                    .execute())
                .concatMap(result -> result.map(row -> row.get(0, Integer.class)))
                .single()).block(TIMEOUT);
        assertThat(serverName(port)).isEqualTo("primary");
    }

    @Test
    void validateCloseAndMetadata() {
        RoutingConnectionFactory routing = track(router().build());
        assertThat(routing.getMetadata().getName()).isEqualTo("PostgreSQL");
        Connection connection = routing.create().block(TIMEOUT);
        assertThat(Mono.from(connection.validate(ValidationDepth.REMOTE)).block(TIMEOUT)).isTrue();
        server(connection).block(TIMEOUT);
        assertThat(connection.getMetadata().getDatabaseProductName()).isEqualTo("PostgreSQL");
        assertThat(Mono.from(connection.validate(ValidationDepth.REMOTE)).block(TIMEOUT)).isTrue();
        Mono.from(connection.close()).thenReturn(true).block(TIMEOUT);
        Mono.from(connection.close()).thenReturn(true).block(TIMEOUT);   // idempotent
        assertThat(Mono.from(connection.validate(ValidationDepth.LOCAL)).block(TIMEOUT)).isFalse();
        StepVerifier.create(Flux.from(connection.createStatement(WHO).execute()))
            .expectErrorMessage("routing connection is closed")
            .verify(TIMEOUT);
        assertPoolsIdle();
    }

    @Test
    void errorsAndCancellationsReleaseEveryConnection() {
        RoutingConnectionFactory routing = track(router().build());
        StepVerifier.create(onConnection(routing, c -> whoAnswers(c, "SELECT no_such_column FROM routing_items")))
            .expectError(R2dbcException.class)
            .verify(TIMEOUT);
        StepVerifier.create(onConnection(routing, c -> Mono.from(c.beginTransaction())
                .then(update(c, "INSERT INTO routing_items (note) VALUES ('then fail')"))
                .then(update(c, "INSERT INTO no_such_table VALUES (1)"))))
            .expectError(R2dbcException.class)
            .verify(TIMEOUT);
        // cancel at many points between acquisition and use
        for (int delayMicros = 0; delayMicros < 4000; delayMicros += 250) {
            Flux.range(0, 8)
                .flatMap(i -> onConnection(routing, c -> whoAnswers(c, "SELECT inet_server_port() FROM pg_sleep(0.01)"))
                    .contextWrite(i % 2 == 0 ? Routing.primary() : Routing.replica()))
                .take(Duration.ofNanos(delayMicros * 1000L))
                .blockLast(TIMEOUT);
        }
        assertPoolsIdle();
    }
}
