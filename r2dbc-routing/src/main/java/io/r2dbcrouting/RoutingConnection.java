package io.r2dbcrouting;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import io.r2dbc.spi.Batch;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionMetadata;
import io.r2dbc.spi.IsolationLevel;
import io.r2dbc.spi.Option;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.TransactionDefinition;
import io.r2dbc.spi.ValidationDepth;
import io.r2dbc.spi.Wrapped;
import io.r2dbcrouting.internal.StatementKind;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.Logger;
import reactor.util.context.ContextView;

/**
 * The connection a {@link RoutingConnectionFactory} hands out: the one stateful part of the router.
 * <p>
 * It holds at most one real connection per target (the primary, the replica chosen when it was created, and any bind
 * group used), each acquired on first use and kept for the routing connection's whole life, so session state,
 * advisory locks and prepared statements behave as on a plain connection. For every statement it reads the
 * subscriber's context, classifies the SQL, asks the {@link RoutingDecider}, and runs the statement on the chosen
 * target's connection.
 * <p>
 * Transactions are begun lazily: {@code beginTransaction()} only records the definition, and each target begins its
 * part of the transaction, with the same definition and the transaction's settings, before its first statement in
 * it. Commit and rollback end every part, the primary's first. Auto-commit is emulated the same way: with it off,
 * each target begins a transaction before its first statement and after every commit or rollback.
 */
final class RoutingConnection implements Connection, Wrapped<Connection>, TargetConnection.Preparation {

    private static final TransactionDefinition DEFAULT_TRANSACTION = new TransactionDefinition() {
        @Override
        public <T> @Nullable T getAttribute(Option<T> option) {
            return null;
        }
    };

    private final RoutingConnectionFactory factory;

    private final @Nullable RoutingHint hint;

    private final @Nullable RoutingSession session;

    /** The primary's part of this connection: created at its first use, as many connections only read. */
    private @Nullable TargetConnection primary;

    /** The replica this connection reads from: chosen at creation, replaced only when it can no longer serve. */
    private @Nullable TargetConnection replica;

    /** The bind groups this connection used, by name; created at the first use of a group. */
    private @Nullable Map<String, TargetConnection> groups;

    /**
     * Whether any target's part was created yet: until then no connection is held, which {@link #createStatement}
     * can tell without taking the lock.
     */
    private volatile boolean anyPart;

    private @Nullable IsolationLevel isolationLevel;

    private @Nullable Duration statementTimeout;

    private @Nullable Duration lockWaitTimeout;

    private boolean autoCommit = true;

    /** The definition of the current explicit transaction, or null. */
    private @Nullable TransactionDefinition transaction;

    private boolean transactionWrote;

    private boolean transactionHasSavepoint;

    /**
     * SET LOCAL / SET TRANSACTION statements of the current transaction, replayed on each target that joins it; created
     * at the first one, as most connections have none.
     */
    private List<String> transactionSettings = List.of();

    /** The connection holds session state (SET, temporary tables, LISTEN, …) on the primary. */
    private boolean pinned;

    private boolean closed;

    /** CAUSAL mode: the WAL position this connection's own committed writes reached, or {@link Lsn#UNKNOWN}. */
    private long ownRequiredPosition = Lsn.UNKNOWN;

    /** CAUSAL mode: an auto-commit write ran and its position has not been read yet. */
    private boolean positionPending;

    private @Nullable RoutingSession pendingSession;

    RoutingConnection(RoutingConnectionFactory factory, @Nullable RoutingHint hint, @Nullable RoutingSession session) {
        this.factory = factory;
        this.hint = hint;
        this.session = session;
    }

    /** The primary's part of this connection, created now if it is used for the first time. Under the lock. */
    private TargetConnection primary() {
        TargetConnection part = this.primary;
        if (part == null) {
            part = new TargetConnection(this.factory.primary(), this);
            this.primary = part;
            this.anyPart = true;
        }
        return part;
    }

    /** The real connection held on {@code part}, if it exists and holds one. */
    private static @Nullable Connection heldBy(@Nullable TargetConnection part) {
        return part == null ? null : part.held();
    }

    /**
     * The target every statement of this connection will use unless a statement's own hint says otherwise, when that
     * is already known at creation: the factory then acquires it eagerly, so statements are prepared on it and bind
     * errors surface at once, exactly as with the driver alone.
     */
    @Nullable TargetConnection home() {
        if (this.hint == null && this.session == null && this.factory.hasReplicas()) {
            return null;     // the usual case, told from final fields: no lock to take
        }
        synchronized (this) {
            return homeOf();
        }
    }

