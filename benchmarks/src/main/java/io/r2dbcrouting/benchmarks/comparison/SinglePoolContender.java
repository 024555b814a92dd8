package io.r2dbcrouting.benchmarks.comparison;

import java.util.EnumMap;
import java.util.Map;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;
import reactor.core.publisher.Mono;

/**
 * A contender that sends everything to one connection factory and lets something else decide where it goes: the
 * primary's own pool (nothing is split), a pool of connections to pgpool-II (pgpool splits), or a pool over
 * r2dbc-postgresql's multi-host factory (the driver picks a server per new connection).
 */
final class SinglePoolContender implements Contender {

    private final String id;

    private final String title;

    private final String setup;

    private final ConnectionFactory factory;

    private final String readBackSql;

    private final Map<Workload, WorkloadSupport> support;

    private final boolean ownsPool;

    private SinglePoolContender(String id, String title, String setup, ConnectionFactory factory, String readBackSql,
            Map<Workload, WorkloadSupport> support, boolean ownsPool) {
        this.id = id;
        this.title = title;
        this.setup = setup;
        this.factory = factory;
        this.readBackSql = readBackSql;
        this.support = new EnumMap<>(Workload.class);
        this.support.putAll(support);
        this.ownsPool = ownsPool;
    }

    /** r2dbc-pool straight to the primary: every statement there. The pool is shared and not closed here. */
    static SinglePoolContender directPool(ConnectionPool primary, int poolSize) {
        return new SinglePoolContender("direct", "r2dbc-pool, primary only",
                "one r2dbc-pool of " + poolSize + " connections to the primary; every statement runs there",
                primary, WorkloadStatements.READ_BACK, Map.of(), false);
    }

    /** A pool of connections to pgpool-II, which balances reads over the replicas. Closed by {@link #close()}. */
    static SinglePoolContender pgpool(ConnectionPool pool, int poolSize) {
        return new SinglePoolContender("pgpool", "pgpool-II",
                "one r2dbc-pool of " + poolSize + " connections to pgpool-II (streaming-replication mode, reads "
                        + "balanced per statement over the two replicas, primary weight 0); the driver's "
                        + "prepared-statement cache off (preparedStatementCacheQueries=0), without which a pooled "
                        + "connection's reads stay on the server that first parsed them",
                pool, WorkloadStatements.READ_BACK_NO_LOAD_BALANCE,
                Map.of(Workload.READ_YOUR_WRITES, WorkloadSupport.correct("the read-back is marked /*NO LOAD "
                        + "BALANCE*/ by the caller: pgpool cannot know a pooled session wrote")),
                true);
    }

    /**
     * A pool over r2dbc-postgresql's multi-host factory with {@code targetServerType=preferSecondary}: every
     * connection is on a standby, so writes fail. Closed by {@link #close()}.
     */
    static SinglePoolContender multiHost(ConnectionPool pool, int poolSize) {
        return new SinglePoolContender("multi-host", "r2dbc-postgresql multi-host",
                "one r2dbc-pool of " + poolSize + " connections over r2dbc-postgresql's multi-host factory "
                        + "(targetServerType=preferSecondary, loadBalanceHosts=true); each new connection goes to a "
                        + "random standby",
                pool, WorkloadStatements.READ_BACK,
                Map.of(Workload.MIX, WorkloadSupport.wrongRoute("every connection is on a standby: the "
                        + "transactions' UPDATE fails there"),
                        Workload.READ_YOUR_WRITES, WorkloadSupport.notRun("every connection is on a standby: "
                                + "every INSERT would fail")),
                true);
    }

    @Override
    public String id() {
        return this.id;
    }

    @Override
    public String title() {
        return this.title;
    }

    @Override
    public String setup() {
        return this.setup;
    }

    @Override
    public WorkloadSupport support(Workload workload) {
        return this.support.getOrDefault(workload, WorkloadSupport.CORRECT);
    }

    @Override
    public Mono<Void> pointRead(int id) {
        return WorkloadStatements.pointRead(this.factory, id);
    }

    @Override
    public Mono<Void> mixTransaction(int id) {
        return WorkloadStatements.transaction(this.factory, id);
    }

    @Override
    public Mono<Void> readYourWrites(long id) {
        return WorkloadStatements.insert(this.factory, id)
                .then(WorkloadStatements.readBack(this.factory, id, this.readBackSql));
    }

    @Override
    public Mono<Void> close() {
        if (this.ownsPool && this.factory instanceof ConnectionPool pool) {
            return pool.disposeLater();
        }
        return Mono.empty();
    }

}
