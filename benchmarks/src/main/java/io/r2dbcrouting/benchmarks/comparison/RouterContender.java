package io.r2dbcrouting.benchmarks.comparison;

import io.r2dbcrouting.Routing;
import io.r2dbcrouting.RoutingConnectionFactory;
import reactor.core.publisher.Mono;

/**
 * {@link RoutingConnectionFactory} over the shared pools: the calling code is that of a plain pool, and the router
 * decides. Read-your-writes runs its two connections in one {@link Routing#session()}, as a web request would.
 */
final class RouterContender implements Contender {

    private final RoutingConnectionFactory router;

    private final boolean transactionsOnPrimary;

    private final int poolSize;

    /**
     * @param router                the router, closed by {@link #close()} (it does not close the pools)
     * @param transactionsOnPrimary how the router was built: {@code false} is the router's default, where a
     *                              transaction starts on a replica and moves to the primary at its first write; this
     *                              variant runs only the mix
     */
    RouterContender(RoutingConnectionFactory router, boolean transactionsOnPrimary, int poolSize) {
        this.router = router;
        this.transactionsOnPrimary = transactionsOnPrimary;
        this.poolSize = poolSize;
    }

    @Override
    public String id() {
        return this.transactionsOnPrimary ? "router" : "router-flip";
    }

    @Override
    public String title() {
        return this.transactionsOnPrimary ? "RoutingConnectionFactory" : "RoutingConnectionFactory, tx flip";
    }

    @Override
    public String setup() {
        String common = "RoutingConnectionFactory over the pools of the primary and two replicas (" + this.poolSize
                + " connections each), round-robin";
        return this.transactionsOnPrimary
                ? common + ", transactionsOnPrimary(true): read-write transactions start on the primary"
                : common + ", default options: a transaction starts on a replica and moves to the primary at its "
                        + "first write (its first read runs on a replica)";
    }

    @Override
    public WorkloadSupport support(Workload workload) {
        if (!this.transactionsOnPrimary && workload != Workload.MIX) {
            return WorkloadSupport.notRun("outside transactions it is the router above");
        }
        return WorkloadSupport.CORRECT;
    }

    @Override
    public Mono<Void> pointRead(int id) {
        return WorkloadStatements.pointRead(this.router, id);
    }

    @Override
    public Mono<Void> mixTransaction(int id) {
        return WorkloadStatements.transaction(this.router, id);
    }

    @Override
    public Mono<Void> readYourWrites(long id) {
        return WorkloadStatements.insert(this.router, id)
                .then(WorkloadStatements.readBack(this.router, id, WorkloadStatements.READ_BACK))
                .contextWrite(Routing.session());
    }

    @Override
    public Mono<Void> close() {
        return this.router.close();
    }

}
