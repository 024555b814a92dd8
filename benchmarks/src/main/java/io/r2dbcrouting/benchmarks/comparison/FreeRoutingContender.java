package io.r2dbcrouting.benchmarks.comparison;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.r2dbc.spi.ConnectionFactory;
import reactor.core.publisher.Mono;

/**
 * The floor the router is measured against: the router's own three pools, with the caller choosing the pool per
 * operation itself at no cost — point reads round-robin over the replicas' pools, transactions and read-your-writes
 * on the primary's. What splitting reads costs when the decision is free (on one host the replicas share the same
 * CPUs, so they add no capacity).
 */
final class FreeRoutingContender implements Contender {

    private final ConnectionFactory primary;

    private final List<ConnectionFactory> replicas;

    private final AtomicInteger next = new AtomicInteger();

    private final int poolSize;

    FreeRoutingContender(ConnectionFactory primary, List<? extends ConnectionFactory> replicas, int poolSize) {
        if (replicas.isEmpty()) {
            throw new IllegalArgumentException("free routing needs at least one replica");
        }
        this.primary = primary;
        this.replicas = List.copyOf(replicas);
        this.poolSize = poolSize;
    }

    @Override
    public String id() {
        return "free-routing";
    }

    @Override
    public String title() {
        return "free routing (caller picks the pool)";
    }

    @Override
    public String setup() {
        return "the router's pools (" + this.poolSize + " connections to each server); the caller picks per "
                + "operation: reads round-robin over the replicas, transactions and read-your-writes on the primary";
    }

    @Override
    public WorkloadSupport support(Workload workload) {
        return WorkloadSupport.CORRECT;
    }

    @Override
    public Mono<Void> pointRead(int id) {
        return Mono.defer(() -> WorkloadStatements.pointRead(nextReplica(), id));
    }

    @Override
    public Mono<Void> mixTransaction(int id) {
        return WorkloadStatements.transaction(this.primary, id);
    }

    @Override
    public Mono<Void> readYourWrites(long id) {
        return WorkloadStatements.insert(this.primary, id)
                .then(WorkloadStatements.readBack(this.primary, id, WorkloadStatements.READ_BACK));
    }

    private ConnectionFactory nextReplica() {
        return this.replicas.get(Math.floorMod(this.next.getAndIncrement(), this.replicas.size()));
    }

}
