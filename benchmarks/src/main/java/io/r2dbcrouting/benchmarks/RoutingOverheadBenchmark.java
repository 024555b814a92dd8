package io.r2dbcrouting.benchmarks;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbcrouting.Routing;
import io.r2dbcrouting.RoutingConnectionFactory;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The router's own cost per unit of work, with the database taken out: the same operations as the end-to-end
 * comparison's workloads (a point read; a transaction that reads, updates and reads), run on
 * {@link InMemoryDriver}s that answer at once, directly and through a {@link RoutingConnectionFactory} over three of
 * them (a primary and two replicas, {@code transactionsOnPrimary(true)} as the comparison's router). The difference between {@code direct*} and {@code routed*} is the CPU time and
 * the allocation (with {@code -prof gc}) that routing adds to each operation; the end-to-end comparison shows what
 * that difference weighs next to a real round trip.
 * <p>
 * Before measuring, the setup checks that each routed operation reaches the driver it should (a read a replica, the
 * transaction the primary), so a routing mistake fails the run instead of being measured.
 */
@State(Scope.Benchmark)
public class RoutingOverheadBenchmark extends BenchmarkSettings {

    static final String POINT_READ = "SELECT id, v, note FROM bench_items WHERE id = $1";

    static final String UPDATE = "UPDATE bench_items SET v = v + 1 WHERE id = $1";

    private final InMemoryDriver primary = new InMemoryDriver("primary");

    private final InMemoryDriver replica1 = new InMemoryDriver("replica-1");

    private final InMemoryDriver replica2 = new InMemoryDriver("replica-2");

    private @Nullable RoutingConnectionFactory router;

    private final InMemoryDriver waitingPrimary = InMemoryDriver.waiting("primary");

    private final InMemoryDriver waitingReplica1 = InMemoryDriver.waiting("replica-1");

    private final InMemoryDriver waitingReplica2 = InMemoryDriver.waiting("replica-2");

    private @Nullable RoutingConnectionFactory waitingRouter;

    /**
     * Builds the router and checks where its operations go.
     *
     * @throws IllegalStateException if a routed read does not reach a replica or a routed transaction does not run
     *     wholly on the primary
     */
    @Setup(Level.Trial)
    public void build() {
        RoutingConnectionFactory router = RoutingConnectionFactory.builder()
                .primary(this.primary)
                .replica("replica-1", this.replica1, 1)
                .replica("replica-2", this.replica2, 1)
                .transactionsOnPrimary(true)
                .healthCheckInterval(Duration.ofHours(1))
                .build();
        this.router = router;
        long primaryBefore = this.primary.statements();
        long replicasBefore = replicaStatements();
        pointRead(router).block();
        pointRead(router).block();
        if (this.primary.statements() != primaryBefore || replicaStatements() != replicasBefore + 2) {
            throw new IllegalStateException("routed reads must run on the replicas only");
        }
        transaction(router).block();
        this.waitingRouter = RoutingConnectionFactory.builder()
                .primary(this.waitingPrimary)
                .replica("replica-1", this.waitingReplica1, 1)
                .replica("replica-2", this.waitingReplica2, 1)
                .transactionsOnPrimary(true)
                .healthCheckInterval(Duration.ofHours(1))
                .build();
        // the first connection waits for the monitor's first round of checks, whose connections wait too: deliver
        // until that round is over (the next is an hour away)
        Integer[] first = new Integer[1];
        pointRead(this.waitingRouter).subscribe(value -> first[0] = value);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (first[0] == null && System.nanoTime() < deadline) {
            this.waitingPrimary.deliver();
            this.waitingReplica1.deliver();
            this.waitingReplica2.deliver();
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
        long waitingBefore = this.waitingReplica1.statements() + this.waitingReplica2.statements();
        if (readWaiting(this.waitingRouter) == null || readWaiting(this.waitingRouter) == null
                || this.waitingReplica1.statements() + this.waitingReplica2.statements() != waitingBefore + 2
                || this.waitingPrimary.statements() != 0) {
            throw new IllegalStateException("routed reads that wait for their connection must run on the replicas only");
        }
        readYourWrites(router).contextWrite(Routing.session()).block();
        if (this.primary.statements() != primaryBefore + 5 || replicaStatements() != replicasBefore + 2) {
            throw new IllegalStateException("with transactionsOnPrimary(true), as in the end-to-end comparison, "
                    + "a routed transaction must run on the primary only, and so must a session's write and the "
                    + "read back after it");
        }
    }

    private long replicaStatements() {
        return this.replica1.statements() + this.replica2.statements();
    }

    /** Closes the router. */
    @TearDown(Level.Trial)
    public void close() {
        for (RoutingConnectionFactory router : new RoutingConnectionFactory[] {this.router, this.waitingRouter}) {
            if (router != null) {
                router.close().block(Duration.ofSeconds(10));
            }
        }
    }

    /**
     * A point read on a replica's driver, chosen by the caller.
     *
     * @return the value read, so that the work cannot be optimised away
     */
    @Benchmark
    public @Nullable Integer directRead() {
        return pointRead(this.replica1).block();
    }

    /**
     * A point read through the router.
     *
     * @return the value read
     */
    @Benchmark
    public @Nullable Integer routedRead() {
        return pointRead(required(this.router)).block();
    }

    /**
     * A transaction (read, update, read) on the primary's driver, chosen by the caller.
     *
     * @return the last value read
     */
    @Benchmark
    public @Nullable Integer directTransaction() {
        return transaction(this.primary).block();
    }

    /**
     * The same transaction through the router.
     *
     * @return the last value read
     */
    @Benchmark
    public @Nullable Integer routedTransaction() {
        return transaction(required(this.router)).block();
    }

    /**
     * Read-your-writes on the primary's driver, chosen by the caller: an update on one connection, then the row read
     * back on another.
     *
     * @return the value read back
     */
    @Benchmark
    public @Nullable Integer directReadYourWrites() {
        return readYourWrites(this.primary).block();
    }

    /**
     * The same through the router, in a routing session: the update goes to the primary, and so does the read back,
     * since the session has written.
     *
     * @return the value read back
     */
    @Benchmark
    public @Nullable Integer routedReadYourWrites() {
        return readYourWrites(required(this.router)).contextWrite(Routing.session()).block();
    }

    /**
     * A point read on a replica's driver that makes its caller wait for the connection, as a busy pool does.
     *
     * @return the value read
     */
    @Benchmark
    public @Nullable Integer directReadWaiting() {
        return readWaiting(this.waitingReplica1);
    }

    /**
     * The same through the router, whose replicas make it wait: the path of an acquisition that does not complete at
     * once.
     *
     * @return the value read
     */
    @Benchmark
    public @Nullable Integer routedReadWaiting() {
        return readWaiting(required(this.waitingRouter));
    }

    private @Nullable Integer readWaiting(ConnectionFactory factory) {
        Integer[] read = new Integer[1];
        pointRead(factory).subscribe(value -> read[0] = value);
        // whichever driver the read waits on hands its connection over now, and the read completes on this thread
        this.waitingReplica1.deliver();
        this.waitingReplica2.deliver();
        this.waitingPrimary.deliver();
        return read[0];
    }

    private static Mono<Integer> pointRead(ConnectionFactory factory) {
        return Mono.usingWhen(factory.create(), connection -> read(connection, 7), Connection::close);
    }

    private static Mono<Integer> transaction(ConnectionFactory factory) {
        return Mono.usingWhen(factory.create(),
                connection -> Mono.from(connection.beginTransaction())
                        .then(read(connection, 7))
                        .then(Flux.from(connection.createStatement(UPDATE).bind(0, 7).execute())
                                .flatMap(result -> result.getRowsUpdated())
                                .then())
                        .then(read(connection, 7))
                        .flatMap(value -> Mono.from(connection.commitTransaction()).thenReturn(value)),
                Connection::close);
    }

    private static Mono<Integer> readYourWrites(ConnectionFactory factory) {
        return Mono.usingWhen(factory.create(),
                        connection -> Flux.from(connection.createStatement(UPDATE).bind(0, 7).execute())
                                .flatMap(result -> result.getRowsUpdated())
                                .then(),
                        Connection::close)
                .then(pointRead(factory));
    }

    private static Mono<Integer> read(Connection connection, int id) {
        return Flux.from(connection.createStatement(POINT_READ).bind(0, id).execute())
                .flatMap(result -> result.map((row, metadata) -> row.get(0, Integer.class)))
                .next();
    }

    private static <T> T required(@Nullable T value) {
        if (value == null) {
            throw new IllegalStateException("build() has not run");
        }
        return value;
    }
}
