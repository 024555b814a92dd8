package io.r2dbcrouting.benchmarks.comparison;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbcrouting.RoutingConnectionFactory;
import io.r2dbcrouting.testcluster.PostgresCluster;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The contenders of a run and what they share. One r2dbc-pool per server ({@code poolSize} connections each, all
 * opened up front) serves the direct pool, free routing, both routers and Spring's factory, which run one at a time:
 * they read through the same warm connections and the same prepared-statement caches (with {@code --isolation jvm}
 * each agent opens a lineup of its one contender, with shared pools of its own when it needs them). pgpool-II and the multi-host
 * driver have a pool of their own. Every contender must complete a point read before it is measured; one that cannot
 * is left out with the reason.
 */
final class ContenderLineup implements AutoCloseable {

    /** Every contender, in report order. */
    static final List<String> ALL = List.of(ResultSummary.DIRECT, ResultSummary.FREE_ROUTING, ResultSummary.ROUTER,
            "router-flip", ResultSummary.SPRING, ResultSummary.PGPOOL, "multi-host");

    /** The contenders with pools of their own, which use none of the shared pools. */
    private static final List<String> OWN_POOLS = List.of(ResultSummary.PGPOOL, "multi-host");

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final List<ConnectionPool> sharedPools;

    private final List<Contender> contenders;

    private final Map<String, String> unavailable;

    private final Map<String, String> versions;

    private ContenderLineup(List<ConnectionPool> sharedPools, List<Contender> contenders,
            Map<String, String> unavailable, Map<String, String> versions) {
        this.sharedPools = List.copyOf(sharedPools);
        this.contenders = List.copyOf(contenders);
        this.unavailable = Map.copyOf(unavailable);
        this.versions = Map.copyOf(versions);
    }

    /**
     * Opens the pools and the wanted contenders and checks each with a point read.
     *
     * @param pgpoolUrl an {@code r2dbc:postgresql:} URL of pgpool-II in front of the cluster, or {@code null}
     * @param wanted    contender ids from {@link #ALL}, in any order
     * @throws IllegalArgumentException naming an unknown contender
     * @throws IllegalStateException    if the shared pools cannot be opened
     */
    static ContenderLineup open(PostgresCluster cluster, int poolSize, @Nullable String pgpoolUrl,
            List<String> wanted) {
        for (String id : wanted) {
            if (!ALL.contains(id)) {
                throw new IllegalArgumentException("unknown contender '" + id + "'; expected some of " + ALL);
            }
        }
        List<ConnectionPool> shared = new ArrayList<>();
        List<Contender> contenders = new ArrayList<>();
        Map<String, String> unavailable = new LinkedHashMap<>();
        Map<String, String> versions = new LinkedHashMap<>();
        try {
            ConnectionPool primary = null;
            List<ConnectionPool> replicas = new ArrayList<>();
            // pgpool-II and the multi-host driver have pools of their own: a lineup of only those (an agent's, with
            // --isolation jvm) opens no shared pool
            if (wanted.stream().anyMatch(id -> !OWN_POOLS.contains(id))) {
                primary = pool("primary", cluster.r2dbcUrl(cluster.primary()), poolSize);
                shared.add(primary);
                for (PostgresCluster.Node replica : cluster.replicas()) {
                    ConnectionPool pool = pool(replica.name(), cluster.r2dbcUrl(replica), poolSize);
                    shared.add(pool);
                    replicas.add(pool);
                }
            }
            for (String id : ALL) {
                if (!wanted.contains(id)) {
                    continue;
                }
                Contender contender;
                try {
                    contender = create(id, cluster, primary, replicas, poolSize, pgpoolUrl, versions);
                }
                catch (RuntimeException ex) {
                    unavailable.put(id, describe(ex));
                    continue;
                }
                try {
                    contender.pointRead(1).block(TIMEOUT);
                    contenders.add(contender);
                }
                catch (RuntimeException ex) {
                    unavailable.put(id, "its first point read failed: " + describe(ex));
                    closeQuietly(contender);
                }
            }
        }
        catch (RuntimeException ex) {
            ContenderLineup partial = new ContenderLineup(shared, contenders, unavailable, versions);
            try {
                partial.close();
            }
            catch (RuntimeException closeFailure) {
                ex.addSuppressed(closeFailure);
            }
            throw ex;
        }
        return new ContenderLineup(shared, contenders, unavailable, versions);
    }