    /** {@link #home()} when the creation context may fix the target. Under the lock. */
    private @Nullable TargetConnection homeOf() {
        if (this.hint != null && this.hint.kind == RoutingHint.Kind.GROUP) {
            return targetFor(Decision.group(this.hint.group));
        }
        boolean sessionStuck = this.session != null && this.factory.stickyAfterWrite() && this.session.isStuckToPrimary();
        if (this.hint == RoutingHint.PRIMARY || !this.factory.hasReplicas() || sessionStuck) {
            return primary();
        }
        return null;
    }

    // ---- statements ---------------------------------------------------------------------------------------------

    @Override
    public Statement createStatement(String sql) {
        Assert.notNull(sql, "sql");
        StatementKind kind = this.factory.kindOf(sql);
        return new RoutingStatement(this, sql, kind, this.anyPart ? likelyConnection(kind) : null);
    }

    @Override
    public Batch createBatch() {
        return new RoutingBatch(this, this.factory);
    }

    /**
     * The real connection a statement of this kind would run on under the creation context, if it is already held.
     */
    private synchronized @Nullable Connection likelyConnection(StatementKind kind) {
        if (this.closed) {
            return null;
        }
        try {
            Decision decision = decide(kind, this.hint, this.session, this.replica != null);
            if (decision.route == Decision.Route.REPLICA) {
                return this.replica == null ? null : this.replica.held();
            }
            return targetFor(decision).held();
        } catch (IllegalArgumentException unknownGroup) {
            return null;     // reported when the statement runs
        }
    }

    /**
     * Routes and runs one statement (or batch) at subscription.
     *
     * @param kind what the statement does
     * @param context the context of the statement's subscriber
     * @param sql the SQL, for the log and for replaying transaction settings
     * @param run runs the statement on the chosen real connection
     */
    Flux<Result> execute(StatementKind kind, ContextView context, String sql,
                         Function<Connection, Publisher<? extends Result>> run) {
        Mono<Void> pending = takePendingPosition();
        // called at subscription (the statement defers to read the subscriber's context): route at once unless a
        // position must be read first
        return pending == null ? routeNow(kind, context, sql, run, true)
            : pending.thenMany(route(kind, context, sql, run, true));
    }

    /**
     * Where one statement goes and what must happen there first, worked out under the lock: the target, and whether it
     * must begin its part of the current transaction and which transaction settings it has not yet seen.
     */
    private final class Plan {

        @Nullable Decision decision;

        @Nullable TargetConnection target;

        @Nullable TransactionDefinition begin;

        List<String> catchUp = List.of();

        @Nullable Throwable error;

        /** CAUSAL with a catch-up timeout: wait for this replica to replay {@link #required}, then plan again. */
        @Nullable TargetConnection waitFor;

        long required = Lsn.UNKNOWN;

        boolean guardRead;

        /** Whether the statement can run as soon as the connection is there: nothing to begin or replay first. */
        boolean needsNoSetUp() {
            return this.begin == null && this.catchUp.isEmpty();
        }

        /**
         * Whether {@code BEGIN} can go out together with this statement ({@link #beginTogetherWith}): the only step
         * before it is beginning the target's part of the transaction, the statement only reads, and the target's
         * driver pipelines requests.
         */
        boolean beginsWithRead(StatementKind kind) {
            return this.begin != null && this.catchUp.isEmpty() && kind == StatementKind.READ
                && this.target.target.pipelinesRequests;
        }

        /**
         * Begins the target's part of the transaction and runs the statement, a read, without waiting for
         * {@code BEGIN}'s answer: both go out at once and the server answers them in order, which saves a round trip
         * per transaction. Should {@code BEGIN} fail, the subscriber gets {@code BEGIN}'s error, as it would if the
         * read had waited, and never the read's results (the execution is cancelled). The read itself went out, and
         * ran outside a transaction, which a read may do, unless the refusal arrived before the read was subscribed.
         */
        Flux<Result> beginTogetherWith(Function<Connection, Publisher<? extends Result>> run) {
            TargetConnection entered = this.target;
            TransactionDefinition toBegin = this.begin;
            return entered.connection().flatMapMany(real -> Flux.<Result>mergeSequential(
                Mono.from(real.beginTransaction(toBegin)).doOnError(error -> notBegun(entered)).then(Mono.empty()),
                // deferred, so that the read is issued after BEGIN
                Flux.defer(() -> run.apply(real))));
        }

        Mono<Connection> connection() {
            TargetConnection entered = this.target;
            Mono<Connection> connection = entered.connection();
            if (needsNoSetUp()) {
                return connection;
            }
            TransactionDefinition toBegin = this.begin;
            List<String> settings = this.catchUp;
            return connection.flatMap(real -> {
                Mono<Void> begun = toBegin == null ? Mono.empty() : Mono.from(real.beginTransaction(toBegin));
                return (settings.isEmpty() ? begun : begun.then(runAll(real, settings))).thenReturn(real);
            }).doOnError(error -> {
                if (toBegin != null) {
                    notBegun(entered);
                }
            });
        }
    }

