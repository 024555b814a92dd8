package io.r2dbcrouting;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ValidationDepth;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * The background monitor of one factory: every {@code healthCheckInterval} it checks the primary (reachable, not in
 * recovery, its current WAL position) and then every replica (reachable, in recovery, its replay position), and sets
 * each target's {@link TargetStatus}: replay position, lag in bytes and in time, or why it is out of rotation. A
 * replica that fails is checked again after a back-off that doubles up to {@link #MAX_BACKOFF}, so a flapping node is
 * not hammered; it is back in rotation as soon as a check passes.
 * <p>
 * The checks are plain SQL of PostgreSQL ({@code pg_is_in_recovery()}, {@code pg_current_wal_lsn()},
 * {@code pg_last_wal_replay_lsn()}); with another database only reachability is checked. Checks borrow a connection
 * from each target's own factory (its pool) and give it back at once. The monitor starts with the factory's first
 * {@code create()} and stops when the factory is closed.
 */
final class ReplicaMonitor implements Disposable {

    static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private static final Logger LOG = Loggers.getLogger(ReplicaMonitor.class);

    private static final String PRIMARY_CHECK = "SELECT pg_is_in_recovery(), "
        + "CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_current_wal_lsn()::text END";

    private static final String REPLICA_CHECK = "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text";

    private final Target primary;

    private final List<Target> replicas;

    private final List<Target> others;

    private final Duration interval;

    private final Duration checkTimeout;

    private final PrimaryPositionHistory history = new PrimaryPositionHistory(4096);

    private final boolean postgres;

    private final Sinks.Empty<Void> firstRound = Sinks.empty();

    private volatile boolean ready;

    private volatile boolean started;

    private @Nullable Disposable running;

    private boolean disposed;

    ReplicaMonitor(Target primary, List<Target> replicas, List<Target> others, Duration interval, boolean postgres) {
        this.primary = primary;
        this.replicas = List.copyOf(replicas);
        this.others = List.copyOf(others);
        this.interval = interval;
        this.checkTimeout = interval.compareTo(Duration.ofSeconds(2)) > 0 ? interval : Duration.ofSeconds(2);
        this.postgres = postgres;
    }

    /** Starts checking, once; after that, a call costs one volatile read (it comes with every {@code create()}). */
    void start() {
        if (!this.started) {
            startOnce();
        }
    }

    private synchronized void startOnce() {
        if (this.running != null || this.disposed) {
            return;
        }
        this.started = true;
        this.running = Flux.interval(Duration.ZERO, this.interval, Schedulers.parallel())
            .onBackpressureDrop()
            .concatMap(tick -> checkAll().onErrorResume(error -> {
                LOG.warn("replica check round failed", error);
                return Mono.empty();
            }), 1)
            .subscribe();
    }

    /** Whether the first round of checks has finished, so replica positions and lags are known. */
    boolean isReady() {
        return this.ready;
    }

    /** Completes when the first round of checks has finished, or after one check timeout, whichever is first. */
    Mono<Void> ready() {
        return this.firstRound.asMono().timeout(this.checkTimeout, Mono.empty());
    }

    Mono<Void> checkAll() {
        return Mono.defer(() -> {
            long now = System.nanoTime();
            return checkPrimary(now)
                .then(Flux.fromIterable(this.replicas)
                    .filter(replica -> replica.status().dueForCheck(now))
                    .flatMap(this::checkReplica)
                    .then())
                .then(Flux.fromIterable(this.others)
                    .filter(target -> target.status().dueForCheck(now))
                    .flatMap(this::checkReachable)
                    .then())
                .doFinally(signal -> {
                    this.ready = true;
                    this.firstRound.tryEmitEmpty();
                });
        });
    }

    private Mono<Void> checkPrimary(long now) {
        if (!this.postgres) {
            return checkReachable(this.primary);
        }
        return query(this.primary, PRIMARY_CHECK)
            .doOnNext(row -> {
                long seen = System.nanoTime();
                if (Boolean.TRUE.equals(row.inRecovery)) {
                    fail(this.primary, "in recovery: it is a standby, not a primary", seen);
                    return;
                }
                long position = row.position == null ? Lsn.UNKNOWN : Lsn.parse(row.position);
                if (position != Lsn.UNKNOWN) {
                    this.history.record(position, seen);
                }
                changed(this.primary, TargetStatus.healthy(position, 0, 0));
            })
            .onErrorResume(error -> {
                fail(this.primary, describe(error), now);
                return Mono.empty();
            })
            .then();
    }

    private Mono<Void> checkReplica(Target replica) {
        if (!this.postgres) {
            return checkReachable(replica);
        }
        return query(replica, REPLICA_CHECK)
            .doOnNext(row -> {
                long seen = System.nanoTime();
                if (!Boolean.TRUE.equals(row.inRecovery)) {
                    fail(replica, "not in recovery: it is not a standby (promoted?)", seen);
                    return;
                }
                long replayed = row.position == null ? Lsn.UNKNOWN : Lsn.parse(row.position);
                long latest = this.history.latest();
                long lagBytes = replayed == Lsn.UNKNOWN || latest == Lsn.UNKNOWN ? -1
                    : Math.max(0, latest - replayed);
                changed(replica, TargetStatus.healthy(replayed, lagBytes, this.history.lagNanos(replayed, seen)));
            })
            .onErrorResume(error -> {
                fail(replica, describe(error), System.nanoTime());
                return Mono.empty();
            })
            .then();
    }

    private Mono<Void> checkReachable(Target target) {
        return Mono.usingWhen(target.factory.create(), connection -> Mono.from(connection.validate(ValidationDepth.REMOTE)),
                Connection::close)
            .timeout(this.checkTimeout)
            .doOnNext(valid -> {
                if (valid) {
                    changed(target, TargetStatus.healthy(Lsn.UNKNOWN, -1, -1));
                } else {
                    fail(target, "validation failed", System.nanoTime());
                }
            })
            .onErrorResume(error -> {
                fail(target, describe(error), System.nanoTime());
                return Mono.empty();
            })
            .then();
    }

    private static final class Row {

        final @Nullable Boolean inRecovery;

        final @Nullable String position;

        Row(@Nullable Boolean inRecovery, @Nullable String position) {
            this.inRecovery = inRecovery;
            this.position = position;
        }
    }

    private Mono<Row> query(Target target, String sql) {
        return Mono.usingWhen(target.factory.create(),
                connection -> Flux.from(connection.createStatement(sql).execute())
                    .concatMap(result -> result.map(row -> new Row(row.get(0, Boolean.class), row.get(1, String.class))))
                    .single(),
                Connection::close)
            .timeout(this.checkTimeout);
    }

    private void changed(Target target, TargetStatus status) {
        TargetStatus before = target.status();
        target.status(status);
        if (!before.up) {
            LOG.info("{} is back in rotation", target.name);
        }
    }

    private void fail(Target target, String why, long now) {
        markFailed(target, why, now, this.interval);
    }

    /** Takes a target out of rotation at once (also called by routing connections whose acquisition failed). */
    static void markFailed(Target target, String why, long now, Duration interval) {
        TargetStatus before = target.status();
        target.status(before.failed(why, now, interval.toNanos(), MAX_BACKOFF.toNanos()));
        if (before.up) {
            LOG.warn("{} is out of rotation: {}", target.name, why);
        }
    }

    static String describe(Throwable error) {
        String message = error.getMessage();
        if (error instanceof java.util.concurrent.TimeoutException) {
            return "no answer within the check timeout";
        }
        return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    @Override
    public synchronized void dispose() {
        this.disposed = true;
        if (this.running != null) {
            this.running.dispose();
        }
        this.firstRound.tryEmitEmpty();
    }

    @Override
    public synchronized boolean isDisposed() {
        return this.disposed;
    }

    @Override
    public String toString() {
        return "ReplicaMonitor[every " + this.interval.toString().toLowerCase(Locale.ROOT) + "]";
    }
}
