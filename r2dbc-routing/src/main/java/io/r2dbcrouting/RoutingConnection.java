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
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.TransactionDefinition;
import io.r2dbc.spi.ValidationDepth;
import io.r2dbc.spi.Wrapped;
import io.r2dbcrouting.internal.StatementKind;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
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
final class RoutingConnection implements Connection, Wrapped<Connection> {

    private static final TransactionDefinition DEFAULT_TRANSACTION = new TransactionDefinition() {
        @Override
        public <T> @Nullable T getAttribute(Option<T> option) {
            return null;
        }
    };

    private final RoutingConnectionFactory factory;

    private final @Nullable RoutingHint hint;

    private final @Nullable RoutingSession session;

    private final TargetConnection primary;

    private final @Nullable TargetConnection replica;

    private final Map<String, TargetConnection> groups = new HashMap<>(2);

    private @Nullable IsolationLevel isolationLevel;

    private @Nullable Duration statementTimeout;

    private @Nullable Duration lockWaitTimeout;

    private boolean autoCommit = true;

    /** The definition of the current explicit transaction, or null. */
    private @Nullable TransactionDefinition transaction;

    private boolean transactionWrote;

    private boolean transactionHasSavepoint;

    /** SET LOCAL / SET TRANSACTION statements of the current transaction, replayed on each target that joins it. */
    private final List<String> transactionSettings = new ArrayList<>(0);

    /** The connection holds session state (SET, temporary tables, LISTEN, …) on the primary. */
    private boolean pinned;

    private boolean closed;

    RoutingConnection(RoutingConnectionFactory factory, @Nullable RoutingHint hint, @Nullable RoutingSession session,
                      @Nullable Target replica) {
        this.factory = factory;
        this.hint = hint;
        this.session = session;
        this.primary = new TargetConnection(factory.primary(), this::prepare);
        this.replica = replica == null ? null : new TargetConnection(replica, this::prepare);
    }

    /**
     * The target every statement of this connection will use unless a statement's own hint says otherwise, when that
     * is already known at creation: the factory then acquires it eagerly, so statements are prepared on it and bind
     * errors surface at once, exactly as with the driver alone.
     */
    synchronized @Nullable TargetConnection home() {
        if (this.hint != null && this.hint.kind == RoutingHint.Kind.GROUP) {
            return targetFor(Decision.group(this.hint.group));
        }
        boolean sessionStuck = this.session != null && this.factory.stickyAfterWrite() && this.session.isStuckToPrimary();
        if (this.hint == RoutingHint.PRIMARY || this.replica == null || sessionStuck) {
            return this.primary;
        }
        return null;
    }

    // ---- statements ---------------------------------------------------------------------------------------------

    @Override
    public Statement createStatement(String sql) {
        Assert.notNull(sql, "sql");
        StatementKind kind = this.factory.classifier().classify(sql);
        return new RoutingStatement(this, sql, kind, likelyConnection(kind));
    }

    @Override
    public Batch createBatch() {
        return new RoutingBatch(this, this.factory.classifier());
    }