    /** After a failed {@code BEGIN}: the target has no part in the transaction yet, and applied none of its settings. */
    private synchronized void notBegun(TargetConnection target) {
        target.inTransaction = false;
        target.appliedSettings = 0;
    }

    private Flux<Result> route(StatementKind kind, ContextView context, String sql,
                               Function<Connection, Publisher<? extends Result>> run, boolean mayWait) {
        return Flux.defer(() -> routeNow(kind, context, sql, run, mayWait));
    }

    private Flux<Result> routeNow(StatementKind kind, ContextView context, String sql,
                                  Function<Connection, Publisher<? extends Result>> run, boolean mayWait) {
        Plan plan = plan(kind, context, sql, mayWait);
        if (plan.error != null) {
            return Flux.error(plan.error);
        }
        if (plan.waitFor != null) {
            return catchUp(plan.waitFor, plan.required)
                .flatMapMany(caughtUp -> route(kind, context, sql, run, false));
        }
        Decision decision = plan.decision;
        TargetConnection chosen = plan.target;
        chosen.target.routed(decision.reason);
        Logger decisions = this.factory.decisionLog();
        if (decisions.isDebugEnabled()) {
            decisions.debug("{} → {} ({})", leadingKeyword(sql), chosen.target.name, decision.reason.description());
        }
        Flux<Result> results;
        if (plan.beginsWithRead(kind)) {
            results = plan.beginTogetherWith(run);
        } else {
            Mono<Connection> acquired = plan.connection();
            // usually the connection is here already (held, or handed over at once by its pool): run on it directly
            Connection ready = plan.needsNoSetUp() ? chosen.held() : null;
            results = ready != null ? Flux.from(run.apply(ready)) : acquired.flatMapMany(run);
        }
        if (!plan.guardRead) {
            return results;
        }
        return new GuardedRead(results, kind, context, sql, run, chosen, plan.begin != null);
    }

    /**
     * A read on the connection's replica that runs again elsewhere if the replica cannot serve it: on the primary if
     * the replica refused it as a write (and the statement is remembered as one), else wherever it is routed now.
     */
    private final class GuardedRead extends ReplicaReadRecovery {

        private final StatementKind kind;

        private final ContextView context;

        private final String sql;

        private final Function<Connection, Publisher<? extends Result>> run;

        private final TargetConnection replicaUsed;

        /** Whether the read opened the transaction's part on the replica, which must then be left. */
        private final boolean openedTransaction;

        GuardedRead(Flux<Result> results, StatementKind kind, ContextView context, String sql,
                    Function<Connection, Publisher<? extends Result>> run, TargetConnection replicaUsed,
                    boolean openedTransaction) {
            super(results);
            this.kind = kind;
            this.context = context;
            this.sql = sql;
            this.run = run;
            this.replicaUsed = replicaUsed;
            this.openedTransaction = openedTransaction;
        }

        @Override
        Flux<Result> rerun(Throwable failure) {
            if (ReplicaReadRecovery.refusedAsWrite(failure)) {
                RoutingConnection.this.factory.rememberWrite(this.sql);
                Flux<Result> onPrimary = route(StatementKind.WRITE, this.context, this.sql, this.run, false);
                return this.openedTransaction ? leaveTransaction(this.replicaUsed).thenMany(onPrimary) : onPrimary;
            }
            replicaFailed(this.replicaUsed, failure);
            return route(this.kind, this.context, this.sql, this.run, false);
        }
    }

