package io.r2dbcrouting;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.HashMap;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import io.r2dbcrouting.testcluster.PostgresCluster;
import io.r2dbcrouting.testcluster.PostgresClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of the integration tests: one pool per server of the real cluster (primary, replica-1, replica-2), shared by
 * the tests of a class, and helpers that ask the server which one it is.
 */
@ExtendWith(PostgresClusterExtension.class)
abstract class ClusterSupport {

    static PostgresCluster cluster;

    static ConnectionPool primaryPool;

    static ConnectionPool replica1Pool;

    static ConnectionPool replica2Pool;

    static int primaryPort;

    static int replica1Port;

    static int replica2Port;

    private static final Map<Integer, String> SERVER_NAMES = new HashMap<>();

    /** Factories a test built: closed after it, so their replica monitors stop. */
    private static final List<RoutingConnectionFactory> BUILT = new java.util.concurrent.CopyOnWriteArrayList<>();

    static RoutingConnectionFactory track(RoutingConnectionFactory factory) {
        BUILT.add(factory);
        return factory;
    }

    @org.junit.jupiter.api.AfterEach
    void closeFactoriesOfTheTest() {
        Flux.fromIterable(BUILT).concatMap(RoutingConnectionFactory::close).blockLast(Duration.ofSeconds(30));
        BUILT.clear();
    }

    @BeforeAll
    static void openPools() {
        cluster = PostgresClusterExtension.cluster();
        primaryPort = cluster.primary().port();
        replica1Port = cluster.replica(1).port();
        replica2Port = cluster.replica(2).port();
        SERVER_NAMES.put(primaryPort, "primary");
        SERVER_NAMES.put(replica1Port, "replica-1");
        SERVER_NAMES.put(replica2Port, "replica-2");
        primaryPool = pool(cluster.r2dbcUrl(cluster.primary()));
        replica1Pool = pool(cluster.r2dbcUrl(cluster.replica(1)));
        replica2Pool = pool(cluster.r2dbcUrl(cluster.replica(2)));
    }

    @AfterAll
    static void closePools() {
        List<ConnectionPool> pools = new ArrayList<>();
        for (ConnectionPool pool : new ConnectionPool[] {primaryPool, replica1Pool, replica2Pool}) {
            if (pool != null) {
                pools.add(pool);
            }
        }
        Flux.fromIterable(pools).concatMap(ConnectionPool::disposeLater).blockLast(Duration.ofSeconds(30));
    }

    static ConnectionPool pool(String url) {
        ConnectionFactory driver = ConnectionFactories.get(url);
        return new ConnectionPool(ConnectionPoolConfiguration.builder(driver)
            .initialSize(0)
            .maxSize(8)
            .maxAcquireTime(Duration.ofSeconds(10))
            .build());
    }

    /** A router over the primary and both replicas (weights 1 and 1). */
    static RoutingConnectionFactory.Builder router() {
        return RoutingConnectionFactory.builder()
            .primary(primaryPool)
            .replica("replica-1", replica1Pool, 1)
            .replica("replica-2", replica2Pool, 1);
    }

    static String serverName(int port) {
        return SERVER_NAMES.getOrDefault(port, "unknown port " + port);
    }

    /** Runs a statement and returns the first column of its only row. */
    static <T> Mono<T> single(Connection connection, String sql, Class<T> type) {
        return Flux.from(connection.createStatement(sql).execute())
            .concatMap(result -> result.map(row -> row.get(0, type)))
            .single();
    }

    /** The name of the server that answered a statement on this connection ("primary", "replica-1", "replica-2"). */
    static Mono<String> whoAnswers(Connection connection, String sql) {
        return single(connection, sql, Integer.class).map(ClusterSupport::serverName);
    }

    /** The name of the server that answers a read on this connection. */
    static Mono<String> server(Connection connection) {
        return whoAnswers(connection, "SELECT inet_server_port()");
    }

    /** Runs a step for its effect only, emitting nothing, so it can sit in a {@code Flux.concat} of answers. */
    static <T> Mono<T> quietly(org.reactivestreams.Publisher<?> step) {
        return Mono.from(step).then(Mono.empty());
    }

    /** Runs a statement on a fresh connection of the factory, closing it afterwards. */
    static <T> Mono<T> onConnection(ConnectionFactory factory, java.util.function.Function<Connection, Mono<T>> work) {
        return Mono.usingWhen(factory.create(), work, Connection::close);
    }

    static Mono<Long> update(Connection connection, String sql) {
        return Flux.from(connection.createStatement(sql).execute()).concatMap(Result::getRowsUpdated).reduce(0L, Long::sum);
    }

    /**
     * Asserts no connection is left acquired from the pools. A replica monitor's check may hold one for a few
     * milliseconds, so this waits (up to 10 s) for the count to reach zero rather than reading it once.
     */
    static void assertPoolsIdle() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (ConnectionPool pool : new ConnectionPool[] {primaryPool, replica1Pool, replica2Pool}) {
            io.r2dbc.pool.PoolMetrics metrics = pool.getMetrics().orElseThrow();
            while (metrics.acquiredSize() != 0 && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            assertThat(metrics.acquiredSize()).as("connections still acquired from a pool").isZero();
        }
    }

    /** Runs SQL on the primary directly (schema set-up), then waits until both replicas have replayed it. */
    static void onPrimaryAndReplicated(String... sqls) {
        Mono.usingWhen(primaryPool.create(),
                connection -> Flux.fromArray(sqls).concatMap(sql -> update(connection, sql)).then(),
                Connection::close)
            .block(Duration.ofSeconds(30));
        cluster.awaitReplicasCaughtUp(Duration.ofSeconds(30));
    }
}
