package io.r2dbcrouting;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.publisher.Sinks;
import reactor.util.context.Context;

/**
 * The one real connection a routing connection holds on one target, acquired on first use and kept until the
 * routing connection closes.
 * <p>
 * Acquisition is shared by concurrent callers and is not cancelled when a caller cancels: the connection it brings
 * is kept here and released by {@link #close()}, so a cancellation between acquire and use cannot leak it. A failed
 * acquisition is not remembered; the next caller tries again.
 */
final class TargetConnection {

    /** {@link Arrival#waitingSince} of an acquisition nobody has waited for (yet). */
    private static final long NOT_WAITING = Long.MIN_VALUE;

    /** What a new real connection needs before its first statement: the routing connection's settings, replayed. */
    interface Preparation {

        /** Whether there is anything to prepare: most connections have no settings, and skip the step. */
        boolean needed();

        /** Prepares a real connection that was just acquired. */
        Mono<Void> prepare(Connection real);
    }

    final Target target;

    private final Preparation preparation;

    /** Written under the lock; read without it by {@link #held()}, which runs for every statement. */
    private volatile @Nullable Connection connection;

    private @Nullable Arrival pending;

    private boolean closed;

    /** Guarded by the owning {@link RoutingConnection}: whether this target has begun the current transaction. */
    boolean inTransaction;

    /** Guarded by the owning {@link RoutingConnection}: how many of the transaction's settings ran here. */
    int appliedSettings;

    TargetConnection(Target target, Preparation preparation) {
        this.target = target;
        this.preparation = preparation;
    }

    @Nullable Connection held() {
        return this.connection;
    }

    /**
     * The real connection, acquiring and preparing it on first use. When the factory hands the connection over at
     * once (a pool with an idle connection usually does), it is returned as a value; only callers that must wait
     * for it get a sink to wait on.
     */
    Mono<Connection> connection() {
        Arrival arrival;
        synchronized (this) {
            if (this.connection != null) {
                return Mono.just(this.connection);
            }
            if (this.closed) {
                return Mono.error(closedError());
            }
            if (this.pending != null) {
                return this.pending.waiter();
            }
            arrival = new Arrival();
            this.pending = arrival;
        }
        arrival.start();
        if (arrival.done) {
            // handed over (or refused) at once, the usual case with a pool: no need for the lock to tell
            Connection arrived = this.connection;
            if (arrival.failure == null && arrived != null) {
                return Mono.just(arrived);
            }
        }
        synchronized (this) {
            if (arrival.failure != null) {
                return Mono.error(arrival.failure);
            }
            if (arrival.done) {
                // it arrived, and this target was closed since
                return this.connection != null ? Mono.just(this.connection) : Mono.error(closedError());
            }
            arrival.waitingSince = System.nanoTime();
            return arrival.waiter();
        }
    }

    /**
     * One acquisition in flight: keeps the connection it brings and hands it to everyone waiting, whether or not they
     * are still there, and times the wait. Its outcome, its sink and its timing are guarded by the target connection's
     * lock.
     * <p>
     * Only an acquisition that did not complete while it was being requested is timed: a pool that hands over an idle
     * connection at once made nobody wait, and reading the clock twice would cost more than the rest of the handover.
     */
    private final class Arrival implements CoreSubscriber<Connection> {

        /** When the caller started to wait ({@link System#nanoTime()}), or {@link #NOT_WAITING}. */
        private long waitingSince = NOT_WAITING;

        /** Created only when someone has to wait: an acquisition that completes at once needs none. */
        private Sinks.@Nullable One<Connection> sink;

        private @Nullable Throwable failure;

        /** Written last, under the lock, when the outcome is known; read without it right after the start. */
        private volatile boolean done;