    private synchronized Plan plan(StatementKind kind, ContextView context, String sql, boolean mayWait) {
        Plan plan = new Plan();
        if (this.closed) {
            plan.error = new R2dbcNonTransientResourceException("routing connection is closed");
            return plan;
        }
        RoutingHint effectiveHint = hintFor(context);
        RoutingSession effectiveSession = sessionFor(context);
        long staleness = Routing.maxStalenessNanos(context);
        long required = requiredPosition(effectiveSession);
        Decision decision = decide(kind, effectiveHint, effectiveSession, this.factory.hasReplicas());
        TargetConnection usable = null;
        if (decision.route == Decision.Route.REPLICA) {
            // only a read that may go to a replica takes one (a write must not use up a round-robin turn)
            usable = usableReplica(staleness, required);
            if (usable == null) {
                decision = decide(kind, effectiveHint, effectiveSession, false);
            }
        }
        if (decision == Decision.PRIMARY_FALLBACK && this.factory.hasReplicas()) {
            // replicas exist, but none can serve this read: say why, or wait, or refuse
            if (!this.factory.anyReplicaInRotation()) {
                if (!this.factory.replicaPolicy().fallbackToPrimary) {
                    plan.error = new R2dbcTransientResourceException("no replica can serve this read and fallbackToPrimary is off: "
                        + this.factory.describeReplicas());
                    return plan;
                }
            } else if (required != Lsn.UNKNOWN && !this.factory.anyReplicaReached(staleness, required)) {
                Target furthest = mayWait && !this.factory.replicaPolicy().catchUpTimeout.isZero()
                    ? this.factory.furthestReplica(staleness) : null;
                if (furthest != null) {
                    plan.waitFor = this.replica != null && this.replica.target == furthest ? this.replica
                        : replaceReplica(furthest);
                    plan.required = required;
                    return plan;
                }
                decision = Decision.PRIMARY_CAUSAL;
            }
        }
        TargetConnection target;
        try {
            target = decision.route == Decision.Route.REPLICA ? usable : targetFor(decision);
        } catch (IllegalArgumentException unknownGroup) {
            plan.error = unknownGroup;
            return plan;
        }
        if (target == null) {
            throw new IllegalStateException("unreachable: a replica was chosen but none can serve");
        }
        recordEffects(kind, decision, effectiveSession);
        plan.decision = decision;
        enter(plan, target, kind == StatementKind.TRANSACTION_SETTING && inTransaction() ? sql : null);
        // a replica read may run again elsewhere when nothing else of its unit ran on that replica: an auto-commit
        // read, or the statement that opens a transaction's part on the replica
        plan.guardRead = decision.route == Decision.Route.REPLICA && (!inTransaction() || plan.begin != null);
        return plan;
    }

    /**
     * The replica that can serve a read under these constraints: the connection's own if it can (or if a transaction
     * already runs on it), else another one that can, which then becomes the connection's replica.
     */
    private @Nullable TargetConnection usableReplica(long staleness, long required) {
        TargetConnection current = this.replica;
        if (current != null && (current.inTransaction || this.factory.canServeRead(current.target, staleness, required))) {
            return current;
        }
        Target other = this.factory.chooseReplica(staleness, required);
        return other == null ? null : replaceReplica(other);
    }

    /** Makes {@code chosen} this connection's replica, releasing the previous one's connection. */
    private TargetConnection replaceReplica(Target chosen) {
        TargetConnection current = this.replica;
        if (current != null && current.target == chosen) {
            return current;
        }
        TargetConnection next = new TargetConnection(chosen, this);
        if (current != null) {
            retire(current);
        }
        this.replica = next;
        this.anyPart = true;
        return next;
    }

    /** Rolls back the (aborted) part of the transaction that a refused statement opened on a replica. */
    private Mono<Void> leaveTransaction(TargetConnection replicaPart) {
        return Mono.defer(() -> {
            Connection held = replicaPart.held();
            synchronized (this) {
                replicaPart.inTransaction = false;
                replicaPart.appliedSettings = 0;
            }
            return held == null ? Mono.empty() : Mono.from(held.rollbackTransaction());
        });
    }

    private void replicaFailed(TargetConnection failed, Throwable failure) {
        ReplicaMonitor.markFailed(failed.target, ReplicaMonitor.describe(failure), System.nanoTime(),
            this.factory.replicaPolicy().healthCheckInterval);
        synchronized (this) {
            if (this.replica == failed) {
                this.replica = null;
                retire(failed);
            }
        }
    }

    private static void retire(TargetConnection target) {
        target.close().subscribe(null, error -> Operators.onErrorDropped(error, reactor.util.context.Context.empty()));
    }

    /** CAUSAL: waits (bounded) until the replica has replayed the position, refreshing its known position. */
    private Mono<Boolean> catchUp(TargetConnection replica, long required) {
        Duration timeout = this.factory.replicaPolicy().catchUpTimeout;
        return replica.connection()
            .flatMap(real -> Flux.interval(Duration.ZERO, CATCH_UP_POLL)
                .concatMap(tick -> position(real, "SELECT pg_last_wal_replay_lsn()::text"))
                .filter(replayed -> Lsn.reached(replayed, required))
                .next())
            .timeout(timeout)
            .map(replayed -> {
                TargetStatus status = replica.target.status();
                if (status.up && !Lsn.reached(status.position, replayed)) {
                    replica.target.status(TargetStatus.healthy(replayed, status.lagBytes, status.lagNanos));
                }
                return true;
            })
            .onErrorReturn(false)
            .defaultIfEmpty(false);
    }

    private static final Duration CATCH_UP_POLL = Duration.ofMillis(5);

    private static Mono<Long> position(Connection connection, String sql) {
        return Flux.from(connection.createStatement(sql).execute())
            .concatMap(result -> result.map(row -> {
                String text = row.get(0, String.class);
                return text == null ? Lsn.UNKNOWN : Lsn.parse(text);
            }))
            .next();
    }