    /**
     * The real connection a statement of this kind would run on under the creation context, if it is already held.
     */
    private synchronized @Nullable Connection likelyConnection(StatementKind kind) {
        if (this.closed) {
            return null;
        }
        try {
            return targetFor(decide(kind, this.hint, this.session)).held();
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
        RoutingHint effectiveHint = hintFor(context);
        RoutingSession effectiveSession = sessionFor(context);
        Entry entry;
        Decision decision;
        synchronized (this) {
            if (this.closed) {
                return Flux.error(new R2dbcNonTransientResourceException("routing connection is closed"));
            }
            decision = decide(kind, effectiveHint, effectiveSession);
            TargetConnection target;
            try {
                target = targetFor(decision);
            } catch (IllegalArgumentException unknownGroup) {
                return Flux.error(unknownGroup);
            }
            recordEffects(kind, decision, effectiveSession);
            entry = enter(target, kind == StatementKind.TRANSACTION_SETTING && inTransaction() ? sql : null);
        }
        entry.target.target.routed(decision.reason);
        Logger decisions = this.factory.decisionLog();
        if (decisions.isDebugEnabled()) {
            decisions.debug("{} → {} ({})", leadingKeyword(sql), entry.target.target.name, decision.reason.description());
        }
        return entry.connection().flatMapMany(run);
    }

    private Decision decide(StatementKind kind, @Nullable RoutingHint effectiveHint, @Nullable RoutingSession effectiveSession) {
        boolean inTransaction = inTransaction();
        TransactionDefinition definition = inTransaction ? currentDefinition() : null;
        boolean readOnly = definition != null && Boolean.TRUE.equals(definition.getAttribute(TransactionDefinition.READ_ONLY));
        IsolationLevel isolation = definition != null && definition.getAttribute(TransactionDefinition.ISOLATION_LEVEL) != null
            ? definition.getAttribute(TransactionDefinition.ISOLATION_LEVEL) : this.isolationLevel;
        return this.factory.decider().decide(kind, effectiveHint,
            IsolationLevel.SERIALIZABLE.equals(isolation),
            readOnly,
            inTransaction && this.transactionWrote,
            this.pinned || (inTransaction && (this.transactionHasSavepoint || (!readOnly && this.factory.transactionsOnPrimary()))),
            effectiveSession != null && effectiveSession.isStuckToPrimary());
    }

    private void recordEffects(StatementKind kind, Decision decision, @Nullable RoutingSession effectiveSession) {
        if (!kind.requiresPrimary() || !decision.isPrimary()) {
            return;
        }
        if (kind == StatementKind.SESSION_STATE) {
            this.pinned = true;
        } else if (inTransaction()) {
            this.transactionWrote = true;
        } else if (effectiveSession != null && this.factory.stickyAfterWrite()) {
            effectiveSession.stickToPrimary();
        }
    }

    private TargetConnection targetFor(Decision decision) {
        switch (decision.route) {
            case PRIMARY:
                return this.primary;
            case REPLICA:
                if (this.replica == null) {
                    throw new IllegalStateException("unreachable: a replica was chosen but none is configured");
                }
                return this.replica;
            default:
                String name = decision.group;
                TargetConnection member = this.groups.get(name);
                if (member == null) {
                    member = new TargetConnection(this.factory.group(name).select(), this::prepare);
                    this.groups.put(name, member);
                }
                return member;
        }
    }

    /**
     * Bookkeeping (under the lock) for running a statement on a target: whether it must begin its part of the current
     * transaction, and which transaction settings it has not yet seen.
     */
    private Entry enter(TargetConnection target, @Nullable String newSetting) {
        if (!inTransaction()) {
            return new Entry(target, null, List.of());
        }
        TransactionDefinition begin = target.inTransaction ? null : currentDefinition();
        target.inTransaction = true;
        List<String> catchUp = List.copyOf(this.transactionSettings.subList(target.appliedSettings, this.transactionSettings.size()));
        if (newSetting != null) {
            this.transactionSettings.add(newSetting);
        }
        target.appliedSettings = this.transactionSettings.size();
        return new Entry(target, begin, catchUp);
    }

    private final class Entry {

        final TargetConnection target;

        final @Nullable TransactionDefinition begin;

        final List<String> catchUp;

        Entry(TargetConnection target, @Nullable TransactionDefinition begin, List<String> catchUp) {
            this.target = target;
            this.begin = begin;
            this.catchUp = catchUp;
        }

        Mono<Connection> connection() {
            Mono<Connection> connection = this.target.connection();
            if (this.begin == null && this.catchUp.isEmpty()) {
                return connection;
            }
            return connection.flatMap(real -> {
                Mono<Void> begun = this.begin == null ? Mono.empty() : Mono.from(real.beginTransaction(this.begin));
                return begun.then(runAll(real, this.catchUp)).thenReturn(real);
            }).doOnError(error -> {
                synchronized (RoutingConnection.this) {
                    if (this.begin != null) {
                        this.target.inTransaction = false;
                        this.target.appliedSettings = 0;
                    }
                }
            });
        }
    }

    private static Mono<Void> runAll(Connection connection, List<String> sqls) {
        return Flux.fromIterable(sqls)
            .concatMap(sql -> Flux.from(connection.createStatement(sql).execute()).concatMap(Result::getRowsUpdated))
            .then();
    }

    // ---- transactions -------------------------------------------------------------------------------------------

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
                this.transaction = null;
                this.transactionWrote = false;
                this.transactionHasSavepoint = false;
                this.transactionSettings.clear();
            }
            RoutingSession effectiveSession = sessionFor(context);
            return Flux.fromIterable(parts)
                .concatMapDelayError(part -> commit ? part.commitTransaction() : part.rollbackTransaction())
                .then()
                .doOnSuccess(done -> {
                    if (commit && wrote && effectiveSession != null && this.factory.stickyAfterWrite()) {
                        effectiveSession.stickToPrimary();
                    }
                });
        });
    }

    @Override
    public Mono<Void> createSavepoint(String name) {
        Assert.notNull(name, "name");
        return Mono.defer(() -> {
            Entry entry;
            synchronized (this) {
                if (this.closed) {
                    return Mono.error(new R2dbcNonTransientResourceException("routing connection is closed"));
                }
                if (!inTransaction()) {
                    this.transaction = DEFAULT_TRANSACTION;
                }
                this.transactionHasSavepoint = true;     // savepoints live on the primary: the transaction stays there
                entry = enter(this.primary, null);
            }
            return entry.connection().flatMap(real -> Mono.from(real.createSavepoint(name)));
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
            Entry entry;
            synchronized (this) {
                entry = enter(this.primary, null);
            }
            return entry.connection().flatMap(real -> Mono.from(action.apply(real)));
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

    private Mono<Void> prepare(Connection real) {
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
        return Mono.defer(() -> {
            List<Connection> inTransaction = new ArrayList<>(2);
            List<TargetConnection> targets;
            synchronized (this) {
                if (this.closed) {
                    return Mono.empty();
                }
                this.closed = true;
                targets = targets();
                for (TargetConnection target : targets) {
                    Connection held = target.held();
                    if (target.inTransaction && held != null) {
                        inTransaction.add(held);
                    }
                    target.inTransaction = false;
                }
            }
            List<Mono<Void>> steps = new ArrayList<>();
            for (Connection real : inTransaction) {
                steps.add(Mono.from(real.rollbackTransaction()));
            }
            for (TargetConnection target : targets) {
                steps.add(target.close());
            }
            return Release.all(steps);
        });
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

    private @Nullable Connection anyHeld() {
        Connection held = this.primary.held();
        if (held == null && this.replica != null) {
            held = this.replica.held();
        }
        return held;
    }

    private synchronized List<TargetConnection> targets() {
        List<TargetConnection> targets = new ArrayList<>(2 + this.groups.size());
        targets.add(this.primary);       // the primary first: it commits before the read-only parts
        if (this.replica != null) {
            targets.add(this.replica);
        }
        targets.addAll(this.groups.values());
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
        return "RoutingConnection[primary=" + this.primary.target.name
            + (this.replica != null ? ", replica=" + this.replica.target.name : "") + "]";
    }
}