        void start() {
            Mono<Connection> acquisition;
            try {
                acquisition = Mono.from(TargetConnection.this.target.factory.create());
            } catch (RuntimeException error) {
                onError(error);
                return;
            }
            if (TargetConnection.this.preparation.needed()) {
                acquisition = acquisition.flatMap(acquired -> TargetConnection.this.preparation.prepare(acquired)
                    .thenReturn(acquired)
                    .onErrorResume(error -> Mono.from(acquired.close()).onErrorResume(closeError -> {
                        error.addSuppressed(closeError);
                        return Mono.empty();
                    }).then(Mono.error(error))));
            }
            acquisition.subscribe(this);
        }

        /** Under the lock: what a caller waits on for this acquisition's outcome. */
        Mono<Connection> waiter() {
            if (this.sink == null) {
                this.sink = Sinks.one();
            }
            return this.sink.asMono();
        }

        @Override
        public void onSubscribe(Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(Connection acquired) {
            arrived(this, acquired);
        }

        @Override
        public void onError(Throwable error) {
            TargetConnection.this.target.acquisitionFailed();
            failed(this, error);
        }

        @Override
        public void onComplete() {
            if (!this.done) {
                onError(new R2dbcNonTransientResourceException(
                    "connection factory of '" + TargetConnection.this.target.name + "' completed without a connection"));
            }
        }
    }

    private void arrived(Arrival arrival, Connection acquired) {
        boolean closedMeanwhile;
        Sinks.One<Connection> sink;
        long waited;
        synchronized (this) {
            waited = arrival.waitingSince == NOT_WAITING ? 0 : System.nanoTime() - arrival.waitingSince;
            this.pending = null;
            closedMeanwhile = this.closed;
            if (closedMeanwhile) {
                arrival.failure = closedError();
            } else {
                this.connection = acquired;
            }
            sink = arrival.sink;
            arrival.done = true;
        }
        this.target.acquired(waited);
        if (closedMeanwhile) {
            Mono.from(acquired.close())
                .doFinally(signal -> {
                    if (sink != null) {
                        sink.tryEmitError(closedError());
                    }
                })
                .subscribe(null, error -> Operators.onErrorDropped(error, Context.empty()));
        } else if (sink != null) {
            sink.tryEmitValue(acquired);
        }
    }

    private void failed(Arrival arrival, Throwable error) {
        Sinks.One<Connection> sink;
        synchronized (this) {
            this.pending = null;
            arrival.failure = error;
            sink = arrival.sink;
            arrival.done = true;
        }
        if (sink != null) {
            sink.tryEmitError(error);
        }
    }

    /**
     * Releases the real connection (back to its pool), waiting for an acquisition in flight. Idempotent.
     */
    Mono<Void> close() {
        return Mono.defer(() -> {
            Mono<Void> release = closeNow();
            return release == null ? Mono.empty() : release;
        });
    }

    /**
     * {@link #close()} for a caller that is already subscribed: marks this closed now and returns what is left to
     * wait for, or {@code null} when there is nothing to release.
     */
    @Nullable Mono<Void> closeNow() {
        Connection toClose;
        Mono<Connection> inFlight;
        synchronized (this) {
            this.closed = true;
            toClose = this.connection;
            this.connection = null;
            inFlight = this.pending == null ? null : this.pending.waiter();
        }
        if (toClose != null) {
            // a connection the server already dropped has nothing left to release: that is not the caller's error
            return Mono.from(toClose.close()).onErrorResume(TargetConnection::goneIsReleased);
        }
        if (inFlight != null) {
            return inFlight.then().onErrorResume(error -> Mono.empty());
        }
        return null;
    }

    /** A connection the server already dropped has nothing left to release; any other failure is the caller's. */
    private static Mono<Void> goneIsReleased(Throwable failure) {
        return ReplicaReadRecovery.connectionFailure(failure) ? Mono.empty() : Mono.error(failure);
    }

    private R2dbcNonTransientResourceException closedError() {
        return new R2dbcNonTransientResourceException("routing connection is closed (target '" + this.target.name + "')");
    }
}