    private long requiredPosition(@Nullable RoutingSession effectiveSession) {
        if (!this.factory.replicaPolicy().causal()) {
            return Lsn.UNKNOWN;
        }
        long own = this.ownRequiredPosition;
        long session = effectiveSession == null ? Lsn.UNKNOWN : effectiveSession.requiredPosition();
        if (own == Lsn.UNKNOWN) {
            return session;
        }
        return session == Lsn.UNKNOWN || Long.compareUnsigned(own, session) >= 0 ? own : session;
    }

    /**
     * CAUSAL: the position capture still owed for an auto-commit write, as a step to run before the next statement
     * (or {@code close()}), or {@code null} when nothing is owed.
     */
    private @Nullable Mono<Void> takePendingPosition() {
        if (!this.factory.replicaPolicy().causal()) {
            return null;     // only CAUSAL mode owes positions
        }
        RoutingSession session;
        Connection primaryConnection;
        synchronized (this) {
            if (!this.positionPending) {
                return null;
            }
            this.positionPending = false;
            session = this.pendingSession;
            this.pendingSession = null;
            primaryConnection = heldBy(this.primary);
        }
        return primaryConnection == null ? null : capturePosition(primaryConnection, session);
    }

    /** CAUSAL: reads the primary's current WAL position, which covers every write committed on this connection. */
    private Mono<Void> capturePosition(Connection primaryConnection, @Nullable RoutingSession session) {
        return position(primaryConnection, "SELECT pg_current_wal_lsn()::text")
            .doOnNext(position -> {
                if (position == Lsn.UNKNOWN) {
                    return;
                }
                synchronized (this) {
                    if (this.ownRequiredPosition == Lsn.UNKNOWN || Long.compareUnsigned(position, this.ownRequiredPosition) > 0) {
                        this.ownRequiredPosition = position;
                    }
                }
                if (session != null) {
                    session.requirePosition(position);
                }
            })
            .then();
    }

    private Decision decide(StatementKind kind, @Nullable RoutingHint effectiveHint, @Nullable RoutingSession effectiveSession,
                            boolean replicaAvailable) {
        boolean inTransaction = inTransaction();
        TransactionDefinition definition = inTransaction ? currentDefinition() : null;
        boolean readOnly = definition != null && Boolean.TRUE.equals(definition.getAttribute(TransactionDefinition.READ_ONLY));
        IsolationLevel ofTransaction = definition == null ? null : definition.getAttribute(TransactionDefinition.ISOLATION_LEVEL);
        IsolationLevel isolation = ofTransaction != null ? ofTransaction : this.isolationLevel;
        return this.factory.decider().decide(kind, effectiveHint,
            IsolationLevel.SERIALIZABLE.equals(isolation),
            readOnly,
            inTransaction && this.transactionWrote,
            this.pinned || (inTransaction && (this.transactionHasSavepoint || (!readOnly && this.factory.transactionsOnPrimary()))),
            effectiveSession != null && effectiveSession.isStuckToPrimary(),
            replicaAvailable);
    }

    private void recordEffects(StatementKind kind, Decision decision, @Nullable RoutingSession effectiveSession) {
        if (!kind.requiresPrimary() || !decision.isPrimary()) {
            return;
        }
        if (kind == StatementKind.SESSION_STATE) {
            this.pinned = true;
        } else if (inTransaction()) {
            this.transactionWrote = true;
        } else if (this.factory.replicaPolicy().causal()) {
            this.positionPending = true;
            this.pendingSession = effectiveSession;
        } else if (effectiveSession != null && this.factory.stickyAfterWrite()) {
            effectiveSession.stickToPrimary();
        }
    }

    private TargetConnection targetFor(Decision decision) {
        switch (decision.route) {
            case PRIMARY:
                return primary();
            case REPLICA:
                if (this.replica == null) {
                    throw new IllegalStateException("unreachable: a replica was chosen but none can serve");
                }
                return this.replica;
            default:
                String name = decision.group;
                if (this.groups == null) {
                    this.groups = new HashMap<>(2);
                }
                TargetConnection member = this.groups.get(name);
                if (member == null) {
                    member = new TargetConnection(this.factory.group(name).select(), this);
                    this.groups.put(name, member);
                    this.anyPart = true;
                }
                return member;
        }
    }

    /**
     * Bookkeeping (under the lock) for running a statement on a target: whether it must begin its part of the current
     * transaction, and which transaction settings it has not yet seen. Fills them into {@code plan}.
     */
    private Plan enter(Plan plan, TargetConnection target, @Nullable String newSetting) {
        plan.target = target;
        if (!inTransaction()) {
            return plan;
        }
        plan.begin = target.inTransaction ? null
            : target == this.replica ? readOnly(currentDefinition()) : currentDefinition();
        target.inTransaction = true;
        if (target.appliedSettings != this.transactionSettings.size()) {
            plan.catchUp = List.copyOf(this.transactionSettings.subList(target.appliedSettings, this.transactionSettings.size()));
        }
        if (newSetting != null) {
            if (this.transactionSettings.isEmpty()) {
                this.transactionSettings = new ArrayList<>(2);
            }
            this.transactionSettings.add(newSetting);
        }
        target.appliedSettings = this.transactionSettings.size();
        return plan;
    }