    /**
     * @param primary  the shared pool of the primary; {@code null} when only contenders in {@link #OWN_POOLS} are
     *                 wanted
     * @param replicas the shared pools of the replicas, empty when {@code primary} is {@code null}
     */
    private static Contender create(String id, PostgresCluster cluster, @Nullable ConnectionPool primary,
            List<ConnectionPool> replicas, int poolSize, @Nullable String pgpoolUrl, Map<String, String> versions) {
        int replicaCount = cluster.replicas().size();
        if (primary == null && !OWN_POOLS.contains(id)) {
            throw new IllegalStateException("contender '" + id + "' needs the shared pools, which were not opened");
        }
        switch (id) {
            case ResultSummary.DIRECT:
                return SinglePoolContender.directPool(primary, poolSize);
            case ResultSummary.FREE_ROUTING:
                return new FreeRoutingContender(primary, replicas, poolSize);
            case ResultSummary.ROUTER:
            case "router-flip":
                boolean onPrimary = id.equals(ResultSummary.ROUTER);
                RoutingConnectionFactory.Builder builder = RoutingConnectionFactory.builder().primary(primary)
                        .transactionsOnPrimary(onPrimary);
                for (int i = 0; i < replicas.size(); i++) {
                    builder.replica(cluster.replicas().get(i).name(), replicas.get(i), 1);
                }
                return new RouterContender(builder.build(), onPrimary, poolSize);
            case ResultSummary.SPRING:
                return new SpringRoutingContender(primary, replicas, poolSize);
            case ResultSummary.PGPOOL:
                if (pgpoolUrl == null || pgpoolUrl.isBlank()) {
                    throw new IllegalStateException("no pgpool-II URL given (--pgpool-url; scripts/run-comparison.sh "
                            + "starts one with scripts/pgpool.sh)");
                }
                ConnectionPool pgpool = pool("pgpool", withoutStatementCache(pgpoolUrl), poolSize * (1 + replicaCount));
                try {
                    versions.put("pgpool", "pgpool-II " + show(pgpool, "SHOW pool_version"));
                }
                catch (RuntimeException ex) {
                    pgpool.disposeLater().onErrorResume(e -> Mono.empty()).block(TIMEOUT);
                    throw ex;
                }
                return SinglePoolContender.pgpool(pgpool, poolSize * (1 + replicaCount));
            case "multi-host":
                return SinglePoolContender.multiHost(pool("multi-host", multiHostUrl(cluster), poolSize * replicaCount),
                        poolSize * replicaCount);
            default:
                throw new IllegalArgumentException("unknown contender '" + id + "'");
        }
    }

    /** r2dbc-postgresql's multi-host ({@code failover} protocol) URL over every node, the primary first. */
    static String multiHostUrl(PostgresCluster cluster) {
        String hosts = cluster.primary().address() + "," + cluster.replicas().stream()
                .map(PostgresCluster.Node::address).collect(Collectors.joining(","));
        return "r2dbc:postgresql:failover://" + encode(cluster.username()) + ":" + encode(cluster.password()) + "@" + hosts
                + "/" + encode(cluster.database()) + "?targetServerType=preferSecondary&loadBalanceHosts=true";
    }

    /**
     * pgpool-II runs a named prepared statement where it was parsed: with r2dbc-postgresql's statement cache (on by
     * default) a pooled connection keeps sending a query to the server that first parsed it, and once a transaction
     * has parsed it on the primary after a write, that connection's reads never leave the primary again. With
     * {@code preparedStatementCacheQueries=0} every statement is parsed unnamed and pgpool balances each one.
     */
    static String withoutStatementCache(String url) {
        if (url.contains("preparedStatementCacheQueries=")) {
            return url;
        }
        return url + (url.contains("?") ? "&" : "?") + "preparedStatementCacheQueries=0";
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A pool of exactly {@code size} connections, all opened now. */
    private static ConnectionPool pool(String name, String url, int size) {
        ConnectionPool pool = new ConnectionPool(ConnectionPoolConfiguration.builder(ConnectionFactories.get(url))
                .name(name)
                .initialSize(size)
                .maxSize(size)
                .maxAcquireTime(TIMEOUT)
                .build());
        try {
            pool.warmup().block(TIMEOUT);
        }
        catch (RuntimeException ex) {
            pool.disposeLater().onErrorResume(e -> Mono.empty()).block(TIMEOUT);
            throw new IllegalStateException("Cannot open " + size + " connections for " + name + ": "
                    + describe(ex), ex);
        }
        return pool;
    }

    private static String show(ConnectionPool pool, String sql) {
        String value = Mono.usingWhen(pool.create(),
                connection -> Flux.from(connection.createStatement(sql).execute())
                        .flatMap(result -> result.map((row, metadata) -> String.valueOf(row.get(0))))
                        .next(),
                Connection::close)
                .block(TIMEOUT);
        return value == null ? "?" : value;
    }

    private static String describe(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private static void closeQuietly(Contender contender) {
        try {
            contender.close().block(TIMEOUT);
        }
        catch (RuntimeException ex) {
            // it failed already; the reason it is left out says why
        }
    }

    List<Contender> contenders() {
        return this.contenders;
    }

    /** Contenders left out, with the reason. */
    Map<String, String> unavailable() {
        return this.unavailable;
    }

    /** Versions found while checking the contenders ({@code pgpool}). */
    Map<String, String> versions() {
        return this.versions;
    }

    /**
     * Closes the contenders, then the shared pools.
     *
     * @throws IllegalStateException if anything fails to close; later failures are suppressed into it
     */
    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        for (Contender contender : this.contenders) {
            try {
                contender.close().block(TIMEOUT);
            }
            catch (RuntimeException ex) {
                failures.add(ex);
            }
        }
        for (ConnectionPool pool : this.sharedPools) {
            try {
                pool.disposeLater().block(TIMEOUT);
            }
            catch (RuntimeException ex) {
                failures.add(ex);
            }
        }
        if (!failures.isEmpty()) {
            IllegalStateException failure = new IllegalStateException("Cannot close the contenders", failures.get(0));
            failures.subList(1, failures.size()).forEach(failure::addSuppressed);
            throw failure;
        }
    }

}
