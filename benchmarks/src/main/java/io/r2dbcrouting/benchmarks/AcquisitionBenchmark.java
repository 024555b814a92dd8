package io.r2dbcrouting.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbcrouting.Routing;
import io.r2dbcrouting.RoutingConnectionFactory;
import io.r2dbcrouting.testcluster.PostgresCluster;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * One round trip through a warm pool, from {@code create()} to the first row of {@code SELECT 1} and the
 * {@code close()} that returns the connection, against the real cluster of {@link PostgresCluster#start()}: directly
 * through an r2dbc-pool {@link ConnectionPool}, and through a {@link RoutingConnectionFactory} over pools configured
 * the same way. The difference is what routing adds to a short unit of work.
 * <ul>
 * <li>{@link #directReplica} vs {@link #routedReplica}: a read, routed to one of two replicas.</li>
 * <li>{@link #directPrimary} vs {@link #routedPrimary}: a read under {@code contextWrite(Routing.primary())}.</li>
 * </ul>
 * Each pool holds {@value #POOL_SIZE} connections, opened before the first iteration. The cluster starts (or is
 * reused) once per fork; set {@code PGR_BASE_PORT} and {@code PGR_DATA_DIR} to keep it apart from other clusters.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AcquisitionBenchmark extends BenchmarkSettings {

    static final int POOL_SIZE = 4;

    /** Far above any healthy round trip: only there so that a broken cluster fails the run instead of hanging it. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private @Nullable PostgresCluster cluster;

    private @Nullable ConnectionPool primaryPool;

    private @Nullable ConnectionPool replica1Pool;

    private @Nullable ConnectionPool replica2Pool;

    private @Nullable RoutingConnectionFactory router;

    /**
     * Starts or reuses the cluster, opens the pools and checks that each factory reaches the server it should.
     *
     * @throws IllegalStateException if the cluster cannot be started or a factory answers from the wrong server
     */
    @Setup(Level.Trial)
    public void openPools() {
        PostgresCluster cluster = PostgresCluster.start();
        this.cluster = cluster;
        ConnectionPool primaryPool = pool("primary", cluster.r2dbcUrl(cluster.primary()));
        this.primaryPool = primaryPool;
        ConnectionPool replica1Pool = pool("replica-1", cluster.r2dbcUrl(cluster.replica(1)));
        this.replica1Pool = replica1Pool;
        ConnectionPool replica2Pool = pool("replica-2", cluster.r2dbcUrl(cluster.replica(2)));
        this.replica2Pool = replica2Pool;
        for (ConnectionPool pool : List.of(primaryPool, replica1Pool, replica2Pool)) {
            pool.warmup().block(TIMEOUT);
        }
        this.router = RoutingConnectionFactory.builder()
                .primary(primaryPool)
                .replica("replica-1", replica1Pool, 1)
                .replica("replica-2", replica2Pool, 1)
                .build();
        expectServer("directReplica", replica1Pool, Function.identity(), true);
        expectServer("directPrimary", primaryPool, Function.identity(), false);
        expectServer("routedReplica", this.router, Function.identity(), true);
        expectServer("routedPrimary", this.router, Routing.primary(), false);
        System.out.printf("%nAcquisition against %s, pools of %d warm connections%n", cluster, POOL_SIZE);
    }

    private static ConnectionPool pool(String name, String url) {
        ConnectionFactory driver = ConnectionFactories.get(url);
        return new ConnectionPool(ConnectionPoolConfiguration.builder(driver)
                .name(name)
                .initialSize(POOL_SIZE)
                .maxSize(POOL_SIZE)
                .maxAcquireTime(TIMEOUT)
                .build());
    }

    /** Guards against measuring the wrong path: a replica answers {@code pg_is_in_recovery()} with true. */
    private static void expectServer(String benchmark, ConnectionFactory factory,
            Function<Context, Context> context, boolean replica) {
        Object inRecovery = Mono.usingWhen(factory.create(),
                connection -> Flux.from(connection.createStatement("SELECT pg_is_in_recovery()").execute())
                        .flatMap(result -> result.map(row -> row.get(0, Boolean.class)))
                        .single(),
                Connection::close)
                .contextWrite(context)
                .block(TIMEOUT);
        if (!Boolean.valueOf(replica).equals(inRecovery)) {
            throw new IllegalStateException(benchmark + " must reach " + (replica ? "a replica" : "the primary")
                    + ", but pg_is_in_recovery() answered " + inRecovery);
        }
    }

    /**
     * Closes the router and the pools, then stops the cluster if this fork started it.
     *
     * @throws IllegalStateException if closing fails; later failures are suppressed into the first
     */
    @TearDown(Level.Trial)
    public void closePools() {
        List<RuntimeException> failures = new ArrayList<>();
        RoutingConnectionFactory router = this.router;
        if (router != null) {
            run(failures, () -> Mono.from(router.close()).block(TIMEOUT));
        }
        for (ConnectionPool pool : new ConnectionPool[] {this.primaryPool, this.replica1Pool, this.replica2Pool}) {
            if (pool != null) {
                run(failures, () -> pool.disposeLater().block(TIMEOUT));
            }
        }
        PostgresCluster cluster = this.cluster;
        if (cluster != null) {
            run(failures, cluster::close);
        }
        if (!failures.isEmpty()) {
            IllegalStateException failure = new IllegalStateException("Cannot close the acquisition benchmark",
                    failures.get(0));
            failures.subList(1, failures.size()).forEach(failure::addSuppressed);
            throw failure;
        }
    }

    private static void run(List<RuntimeException> failures, Runnable step) {
        try {
            step.run();
        }
        catch (RuntimeException ex) {
            failures.add(ex);
        }
    }

    /** A read through the pool of replica 1. */
    @Benchmark
    public void directReplica() {
        selectOne(required(this.replica1Pool)).block(TIMEOUT);
    }

    /** A read through the router: it goes to replica 1 or 2, round-robin. */
    @Benchmark
    public void routedReplica() {
        selectOne(required(this.router)).block(TIMEOUT);
    }

    /** A read through the primary's pool. */
    @Benchmark
    public void directPrimary() {
        selectOne(required(this.primaryPool)).block(TIMEOUT);
    }

    /** A read through the router under {@code Routing.primary()}: the router acquires at {@code create()}. */
    @Benchmark
    public void routedPrimary() {
        selectOne(required(this.router)).contextWrite(Routing.primary()).block(TIMEOUT);
    }

    private static Mono<Void> selectOne(ConnectionFactory factory) {
        return Mono.usingWhen(factory.create(),
                connection -> Flux.from(connection.createStatement("SELECT 1").execute())
                        .flatMap(result -> result.map(row -> row.get(0)))
                        .then(),
                Connection::close);
    }

    private static <T> T required(@Nullable T value) {
        if (value == null) {
            throw new IllegalStateException("openPools() has not run");
        }
        return value;
    }

}
