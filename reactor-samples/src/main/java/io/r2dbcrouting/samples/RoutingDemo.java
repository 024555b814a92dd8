package io.r2dbcrouting.samples;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.Closeable;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.Result;
import io.r2dbcrouting.ReadConsistency;
import io.r2dbcrouting.RoutingConnectionFactory;
import io.r2dbcrouting.testcluster.PostgresCluster;
import io.r2dbcrouting.testcluster.PostgresCluster.Node;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A runnable tour of r2dbc-routing on a real primary and two streaming replicas: every routing rule, one step each,
 * with the server that answered read from the server itself and checked against the rule.
 * <pre class="code">
 * mvn -B -q -pl reactor-samples -am -DskipTests install exec:java
 * </pre>
 * (from the repository root; {@code mvn -B -q -pl reactor-samples exec:java} once the modules are installed).
 * It starts (or reuses) the local cluster of {@link PostgresCluster#start()}, opens one r2dbc-pool
 * {@link ConnectionPool} per server, and routes over them with
 * <pre class="code">
 * RoutingConnectionFactory.builder()
 *     .primary(primaryPool)
 *     .replica("replica-1", replica1Pool, 2)
 *     .replica("replica-2", replica2Pool, 1)
 *     .group("analytics", analyticsPool)       // the routing_analytics database on the primary
 *     .build();
 * </pre>
 * It prints a table of the steps to standard output and exits with status 1 if any step was answered by a server
 * other than the one its rule names, so it doubles as a smoke test. It creates the table {@value #TABLE}, the
 * sequence {@value #SEQUENCE} and the database {@value #ANALYTICS_DATABASE} on the primary if they are missing (the
 * last needs the {@code CREATEDB} privilege, which the local cluster's user has), and stops the cluster at the end
 * only if it started it.
 */
public final class RoutingDemo {

    static final String PRIMARY = "primary";

    static final String REPLICA_1 = "replica-1";

    static final String REPLICA_2 = "replica-2";

    static final String TABLE = "routing_demo_orders";

    static final String SEQUENCE = "routing_demo_invoice_seq";

    static final String ANALYTICS_DATABASE = "routing_analytics";

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** {@code duplicate_database}, and the unique violation two concurrent CREATE DATABASE can raise instead. */
    private static final List<String> DATABASE_EXISTS = List.of("42P04", "23505");

    /**
     * The cluster launcher logs through {@code System.Logger}, which is {@code java.util.logging} unless configured
     * otherwise: its INFO lines would break up the table. Held here because JUL keeps loggers only weakly.
     */
    private static final Logger CLUSTER_LOG = Logger.getLogger("io.r2dbcrouting.testcluster");

    private RoutingDemo() {
    }

    /**
     * Starts the cluster, runs the demo, stops the cluster if it started it, and exits with status 1 if a step was
     * answered by an unexpected server.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        CLUSTER_LOG.setLevel(Level.WARNING);
        List<StepResult> steps;
        try (PostgresCluster cluster = PostgresCluster.start()) {
            steps = run(cluster, System.out);
        }
        long unexpected = steps.stream().filter(step -> !step.asExpected()).count();
        if (unexpected > 0) {
            System.err.println("RoutingDemo failed: " + unexpected + " of " + steps.size()
                + " steps were answered by an unexpected server (marked UNEXPECTED above)");
            System.exit(1);
        }
    }

    /**
     * Runs every step against a running cluster and prints them; leaves the cluster running.
     *
     * @param cluster a primary with at least two replicas
     * @param out     where the table goes
     * @return the steps, each knowing whether the expected server answered
     * @throws RuntimeException if the set-up or a statement fails, or a step times out
     */
    static List<StepResult> run(PostgresCluster cluster, PrintStream out) {
        List<Closeable> resources = new ArrayList<>();
        try {
            ConnectionPool primaryPool = pool(cluster.r2dbcUrl(cluster.primary()), PRIMARY, resources);
            ConnectionPool replica1Pool = pool(cluster.r2dbcUrl(cluster.replica(1)), REPLICA_1, resources);
            ConnectionPool replica2Pool = pool(cluster.r2dbcUrl(cluster.replica(2)), REPLICA_2, resources);

            createSchema(primaryPool);
            createAnalyticsDatabase(primaryPool);
            cluster.awaitReplicasCaughtUp(TIMEOUT);
            ConnectionPool analyticsPool = pool(ConnectionFactoryOptions.parse(cluster.r2dbcUrl(cluster.primary()))
                .mutate()
                .option(ConnectionFactoryOptions.DATABASE, ANALYTICS_DATABASE)
                .build(), "analytics", resources);

            Map<String, ConnectionPool> servers = new LinkedHashMap<>();
            servers.put(PRIMARY, primaryPool);
            servers.put(REPLICA_1, replica1Pool);
            servers.put(REPLICA_2, replica2Pool);
            ServerNames names = ServerNames.discover(servers, cluster.database(), TIMEOUT);

            RoutingConnectionFactory routing = RoutingConnectionFactory.builder()
                .primary(primaryPool)
                .replica(REPLICA_1, replica1Pool, 2)
                .replica(REPLICA_2, replica2Pool, 1)
                .group("analytics", analyticsPool)
                .build();
            resources.add(0, routing);                   // closed before the pools it routes over
            RoutingConnectionFactory disabled = RoutingConnectionFactory.builder()
                .primary(primaryPool)
                .replica(REPLICA_1, replica1Pool, 2)
                .replica(REPLICA_2, replica2Pool, 1)
                .enabled(false)
                .build();
            resources.add(0, disabled);

            StepTable table = new StepTable(out);
            describe(table, cluster);
            RoutingWalkthrough walkthrough = new RoutingWalkthrough(routing, disabled, names,
                names.label(PRIMARY, ANALYTICS_DATABASE), table);
            if (cluster.canStopReplicas()) {
                RoutingConnectionFactory monitored = RoutingConnectionFactory.builder()
                    .primary(primaryPool)
                    .replica(REPLICA_1, replica1Pool, 2)
                    .replica(REPLICA_2, replica2Pool, 1)
                    .healthCheckInterval(Duration.ofMillis(200))
                    .build();
                resources.add(0, monitored);
                RoutingConnectionFactory causal = RoutingConnectionFactory.builder()
                    .primary(primaryPool)
                    .replica(REPLICA_1, replica1Pool, 2)
                    .replica(REPLICA_2, replica2Pool, 1)
                    .healthCheckInterval(Duration.ofMillis(200))
                    .readConsistency(ReadConsistency.CAUSAL)
                    .catchUpTimeout(Duration.ofSeconds(1))
                    .build();
                resources.add(0, causal);
                walkthrough.withReplicaScenes(new RoutingWalkthrough.ReplicaScenes(monitored, causal,
                    () -> cluster.stopReplica(2), () -> cluster.startReplica(2),
                    () -> cluster.pauseReplay(1), () -> cluster.resumeReplay(1)));
            } else {
                out.println("(the failover and read-your-writes scenes need the local cluster, which the demo can stop and"
                    + " pause; skipped)");
            }
            List<StepResult> steps = walkthrough.walk();
            table.summary(steps);
            close(resources);
            return steps;
        } catch (RuntimeException | Error failure) {
            try {
                close(resources);
            } catch (RuntimeException | Error closeFailure) {
                failure.addSuppressed(closeFailure);
            }
            throw failure;
        }
    }

    /** Closes the routers, then the pools, each even if an earlier one fails. */
    private static void close(List<Closeable> resources) {
        Flux.fromIterable(resources)
            .concatMapDelayError(Closeable::close)
            .then()
            .block(TIMEOUT);
    }

    private static ConnectionPool pool(String url, String name, List<Closeable> resources) {
        return pool(ConnectionFactoryOptions.parse(url), name, resources);
    }

    private static ConnectionPool pool(ConnectionFactoryOptions options, String name, List<Closeable> resources) {
        ConnectionPool pool = new ConnectionPool(ConnectionPoolConfiguration.builder(ConnectionFactories.get(options))
            .name(name)
            .maxSize(4)
            .build());
        resources.add(pool);
        return pool;
    }

    private static void createSchema(ConnectionPool primary) {
        Mono.usingWhen(primary.create(), connection -> Flux.concat(
                    update(connection, "CREATE TABLE IF NOT EXISTS " + TABLE
                        + " (id bigserial PRIMARY KEY, item text NOT NULL, ordered_at timestamptz NOT NULL DEFAULT now())"),
                    update(connection, "CREATE SEQUENCE IF NOT EXISTS " + SEQUENCE),
                    update(connection, "INSERT INTO " + TABLE + " (item) SELECT 'seed' WHERE NOT EXISTS (SELECT 1 FROM "
                        + TABLE + ")"))
                .then(),
            Connection::close)
            .block(TIMEOUT);
    }

    /** CREATE DATABASE has no IF NOT EXISTS: look first, and accept losing a race to another run. */
    private static void createAnalyticsDatabase(ConnectionPool primary) {
        Mono.usingWhen(primary.create(), connection -> Flux.from(connection
                    .createStatement("SELECT count(*) FROM pg_database WHERE datname = '" + ANALYTICS_DATABASE + "'")
                    .execute())
                .concatMap(result -> result.map(row -> row.get(0, Long.class)))
                .single()
                .filter(count -> count == 0)
                .flatMap(missing -> update(connection, "CREATE DATABASE " + ANALYTICS_DATABASE))
                .onErrorResume(R2dbcException.class, error -> DATABASE_EXISTS.contains(error.getSqlState())
                    ? Mono.empty() : Mono.error(error))
                .then(),
            Connection::close)
            .block(TIMEOUT);
    }

    private static Mono<Long> update(Connection connection, String sql) {
        return Mono.defer(() -> Flux.from(connection.createStatement(sql).execute())
            .concatMap(Result::getRowsUpdated)
            .reduce(0L, Long::sum));
    }

    private static void describe(StepTable table, PostgresCluster cluster) {
        table.note("r2dbc-routing demo on " + cluster.mode().name().toLowerCase(Locale.ROOT) + " cluster ("
            + (cluster.startedHere() ? "started for this run" : "already running") + ")");
        table.note(String.format("  %-10s %-22s %s", PRIMARY, cluster.primary().address(), "writes"));
        Node replica1 = cluster.replica(1);
        Node replica2 = cluster.replica(2);
        table.note(String.format("  %-10s %-22s %s", REPLICA_1, replica1.address(), "reads, weight 2"));
        table.note(String.format("  %-10s %-22s %s", REPLICA_2, replica2.address(), "reads, weight 1"));
        table.note(String.format("  %-10s %-22s %s", "analytics", cluster.primary().address(),
            "bind group: database " + ANALYTICS_DATABASE + " on the primary"));
        table.note("Each step asks the server that ran it which one it is: inet_server_port(), mapped to the names"
            + " above.");
    }
}