    private static Mono<Void> runAll(Connection connection, List<String> sqls) {
        return Flux.fromIterable(sqls)
            .concatMap(sql -> Flux.from(connection.createStatement(sql).execute()).concatMap(Result::getRowsUpdated))
            .then();
    }

    // ---- transactions -------------------------------------------------------------------------------------------

    /**
     * The definition a transaction's part on a replica begins with: the same, but read-only, because that part only
     * reads, and because a standby refuses to begin a transaction marked read-write (Spring's transaction manager
     * marks every transaction that is not read-only so).
     */
    private static TransactionDefinition readOnly(TransactionDefinition definition) {
        if (Boolean.TRUE.equals(definition.getAttribute(TransactionDefinition.READ_ONLY))) {
            return definition;
        }
        return new TransactionDefinition() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> @Nullable T getAttribute(Option<T> option) {
                return option.equals(TransactionDefinition.READ_ONLY) ? (T) Boolean.TRUE : definition.getAttribute(option);
            }
        };
    }

    private boolean inTransaction() {
        return this.transaction != null || !this.autoCommit;
    }

    private TransactionDefinition currentDefinition() {
        return this.transaction != null ? this.transaction : DEFAULT_TRANSACTION;
    }

    @Override
    public Mono<Void> beginTransaction() {
        return beginTransaction(DEFAULT_TRANSACTION);
    }

    @Override
    public Mono<Void> beginTransaction(TransactionDefinition definition) {
        Assert.notNull(definition, "definition");
        return Mono.fromRunnable(() -> {
            synchronized (this) {
                if (this.transaction == null) {
                    this.transaction = definition;
                }
            }
        });
    }

    @Override
    public Mono<Void> commitTransaction() {
        return endTransaction(true);
    }

    @Override
    public Mono<Void> rollbackTransaction() {
        return endTransaction(false);
    }

    private Mono<Void> endTransaction(boolean commit) {
        return Mono.deferContextual(context -> {
            List<Connection> parts = new ArrayList<>(2);
            boolean wrote;
            Connection primaryConnection;
            synchronized (this) {
                for (TargetConnection target : targets()) {
                    Connection held = target.held();
                    if (target.inTransaction && held != null) {
                        parts.add(held);
                    }
                    target.inTransaction = false;
                    target.appliedSettings = 0;
                }
                wrote = this.transactionWrote;
                primaryConnection = heldBy(this.primary);
                this.transaction = null;
                this.transactionWrote = false;
                this.transactionHasSavepoint = false;
                this.transactionSettings = List.of();
            }
            RoutingSession effectiveSession = sessionFor(context);
            Mono<Void> ended;
            if (parts.isEmpty()) {
                ended = Mono.empty();
            } else if (parts.size() == 1) {
                ended = Mono.from(commit ? parts.get(0).commitTransaction() : parts.get(0).rollbackTransaction());
            } else {
                ended = Flux.fromIterable(parts)
                    .concatMapDelayError(part -> commit ? part.commitTransaction() : part.rollbackTransaction())
                    .then();
            }
            if (!commit || !wrote) {
                return ended;
            }
            if (this.factory.replicaPolicy().causal()) {
                return primaryConnection == null ? ended : ended.then(capturePosition(primaryConnection, effectiveSession));
            }
            if (effectiveSession == null || !this.factory.stickyAfterWrite()) {
                return ended;
            }
            return ended.doOnSuccess(done -> effectiveSession.stickToPrimary());
        });
    }

    @Override
    public Mono<Void> createSavepoint(String name) {
        Assert.notNull(name, "name");
        return Mono.defer(() -> {
            Plan plan;
            synchronized (this) {
                if (this.closed) {
                    return Mono.error(new R2dbcNonTransientResourceException("routing connection is closed"));
                }
                if (!inTransaction()) {
                    this.transaction = DEFAULT_TRANSACTION;
                }
                this.transactionHasSavepoint = true;     // savepoints live on the primary: the transaction stays there
                plan = enter(new Plan(), primary(), null);
            }
            return plan.connection().flatMap(real -> Mono.from(real.createSavepoint(name)));
        });
    }

    @Override
    public Mono<Void> releaseSavepoint(String name) {
        Assert.notNull(name, "name");
        return onPrimaryInTransaction(real -> real.releaseSavepoint(name));
    }

    @Override
    public Mono<Void> rollbackTransactionToSavepoint(String name) {
        Assert.notNull(name, "name");
        return onPrimaryInTransaction(real -> real.rollbackTransactionToSavepoint(name));
    }

    private Mono<Void> onPrimaryInTransaction(Function<Connection, Publisher<Void>> action) {
        return Mono.defer(() -> {
            Plan plan;
            synchronized (this) {
                plan = enter(new Plan(), primary(), null);
            }
            return plan.connection().flatMap(real -> Mono.from(action.apply(real)));
        });
    }

    @Override
    public synchronized boolean isAutoCommit() {
        return this.autoCommit && this.transaction == null;
    }

    @Override
    public Mono<Void> setAutoCommit(boolean autoCommit) {
        return Mono.defer(() -> {
            synchronized (this) {
                if (this.autoCommit == autoCommit) {
                    return Mono.empty();
                }
                this.autoCommit = autoCommit;
            }
            // turning auto-commit on commits the transaction in progress, as the SPI specifies
            return autoCommit ? endTransaction(true) : Mono.empty();
        });
    }

    // ---- settings replayed on every real connection -------------------------------------------------------------

    /** Whether a new real connection needs this connection's settings replayed. */
    @Override
    public synchronized boolean needed() {
        return this.isolationLevel != null || this.statementTimeout != null || this.lockWaitTimeout != null;
    }

    /** Replays this connection's settings on a new real connection. */
    @Override
    public Mono<Void> prepare(Connection real) {
        IsolationLevel isolation;
        Duration statement;
        Duration lockWait;
        synchronized (this) {
            isolation = this.isolationLevel;
            statement = this.statementTimeout;
            lockWait = this.lockWaitTimeout;
        }
        List<Publisher<Void>> steps = new ArrayList<>(3);
        if (isolation != null) {
            steps.add(real.setTransactionIsolationLevel(isolation));
        }
        if (statement != null) {
            steps.add(real.setStatementTimeout(statement));
        }
        if (lockWait != null) {
            steps.add(real.setLockWaitTimeout(lockWait));
        }
        return steps.isEmpty() ? Mono.empty() : Flux.concat(steps).then();
    }

    private Mono<Void> onEveryHeld(Function<Connection, Publisher<Void>> action) {
        return Flux.fromIterable(heldConnections()).concatMap(action).then();
    }

    @Override
    public Mono<Void> setTransactionIsolationLevel(IsolationLevel isolationLevel) {
        Assert.notNull(isolationLevel, "isolationLevel");
        return Mono.defer(() -> {
            synchronized (this) {
                this.isolationLevel = isolationLevel;
            }
            return onEveryHeld(real -> real.setTransactionIsolationLevel(isolationLevel));
        });
    }

    @Override
    public IsolationLevel getTransactionIsolationLevel() {
        synchronized (this) {
            if (this.isolationLevel != null) {
                return this.isolationLevel;
            }
        }
        Connection held = anyHeld();
        return held != null ? held.getTransactionIsolationLevel() : IsolationLevel.READ_COMMITTED;
    }

    @Override
    public Mono<Void> setStatementTimeout(Duration timeout) {
        Assert.notNull(timeout, "timeout");
        return Mono.defer(() -> {
            synchronized (this) {
                this.statementTimeout = timeout;
            }
            return onEveryHeld(real -> real.setStatementTimeout(timeout));
        });
    }

    @Override
    public Mono<Void> setLockWaitTimeout(Duration timeout) {
        Assert.notNull(timeout, "timeout");
        return Mono.defer(() -> {
            synchronized (this) {
                this.lockWaitTimeout = timeout;
            }
            return onEveryHeld(real -> real.setLockWaitTimeout(timeout));
        });
    }

    // ---- life cycle ---------------------------------------------------------------------------------------------

    @Override
    public Mono<Boolean> validate(ValidationDepth depth) {
        Assert.notNull(depth, "depth");
        return Mono.defer(() -> {
            synchronized (this) {
                if (this.closed) {
                    return Mono.just(false);
                }
            }
            return Flux.fromIterable(heldConnections())
                .concatMap(real -> real.validate(depth))
                .all(valid -> valid);
        });
    }

    /**
     * Rolls back a transaction in progress, then releases every real connection. Idempotent; errors from several
     * targets are merged, the later ones added as suppressed.
     */
    @Override
    public Mono<Void> close() {
        return new Closing();
    }

    /**
     * What {@link #close()} returns: releases when subscribed, as {@code Mono.defer(…)} would, in one object (every
     * unit of work closes its connection).
     */
    private final class Closing extends Mono<Void> {

        @Override
        public void subscribe(CoreSubscriber<? super Void> actual) {
            Mono<Void> release;
            try {
                Mono<Void> pending = takePendingPosition();
                release = pending == null ? releaseNow()
                    : pending.onErrorResume(error -> Mono.empty()).then(Mono.defer(RoutingConnection.this::releaseNow));
            } catch (Throwable failure) {
                Operators.error(actual, Operators.onOperatorError(failure, actual.currentContext()));
                return;
            }
            release.subscribe(actual);
        }
    }

    private Mono<Void> releaseNow() {
        List<Mono<Void>> steps;
        synchronized (this) {
            if (this.closed) {
                return Mono.empty();
            }
            this.closed = true;
            if (this.groups == null && (this.primary == null || this.replica == null)) {
                // one part at most, the usual case: no list of steps
                TargetConnection only = this.primary != null ? this.primary : this.replica;
                return only == null ? Mono.empty() : releaseOnly(only);
            }
            steps = new ArrayList<>(4);
            // the parts of a transaction in progress roll back first, then every connection is released
            rollBackPart(this.primary, steps);
            rollBackPart(this.replica, steps);
            if (this.groups != null) {
                this.groups.values().forEach(member -> rollBackPart(member, steps));
            }
            release(this.primary, steps);
            release(this.replica, steps);
            if (this.groups != null) {
                this.groups.values().forEach(member -> release(member, steps));
            }
        }
        return Release.all(steps);
    }

    /** Under the lock: rolls back the transaction part of the connection's only target, if any, then releases it. */
    private static Mono<Void> releaseOnly(TargetConnection only) {
        Mono<Void> rollback = rollBack(only);
        Mono<Void> release = only.closeNow();
        if (rollback == null) {
            return release == null ? Mono.empty() : release;
        }
        return Release.all(release == null ? List.of(rollback) : List.of(rollback, release));
    }

    private static void rollBackPart(@Nullable TargetConnection target, List<Mono<Void>> steps) {
        Mono<Void> rollback = rollBack(target);
        if (rollback != null) {
            steps.add(rollback);
        }
    }

    /** Ends the target's part of a transaction in progress: the rollback to run, or {@code null} if there is none. */
    private static @Nullable Mono<Void> rollBack(@Nullable TargetConnection target) {
        if (target == null) {
            return null;
        }
        Connection held = target.held();
        boolean inTransaction = target.inTransaction;
        target.inTransaction = false;
        return inTransaction && held != null ? Mono.from(held.rollbackTransaction()) : null;
    }

    private static void release(@Nullable TargetConnection target, List<Mono<Void>> steps) {
        Mono<Void> release = target == null ? null : target.closeNow();
        if (release != null) {
            steps.add(release);
        }
    }

    @Override
    public ConnectionMetadata getMetadata() {
        Connection held = anyHeld();
        if (held != null) {
            return held.getMetadata();
        }
        String product = this.factory.getMetadata().getName();
        return new ConnectionMetadata() {
            @Override
            public String getDatabaseProductName() {
                return product;
            }

            @Override
            public String getDatabaseVersion() {
                return "unknown (no connection acquired yet)";
            }
        };
    }

    /**
     * The real connection this one would use for a write if it holds it, else its replica connection.
     *
     * @return a real connection, or {@code null} when none is held yet
     */
    @Override
    public @Nullable Connection unwrap() {
        return anyHeld();
    }

    private synchronized @Nullable Connection anyHeld() {
        Connection held = heldBy(this.primary);
        return held != null ? held : heldBy(this.replica);
    }

    private synchronized List<TargetConnection> targets() {
        List<TargetConnection> targets = new ArrayList<>(this.groups == null ? 2 : 2 + this.groups.size());
        if (this.primary != null) {
            targets.add(this.primary);   // the primary first: it commits before the read-only parts
        }
        if (this.replica != null) {
            targets.add(this.replica);
        }
        if (this.groups != null) {
            targets.addAll(this.groups.values());
        }
        return targets;
    }

    private List<Connection> heldConnections() {
        List<Connection> held = new ArrayList<>(2);
        for (TargetConnection target : targets()) {
            Connection real = target.held();
            if (real != null) {
                held.add(real);
            }
        }
        return held;
    }

    private @Nullable RoutingHint hintFor(ContextView context) {
        RoutingHint fromSubscriber = Routing.hint(context);
        return fromSubscriber != null ? fromSubscriber : this.hint;
    }

    private @Nullable RoutingSession sessionFor(ContextView context) {
        RoutingSession fromSubscriber = Routing.session(context);
        return fromSubscriber != null ? fromSubscriber : this.session;
    }

    private static String leadingKeyword(String sql) {
        int start = 0;
        while (start < sql.length() && !Character.isLetter(sql.charAt(start))) {
            start++;
        }
        int end = start;
        while (end < sql.length() && Character.isLetter(sql.charAt(end))) {
            end++;
        }
        return start == end ? "statement" : sql.substring(start, end).toUpperCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "RoutingConnection[primary=" + this.factory.primary().name
            + (this.replica != null ? ", replica=" + this.replica.target.name : "") + "]";
    }
}
