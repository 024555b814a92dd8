package io.r2dbcrouting;

import java.util.concurrent.atomic.LongAdder;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * One database the router can send statements to (the primary, a replica, or a member of a bind group), with the
 * counters that {@link RoutingConnectionFactory#stats()} and the metrics read: statements routed here by reason, and
 * connection acquisitions with their total time. Counting allocates nothing.
 */
final class Target {

    final String name;

    /** The group the target belongs to: {@code primary}, {@code replicas}, or a bind group's name. */
    final String group;

    final ConnectionFactory factory;

    final int weight;

    /** The URL with its password masked, when the target was configured from one. */
    final @Nullable String url;

    /** The initial size of the pool the router created for this target, else null. */
    final @Nullable Integer initialSize;

    /**
     * Whether the target's driver sends the requests made on one connection in the order they were made, without
     * waiting for earlier answers, and hands the answers back in that order, as r2dbc-postgresql does: a
     * transaction's {@code BEGIN} can then go out together with its first read.
     */
    final boolean pipelinesRequests;

    private final LongAdder[] routed = new LongAdder[RoutingReason.values().length];

    private final LongAdder acquisitions = new LongAdder();

    private final LongAdder acquisitionNanos = new LongAdder();

    private final LongAdder acquisitionFailures = new LongAdder();

    /** What the monitor (or a failed acquisition) last learned; read on every routing choice. */
    private volatile TargetStatus status = TargetStatus.UNCHECKED;

    Target(String name, String group, ConnectionFactory factory, int weight, @Nullable String url,
           @Nullable Integer initialSize) {
        this.name = name;
        this.initialSize = initialSize;
        this.group = group;
        this.factory = factory;
        this.weight = weight;
        this.url = url;
        this.pipelinesRequests = pipelinesRequests(factory);
        for (int i = 0; i < this.routed.length; i++) {
            this.routed[i] = new LongAdder();
        }
    }

    /**
     * Whether the factory's driver is known to pipeline requests on a connection: r2dbc-postgresql (named
     * {@code PostgreSQL}, also through r2dbc-pool and other wrappers that pass its metadata on). Other drivers are
     * not assumed to.
     */
    private static boolean pipelinesRequests(ConnectionFactory factory) {
        try {
            return "PostgreSQL".equals(factory.getMetadata().getName());
        } catch (RuntimeException unknown) {
            return false;
        }
    }

    /**
     * Acquires a real connection from this target's factory, timing it.
     */
    Mono<Connection> acquire() {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return Mono.<Connection>from(this.factory.create())
                .doOnNext(connection -> acquired(System.nanoTime() - start))
                .doOnError(error -> acquisitionFailed());
        });
    }

    /**
     * Counts one connection acquired from this target's factory, after its caller waited {@code nanos} for it: zero
     * when the factory handed it over at once, as a pool with an idle connection does, which adds nothing to the total.
     */
    void acquired(long nanos) {
        if (nanos != 0) {
            this.acquisitionNanos.add(nanos);
        }
        this.acquisitions.increment();
    }

    /** Counts one failed acquisition. */
    void acquisitionFailed() {
        this.acquisitionFailures.increment();
    }

    TargetStatus status() {
        return this.status;
    }

    void status(TargetStatus status) {
        this.status = status;
    }

    void routed(RoutingReason reason) {
        this.routed[reason.ordinal()].increment();
    }

    long routedCount(RoutingReason reason) {
        return this.routed[reason.ordinal()].sum();
    }

    long acquisitions() {
        return this.acquisitions.sum();
    }

    long acquisitionNanos() {
        return this.acquisitionNanos.sum();
    }

    long acquisitionFailures() {
        return this.acquisitionFailures.sum();
    }

    @Override
    public String toString() {
        return this.name;
    }
}
