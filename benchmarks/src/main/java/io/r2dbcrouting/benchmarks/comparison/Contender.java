package io.r2dbcrouting.benchmarks.comparison;

import reactor.core.publisher.Mono;

/**
 * One way of splitting reads and writes over the cluster, measured against the others. Each operation is a cold
 * {@link Mono} that acquires what it needs, runs its statements through {@link WorkloadStatements}, and releases
 * everything when it terminates or is cancelled. Implementations are thread-safe: the load generator subscribes to
 * many operations at once.
 */
interface Contender extends ContenderDescription {

    /** A point read of row {@code id} of {@code bench_items}. */
    Mono<Void> pointRead(int id);

    /** A transaction that reads row {@code id}, updates it and reads it again. */
    Mono<Void> mixTransaction(int id);

    /** An insert of row {@code id} into {@code bench_writes}, then a read of it on another connection. */
    Mono<Void> readYourWrites(long id);

    /** Releases what this contender owns (not the shared pools); called once, at the end. */
    default Mono<Void> close() {
        return Mono.empty();
    }

}
