package io.r2dbcrouting;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import java.time.Duration;
import java.util.EnumMap;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.pool.PoolMetrics;
import io.r2dbc.spi.Closeable;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.ValidationDepth;
import reactor.util.context.ContextView;
import io.r2dbcrouting.internal.StatementClassifier;
import io.r2dbcrouting.internal.StatementKind;
import io.r2dbcrouting.internal.TargetSelector;
import org.jspecify.annotations.Nullable;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * A {@link ConnectionFactory} that sends writes to a primary and reads to weighted replicas, for applications that
 * register it as their only connection factory.
 * <pre class="code">
 * ConnectionFactory routing = RoutingConnectionFactory.builder()
 *     .primary(primaryPool)
 *     .replica("replica-1", replica1Pool, 2)
 *     .replica("replica-2", replica2Pool, 1)
 *     .build();
 *
 * Flux&lt;String&gt; names = Flux.usingWhen(routing.create(),
 *     connection -&gt; Flux.from(connection.createStatement("SELECT name FROM users").execute())
 *         .flatMap(result -&gt; result.map(row -&gt; row.get(0, String.class))),
 *     Connection::close);                                  // a read: served by a replica
 * </pre>
 * <p>
 * Each subscription to {@link #create()} yields a routing connection that holds, lazily, one real connection per
 * target it uses (its replica is chosen once, at creation, by the {@link RoutingStrategy}). Every statement is
 * classified and routed when its {@code execute()} is subscribed: reads to the replica, writes and anything not known
 * to be a read to the primary; a transaction flips to the primary at its first write and stays there until it ends.
 * {@link Routing} hints in the Reactor context override the automatic choice.
 * <p>
 * The factory never closes the connection factories it was given: they are the caller's.
 */
public final class RoutingConnectionFactory implements ConnectionFactory, Closeable {

    /** The name of the primary when {@link Builder#primary(ConnectionFactory)} is used. */
    public static final String DEFAULT_PRIMARY_NAME = "primary";

    /** The name of the default group, where writes go: the group of the primary. */
    public static final String DEFAULT_GROUP = "primary";

    /** The name of the read group: the group of the replicas. */
    public static final String READ_GROUP = "replicas";

    private final Target primary;

    private final @Nullable TargetGroup replicas;

    private final Map<String, TargetGroup> groups;

    private final RoutingStrategy strategy;

    private final boolean stickyAfterWrite;

    private final boolean enabled;

    private final boolean transactionsOnPrimary;

    private final ClassificationCache kinds;

    private final RoutingDecider decider;

    private final ReplicaPolicy replicaPolicy;

    /** {@link #canServeRead} without bounds, as one object: most reads pass it to the replica selector. */
    private final TargetSelector.Eligibility<Target> inRotationCheck = this::inRotation;

    private final ReplicaMonitor monitor;

    /** SQL texts a replica refused as writes: they go straight to the primary from then on. */
    private final KnownWrites knownWrites = new KnownWrites(1024);

    /** Resources this factory created and must release: the pools made from a configuration. */
    private final List<Closeable> owned;

    private volatile boolean closed;

    /** The category of the one-line-per-statement DEBUG log of routing decisions. */
    static final String DECISION_LOG = "io.r2dbcrouting.decision";

    private final Logger decisionLog = Loggers.getLogger(DECISION_LOG);

    private final Mono<Connection> creation = new Creation();

    /** How long {@link #healthCheck()} waits for each target. */
    static final int HEALTH_CHECK_TIMEOUT_SECONDS = 5;

    private RoutingConnectionFactory(Builder builder) {
        this.primary = builder.primary;
        this.replicas = builder.replicas.isEmpty() ? null : new TargetGroup("replicas", builder.replicas, builder.strategy);
        Map<String, TargetGroup> groups = new LinkedHashMap<>();
        builder.groups.forEach((name, members) -> groups.put(name, new TargetGroup(name, members, builder.strategy)));
        this.groups = groups;
        this.strategy = builder.strategy;
        this.stickyAfterWrite = builder.stickyAfterWrite;
        this.enabled = builder.enabled;
        this.transactionsOnPrimary = builder.transactionsOnPrimary;
        this.kinds = new ClassificationCache(builder.primaryFunctions.isEmpty() ? StatementClassifier.defaults()
            : StatementClassifier.withPrimaryFunctions(builder.primaryFunctions));
        this.decider = new RoutingDecider(this.stickyAfterWrite);
        this.owned = new ArrayList<>(builder.owned);
        this.replicaPolicy = builder.replicaPolicy;
        List<Target> others = new ArrayList<>();
        this.groups.values().forEach(group -> others.addAll(group.targets));
        this.monitor = new ReplicaMonitor(this.primary, this.replicas == null ? List.of() : this.replicas.targets, others,
            this.replicaPolicy.healthCheckInterval, isPostgres(this.primary.factory));
    }

    private static boolean isPostgres(ConnectionFactory factory) {
        try {
            return factory.getMetadata().getName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
        } catch (RuntimeException noMetadata) {
            return false;
        }
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Creates a factory from a configuration: a connection pool (r2dbc-pool) for each target, made with the
     * target's driver options and pool settings, which this factory owns and releases on {@link #close()}. Creating
     * it opens no connection, so an unreachable replica does not stop an application from starting.
     *
     * @param config the configuration, for example {@link RoutingConfig#fromEnvironment()}
     * @return a new factory
     * @throws IllegalArgumentException if {@code config} is {@code null}
     * @throws IllegalStateException    if no R2DBC driver on the class path accepts a target's options
     */
    public static RoutingConnectionFactory from(RoutingConfig config) {
        Assert.notNull(config, "config");
        Builder builder = builder()
            .strategy(config.strategy())
            .stickyAfterWrite(config.stickyAfterWrite())
            .enabled(config.enabled())
            .transactionsOnPrimary(config.transactionsOnPrimary())
            .primaryFunctions(config.primaryFunctions());
        builder.replicaPolicy = config.replicaPolicy();
        builder.defaultGroup = config.defaultGroup();
        builder.readGroup = config.readGroup();
        try {
            builder.configured(config.defaultGroup(), config.primary(), pool(config.primary()));
            for (RoutingConfig.Target replica : config.replicas()) {
                builder.configured(config.readGroup(), replica, pool(replica));
            }
            for (Map.Entry<String, List<RoutingConfig.Target>> group : config.groups().entrySet()) {
                for (RoutingConfig.Target member : group.getValue()) {
                    builder.configured(group.getKey(), member, pool(member));
                }
            }
            return builder.build();
        } catch (RuntimeException failure) {
            for (Closeable pool : builder.owned) {
                Mono.from(pool.close()).subscribe(null, closeError -> failure.addSuppressed(closeError));
            }
            throw failure;
        }
    }

    private static ConnectionPool pool(RoutingConfig.Target target) {
        ConnectionFactory driver = ConnectionFactories.get(target.driverOptions());
        RoutingConfig.PoolSettings settings = target.pool();
        ConnectionPoolConfiguration.Builder pool = ConnectionPoolConfiguration.builder(driver)
            .name(target.name())
            .initialSize(settings.initialSize())
            .maxSize(settings.maxSize())
            .maxIdleTime(settings.maxIdleTime());
        if (settings.maxAcquireTime() != null) {
            pool.maxAcquireTime(settings.maxAcquireTime());
        }
        if (settings.validationQuery() != null) {
            pool.validationQuery(settings.validationQuery());
        }
        return new ConnectionPool(pool.build());
    }

    /**
     * A routing connection, created at subscription under the subscriber's context.
     * <p>
     * Usually no real connection is acquired here: each target's connection is acquired at its first statement.
     * When the context already decides where every statement goes ({@link Routing#primary()},
     * {@link Routing#group(String)}, no replicas configured, or a session stuck to the primary), that connection is
     * acquired here, as a plain pool would. A cancellation during that acquisition releases it. With routing
     * disabled this is the primary's own connection.
     *
     * @return a cold {@link Mono} of a connection; an error naming the groups that exist when the context asks for an
     *     unknown group
     */
    @Override
    public Mono<Connection> create() {
        return this.creation;
    }

    /**
     * What {@link #create()} returns: one stateless {@link Mono} per factory, which reads the subscriber's context when
     * subscribed. It does what {@code Mono.deferContextual(…)} would, without allocating an operator, a function and
     * a {@code Mono.just} per connection: {@code create()} runs once per unit of work of every caller, so it is kept
     * small.
     */
    private final class Creation extends Mono<Connection> {

        @Override
        public void subscribe(CoreSubscriber<? super Connection> actual) {
            ContextView context = actual.currentContext();
            Mono<Connection> source;
            try {
                RoutingHint hint = Routing.hint(context);
                source = notYet(context, hint);
                if (source == null) {
                    RoutingConnection connection = new RoutingConnection(RoutingConnectionFactory.this, hint,
                        Routing.session(context));
                    TargetConnection home = connection.home();
                    if (home == null) {
                        // the usual case: a routing connection that acquires its real connections at first use
                        actual.onSubscribe(Operators.scalarSubscription(actual, connection));
                        return;
                    }
                    // even when the pool hands the home connection over at once, a subscriber may cancel before it
                    // takes the routing connection: awaitHome then releases it
                    source = awaitHome(connection, home.connection(), context);
                }
            } catch (Throwable failure) {
                Operators.error(actual, Operators.onOperatorError(failure, actual.currentContext()));
                return;
            }
            source.subscribe(actual);
        }
    }

    /**
     * What a subscription to {@link #create()} gets instead of a new routing connection, if anything: an error (closed,
     * unknown group), the primary's own connection (routing disabled), or, before the monitor's first round of checks
     * has finished, the wait for it and then the connection.
     */
    private @Nullable Mono<Connection> notYet(ContextView context, @Nullable RoutingHint hint) {
        if (this.closed) {
            return Mono.error(new IllegalStateException("RoutingConnectionFactory is closed"));
        }
        if (!this.enabled) {
            return this.primary.acquire();
        }
        if (hint != null && hint.kind == RoutingHint.Kind.GROUP && !this.groups.containsKey(hint.group)) {
            return Mono.error(unknownGroup(hint.group));
        }
        this.monitor.start();
        if (this.replicas != null && !this.monitor.isReady()) {
            // the first round of checks tells which replicas are up and how far behind: wait for it, once
            return this.monitor.ready().then(Mono.defer(() -> {
                RoutingConnection connection = new RoutingConnection(this, hint, Routing.session(context));
                TargetConnection home = connection.home();
                return home == null ? Mono.just(connection) : awaitHome(connection, home.connection(), context);
            }));
        }
        return null;
    }

    /**
     * The routing connection, once the connection of its home target (known from the context: see
     * {@link RoutingConnection#home()}) has arrived, as a pool would hand it over. The acquisition is the home target's
     * own, which keeps whatever arrives: a subscriber that cancels (or drops the routing connection) gets it closed,
     * which releases that connection, now or when it arrives.
     */
    private Mono<Connection> awaitHome(RoutingConnection connection, Mono<Connection> arrival, ContextView context) {
        return arrival
            .map(real -> (Connection) connection)
            .doOnCancel(() -> release(connection, context))
            .doOnDiscard(RoutingConnection.class, discarded -> release(discarded, context));
    }

    private static void release(RoutingConnection connection, ContextView context) {
        connection.close().subscribe(null, error -> Operators.onErrorDropped(error, reactor.util.context.Context.of(context)));
    }

    /**
     * The primary's metadata: Spring Data R2DBC picks its SQL dialect from its name.
     *
     * @return the metadata of the primary's connection factory
     */
    @Override
    public ConnectionFactoryMetadata getMetadata() {
        return this.primary.factory.getMetadata();
    }

    /**
     * Refuses new connections and releases what this factory owns: the pools it created itself (from a
     * {@link RoutingConfig} or an R2DBC URL). It never closes what it was given: connection factories passed to the
     * builder stay open. Idempotent; when several pools fail to close, the first error is emitted with the others
     * suppressed.
     *
     * @return a {@link Mono} that completes when everything owned is released
     */
    @Override
    public Mono<Void> close() {
        return Mono.defer(() -> {
            List<Mono<Void>> releases = new ArrayList<>(this.owned.size());
            synchronized (this.owned) {
                if (this.closed) {
                    return Mono.empty();
                }
                this.closed = true;
                this.monitor.dispose();
                for (Closeable resource : this.owned) {
                    releases.add(Mono.from(resource.close()));
                }
            }
            return Release.all(releases);
        });
    }

    /**
     * The same as {@link #close()}.
     *
     * @return a {@link Mono} that completes when everything owned is released
     */
    public Mono<Void> dispose() {
        return close();
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return {@code true} once closed
     */
    public boolean isClosed() {
        return this.closed;
    }

    /**
     * What this factory routes to: routing on or off, strategy, stickiness, and every target with its group, weight,
     * URL (password masked) and pool. Its {@code toString()} is JSON.
     *
     * @return a snapshot
     */
    public RoutingInfo info() {
        List<RoutingInfo.Target> targets = new ArrayList<>();
        for (Target target : targets()) {
            PoolMetrics metrics = poolMetrics(target);
            targets.add(new RoutingInfo.Target(target.group, target.name, target.weight, target.url,
                target.factory.getClass().getSimpleName(), target.initialSize,
                metrics == null ? null : metrics.getMaxAllocatedSize()));
        }
        return new RoutingInfo(this.enabled, this.strategy, this.stickyAfterWrite, targets);
    }

    /**
     * Where statements went and how the pools are doing: for every target its r2dbc-pool statistics (acquired, idle,
     * pending, allocated, max) and the statements routed to it by {@link RoutingReason}, counted since creation.
     * With routing disabled nothing is classified, so nothing is counted by reason.
     *
     * @return a snapshot
     */
    public RoutingStats stats() {
        List<RoutingStats.Target> targets = new ArrayList<>();
        for (Target target : targets()) {
            PoolMetrics metrics = poolMetrics(target);
            RoutingStats.Pool pool = metrics == null ? null : new RoutingStats.Pool(metrics.acquiredSize(),
                metrics.idleSize(), metrics.pendingAcquireSize(), metrics.allocatedSize(), metrics.getMaxAllocatedSize());
            Map<RoutingReason, Long> routed = new EnumMap<>(RoutingReason.class);
            for (RoutingReason reason : RoutingReason.values()) {
                routed.put(reason, target.routedCount(reason));
            }
            targets.add(new RoutingStats.Target(target.group, target.name, pool, routed, target.acquisitions(),
                Duration.ofNanos(target.acquisitionNanos()), target.acquisitionFailures()));
        }
        return new RoutingStats(targets);
    }

    /**
     * Checks every target: acquires a connection, validates it with the server ({@code ValidationDepth.REMOTE}) and
     * releases it, each within {@value #HEALTH_CHECK_TIMEOUT_SECONDS} seconds, all targets at once. A target that
     * fails is reported down with the reason; the {@code Mono} itself does not fail.
     *
     * @return a {@link Mono} of the report
     */
    public Mono<RoutingHealth> healthCheck() {
        return Flux.fromIterable(targets())
            .flatMapSequential(this::check)
            .collectList()
            .map(RoutingHealth::new);
    }

    private Mono<RoutingHealth.Target> check(Target target) {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return Mono.usingWhen(target.acquire(),
                    connection -> Mono.from(connection.validate(ValidationDepth.REMOTE)),
                    Connection::close)
                .timeout(Duration.ofSeconds(HEALTH_CHECK_TIMEOUT_SECONDS))
                .map(valid -> {
                    TargetStatus status = target.status();
                    boolean replica = this.replicas != null && this.replicas.targets.contains(target);
                    Long lagBytes = replica && status.lagBytes >= 0 ? status.lagBytes : null;
                    Duration lag = replica && status.lagNanos >= 0 ? Duration.ofNanos(status.lagNanos) : null;
                    String problem = !valid ? "validation failed"
                        : !status.up ? "out of rotation: " + status.reason
                        : replica && !inRotation(target) ? "out of rotation: lags beyond the limit" : null;
                    return new RoutingHealth.Target(target.group, target.name, problem == null,
                        Duration.ofNanos(System.nanoTime() - start), problem, lagBytes, lag);
                })
                .onErrorResume(error -> Mono.just(new RoutingHealth.Target(target.group, target.name, false,
                    Duration.ofNanos(System.nanoTime() - start), describe(error), null, null)));
        });
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** Every target: the primary, the replicas, then the bind groups' members. */
    List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        targets.add(this.primary);
        if (this.replicas != null) {
            targets.addAll(this.replicas.targets);
        }
        this.groups.values().forEach(group -> targets.addAll(group.targets));
        return targets;
    }

    private static @Nullable PoolMetrics poolMetrics(Target target) {
        return target.factory instanceof ConnectionPool ? ((ConnectionPool) target.factory).getMetrics().orElse(null) : null;
    }

    /**
     * Whether routing is on ({@link Builder#enabled(boolean)}).
     *
     * @return {@code false} when every connection is the primary's
     */
    public boolean isEnabled() {
        return this.enabled;
    }

    /**
     * The strategy that picks replicas and group members.
     *
     * @return the strategy
     */
    public RoutingStrategy getStrategy() {
        return this.strategy;
    }

    Target primary() {
        return this.primary;
    }

    ReplicaPolicy replicaPolicy() {
        return this.replicaPolicy;
    }

    boolean hasReplicas() {
        return this.replicas != null;
    }

    /** Whether a replica is up and within the lag limits (the constraints that are not the read's own). */
    private boolean inRotation(Target replica) {
        TargetStatus status = replica.status();
        if (!status.up) {
            return false;
        }
        Duration maxLag = this.replicaPolicy.maxReplicaLag;
        if (maxLag != null && (status.lagNanos < 0 || status.lagNanos > maxLag.toNanos())) {
            return false;
        }
        long maxLagBytes = this.replicaPolicy.maxReplicaLagBytes;
        return maxLagBytes < 0 || (status.lagBytes >= 0 && status.lagBytes <= maxLagBytes);
    }

    /**
     * Whether a replica can serve a read now: in rotation, at most {@code staleness} behind (when not -1), and past
     * the {@code required} WAL position (when known).
     */
    boolean canServeRead(Target replica, long staleness, long required) {
        if (!inRotation(replica)) {
            return false;
        }
        TargetStatus status = replica.status();
        if (staleness >= 0 && (status.lagNanos < 0 || status.lagNanos > staleness)) {
            return false;
        }
        return required == Lsn.UNKNOWN || Lsn.reached(status.position, required);
    }

    @Nullable Target chooseReplica(long staleness, long required) {
        if (this.replicas == null) {
            return null;
        }
        // most reads set no bound: then the one predicate of this factory serves, instead of a new one per read
        return this.replicas.select(staleness < 0 && required == Lsn.UNKNOWN ? this.inRotationCheck
            : replica -> canServeRead(replica, staleness, required));
    }

    /** The replica in rotation that has replayed the most, to wait on for a causal read, or {@code null}. */
    @Nullable Target furthestReplica(long staleness) {
        Target best = null;
        if (this.replicas != null) {
            for (Target replica : this.replicas.targets) {
                if (canServeRead(replica, staleness, Lsn.UNKNOWN)
                    && (best == null || Long.compareUnsigned(replica.status().position, best.status().position) > 0)) {
                    best = replica;
                }
            }
        }
        return best;
    }

    boolean anyReplicaInRotation() {
        return this.replicas != null && this.replicas.targets.stream().anyMatch(this::inRotation);
    }

    boolean anyReplicaReached(long staleness, long required) {
        return this.replicas != null && this.replicas.targets.stream().anyMatch(replica -> canServeRead(replica, staleness, required));
    }

    /** Every replica and why it is out of rotation, for the error of a read no replica can serve. */
    String describeReplicas() {
        StringBuilder description = new StringBuilder();
        if (this.replicas != null) {
            for (Target replica : this.replicas.targets) {
                if (description.length() > 0) {
                    description.append("; ");
                }
                TargetStatus status = replica.status();
                description.append(replica.name).append(' ');
                if (!status.up) {
                    description.append("is out of rotation (").append(status.reason).append(')');
                } else {
                    description.append("lags ").append(status.lagBytes < 0 ? "an unknown amount" : status.lagBytes + " bytes")
                        .append(status.lagNanos < 0 ? "" : " / " + Duration.ofNanos(status.lagNanos).toMillis() + " ms")
                        .append(" behind (limits: ").append(this.replicaPolicy.maxReplicaLag == null ? "none"
                            : this.replicaPolicy.maxReplicaLag.toMillis() + " ms")
                        .append(this.replicaPolicy.maxReplicaLagBytes < 0 ? "" : ", " + this.replicaPolicy.maxReplicaLagBytes + " bytes")
                        .append(')');
                }
            }
        }
        return description.toString();
    }

    void rememberWrite(String sql) {
        this.knownWrites.add(sql);
    }

    boolean transactionsOnPrimary() {
        return this.transactionsOnPrimary;
    }

    boolean stickyAfterWrite() {
        return this.stickyAfterWrite;
    }

    /** What a statement does: a write when a replica refused it before, else the (cached) classifier's answer. */
    StatementKind kindOf(String sql) {
        return this.knownWrites.contains(sql) ? StatementKind.WRITE : this.kinds.classify(sql);
    }

    Logger decisionLog() {
        return this.decisionLog;
    }

    RoutingDecider decider() {
        return this.decider;
    }

    TargetGroup group(@Nullable String name) {
        TargetGroup group = name == null ? null : this.groups.get(name);
        if (group == null) {
            throw unknownGroup(name);
        }
        return group;
    }

    private IllegalArgumentException unknownGroup(@Nullable String name) {
        return new IllegalArgumentException("unknown routing group '" + name + "'; the groups are " + this.groups.keySet());
    }

    @Override
    public String toString() {
        List<String> replicaNames = new ArrayList<>();
        if (this.replicas != null) {
            this.replicas.targets.forEach(target -> replicaNames.add(target.name + "(weight " + target.weight + ")"));
        }
        return "RoutingConnectionFactory[primary=" + this.primary.name + ", replicas=" + replicaNames + ", groups="
            + this.groups.keySet() + ", strategy=" + this.strategy + ", stickyAfterWrite=" + this.stickyAfterWrite
            + ", enabled=" + this.enabled + ", " + this.replicaPolicy + "]";
    }

    /**
     * Builds a {@link RoutingConnectionFactory}. Each setter checks its argument at once; {@link #build()} checks the
     * rules that span several settings. Not thread-safe.
     */
    public static final class Builder {

        private @Nullable Target primary;

        private final List<Target> replicas = new ArrayList<>();

        private final Map<String, List<Target>> groups = new LinkedHashMap<>();

        private final Set<String> names = new HashSet<>();

        private final List<String> primaryFunctions = new ArrayList<>();

        private RoutingStrategy strategy = RoutingStrategy.ROUND_ROBIN;

        private boolean stickyAfterWrite = true;

        private boolean enabled = true;

        private boolean transactionsOnPrimary;

        private String defaultGroup = DEFAULT_GROUP;

        private String readGroup = READ_GROUP;

        private final List<Closeable> owned = new ArrayList<>();

        private ReplicaPolicy replicaPolicy = ReplicaPolicy.DEFAULTS;

        private Builder() {
        }

        /**
         * Sets the primary, named {@value #DEFAULT_PRIMARY_NAME}: writes, and reads that must see them, go here.
         *
         * @param factory usually an r2dbc-pool {@code ConnectionPool}
         * @return this builder
         * @throws IllegalArgumentException if {@code factory} is {@code null}
         * @throws IllegalStateException    if a primary is already set
         */
        public Builder primary(ConnectionFactory factory) {
            return primary(DEFAULT_PRIMARY_NAME, factory);
        }

        /**
         * Sets the primary under a name of your choice (used in logs and metrics).
         *
         * @param name    a name unique among all targets
         * @param factory usually an r2dbc-pool {@code ConnectionPool}
         * @return this builder
         * @throws IllegalArgumentException if an argument is {@code null}, the name blank or already used
         * @throws IllegalStateException    if a primary is already set
         */
        public Builder primary(String name, ConnectionFactory factory) {
            Assert.notNull(factory, "primary connection factory");
            if (this.primary != null) {
                throw new IllegalStateException("primary is already set to '" + this.primary.name + "'; only one primary can be configured");
            }
            this.primary = new Target(claim(name, "primary"), this.defaultGroup, factory, 1, null, null);
            return this;
        }

        /**
         * Adds a replica of weight 1, named {@code replica-N} (N counting from 1 in the order added).
         *
         * @param factory usually an r2dbc-pool {@code ConnectionPool}
         * @return this builder
         * @throws IllegalArgumentException if {@code factory} is {@code null}
         */
        public Builder replica(ConnectionFactory factory) {
            return replica("replica-" + (this.replicas.size() + 1), factory, 1);
        }

        /**
         * Adds a replica. Reads are spread over the replicas in proportion to their weights.
         *
         * @param name    a name unique among all targets
         * @param factory usually an r2dbc-pool {@code ConnectionPool}
         * @param weight  a positive weight
         * @return this builder
         * @throws IllegalArgumentException if an argument is {@code null}, the name blank or already used, or the
         *                                  weight not positive
         */
        public Builder replica(String name, ConnectionFactory factory, int weight) {
            Assert.notNull(factory, "connection factory of replica '" + name + "'");
            Assert.isTrue(weight > 0, "weight must be positive, was " + weight + " for replica '" + name + "'");
            this.replicas.add(new Target(claim(name, "replica"), this.readGroup, factory, weight, null, null));
            return this;
        }

        /**
         * Adds a bind group: a database of its own (an analytics copy, a reporting warehouse) that statements
         * subscribed under {@link Routing#group(String)} go to, reads and writes alike. Several members are
         * load-balanced with equal weights; members are named after the group ({@code name} alone, or
         * {@code name-1}, {@code name-2}, … when there are several).
         *
         * @param name    the group name
         * @param members one or more connection factories
         * @return this builder
         * @throws IllegalArgumentException if the name is blank or already a group, or no member is given
         */
        public Builder group(String name, ConnectionFactory... members) {
            Assert.notBlank(name, "group name");
            Assert.notNull(members, "members of group '" + name + "'");
            Assert.isTrue(members.length > 0, "group '" + name + "' needs at least one connection factory");
            Assert.isTrue(!this.groups.containsKey(name), "duplicate group name '" + name + "'");
            List<Target> targets = new ArrayList<>(members.length);
            for (int i = 0; i < members.length; i++) {
                String member = members.length == 1 ? name : name + "-" + (i + 1);
                Assert.notNull(members[i], "connection factory of group member '" + member + "'");
                targets.add(new Target(claim(member, "group member"), name, members[i], 1, null, null));
            }
            this.groups.put(name, targets);
            return this;
        }

        /** Adds a target made from a {@link RoutingConfig}, whose pool this factory owns. */
        private void configured(String group, RoutingConfig.Target target, ConnectionPool pool) {
            Target made = new Target(claim(target.name(), group), group, pool, target.weight(), target.url(),
                target.pool().initialSize());
            if (group.equals(this.defaultGroup)) {
                this.primary = made;
            } else if (group.equals(this.readGroup)) {
                this.replicas.add(made);
            } else {
                this.groups.computeIfAbsent(group, name -> new ArrayList<>()).add(made);
            }
            this.owned.add(pool);
        }

        /**
         * Sets how replicas and group members are chosen. Default {@link RoutingStrategy#ROUND_ROBIN}.
         *
         * @param strategy the strategy
         * @return this builder
         * @throws IllegalArgumentException if {@code strategy} is {@code null}
         */
        public Builder strategy(RoutingStrategy strategy) {
            this.strategy = Assert.notNull(strategy, "strategy");
            return this;
        }

        /**
         * Whether a transaction's reads go to the primary after its first write (until it ends), and a routing
         * session's reads after its first successful write (until reset). Default {@code true}. With {@code false},
         * reads after a write may go to a replica and miss that write.
         *
         * @param stickyAfterWrite the setting
         * @return this builder
         */
        public Builder stickyAfterWrite(boolean stickyAfterWrite) {
            this.stickyAfterWrite = stickyAfterWrite;
            return this;
        }

        /**
         * Whether transactions that are not read-only run on the primary from their first statement, instead of
         * starting on a replica and moving to the primary at their first write. Read-only transactions stay on a
         * replica either way. Default {@code false}.
         *
         * @param onPrimary the setting
         * @return this builder
         */
        public Builder transactionsOnPrimary(boolean onPrimary) {
            this.transactionsOnPrimary = onPrimary;
            return this;
        }

        /**
         * Whether to route at all. With {@code false}, every connection is the primary's own, whatever the hints,
         * and nothing is classified. Default {@code true}.
         *
         * @param enabled the setting
         * @return this builder
         */
        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /**
         * Adds functions that write or otherwise must run on the primary, to the built-in list ({@code nextval},
         * {@code pg_advisory_lock}, …): a SELECT calling one goes to the primary. A plain name matches the function in
         * any schema; a qualified name ({@code audit.log_access}) only that schema's.
         *
         * @param names function names, case-insensitive
         * @return this builder
         * @throws IllegalArgumentException if a name is {@code null} or blank
         */
        public Builder primaryFunctions(String... names) {
            Assert.notNull(names, "primary function names");
            return primaryFunctions(Arrays.asList(names));
        }

        /**
         * Adds functions that must run on the primary; see {@link #primaryFunctions(String...)}.
         *
         * @param names function names, case-insensitive
         * @return this builder
         * @throws IllegalArgumentException if a name is {@code null}, blank, or not {@code name} or
         *                                  {@code schema.name} of unquoted identifiers
         */
        public Builder primaryFunctions(Collection<String> names) {
            Assert.notNull(names, "primary function names");
            for (String name : names) {
                Assert.notBlank(name, "primary function name");
            }
            StatementClassifier.withPrimaryFunctions(names);      // checks the form of each name now, not at build()
            this.primaryFunctions.addAll(names);
            return this;
        }

        /**
         * How often the background monitor checks every target (reachable, in the right role, and for a replica its
         * replay position and lag). Default 1 second. The monitor starts with the first {@code create()} and stops
         * when the factory is closed.
         *
         * @param interval a positive duration
         * @return this builder
         * @throws IllegalArgumentException if {@code interval} is {@code null}, zero or negative
         */
        public Builder healthCheckInterval(Duration interval) {
            this.replicaPolicy = this.replicaPolicy.healthCheckInterval(interval);
            return this;
        }

        /**
         * Takes replicas further behind the primary than this out of rotation for reads until they catch up. Time
         * lag is how long ago the primary was at the position a replica has replayed, so an idle primary does not
         * make its replicas look lagged. Default: no limit. While a limit is set, a replica whose lag is not known
         * yet (before its first check) is not used.
         *
         * @param lag a positive duration
         * @return this builder
         * @throws IllegalArgumentException if {@code lag} is {@code null}, zero or negative
         */
        public Builder maxReplicaLag(Duration lag) {
            this.replicaPolicy = this.replicaPolicy.maxReplicaLag(lag);
            return this;
        }

        /**
         * Takes replicas whose replay is more than this many bytes of WAL behind the primary out of rotation for
         * reads. Default: no limit.
         *
         * @param bytes zero or more
         * @return this builder
         * @throws IllegalArgumentException if {@code bytes} is negative
         */
        public Builder maxReplicaLagBytes(long bytes) {
            this.replicaPolicy = this.replicaPolicy.maxReplicaLagBytes(bytes);
            return this;
        }

        /**
         * Whether reads go to the primary when no replica can serve them (all down, lagging beyond the limits, or in
         * the wrong role). Default {@code true}. With {@code false} such a read fails with an error naming every
         * replica and why it is out.
         *
         * @param fallback the setting
         * @return this builder
         */
        public Builder fallbackToPrimary(boolean fallback) {
            this.replicaPolicy = this.replicaPolicy.fallbackToPrimary(fallback);
            return this;
        }

        /**
         * What a read after a write is promised to see; see {@link ReadConsistency}. Default
         * {@link ReadConsistency#STICKY}.
         *
         * @param consistency the mode
         * @return this builder
         * @throws IllegalArgumentException if {@code consistency} is {@code null}
         */
        public Builder readConsistency(ReadConsistency consistency) {
            this.replicaPolicy = this.replicaPolicy.readConsistency(consistency);
            return this;
        }

        /**
         * In {@link ReadConsistency#CAUSAL} mode, how long a read may wait for its replica to replay the session's
         * writes before it goes to the primary instead. Default zero: no waiting.
         *
         * @param timeout zero or more
         * @return this builder
         * @throws IllegalArgumentException if {@code timeout} is {@code null} or negative
         */
        public Builder catchUpTimeout(Duration timeout) {
            this.replicaPolicy = this.replicaPolicy.catchUpTimeout(timeout);
            return this;
        }

        /**
         * Builds the factory.
         *
         * @return a new factory
         * @throws IllegalStateException if no primary is set
         */
        public RoutingConnectionFactory build() {
            if (this.primary == null) {
                throw new IllegalStateException("primary must be set: call primary(ConnectionFactory) before build()");
            }
            return new RoutingConnectionFactory(this);
        }

        private String claim(String name, String role) {
            Assert.notBlank(name, role + " name");
            Assert.isTrue(this.names.add(name), "duplicate target name '" + name + "' (" + role + "): every primary, replica and group member needs its own name");
            return name;
        }

        @Override
        public String toString() {
            return "RoutingConnectionFactory.Builder[primary=" + (this.primary == null ? "unset" : this.primary.name)
                + ", replicas=" + this.replicas + ", groups=" + this.groups.keySet() + ", strategy=" + this.strategy
                + ", stickyAfterWrite=" + this.stickyAfterWrite + ", enabled=" + this.enabled + "]";
        }
    }
}
