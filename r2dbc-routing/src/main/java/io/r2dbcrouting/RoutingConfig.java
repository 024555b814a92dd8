package io.r2dbcrouting;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;

import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.Option;
import io.r2dbcrouting.internal.StatementClassifier;
import org.jspecify.annotations.Nullable;

/**
 * The configuration of a {@link RoutingConnectionFactory} given as database URLs: a primary, weighted replicas and
 * named bind groups, each a {@link Target} for which the factory creates and owns a connection pool.
 * <pre class="code">
 * RoutingConfig config = RoutingConfig.builder()
 *     .primary("r2dbc:postgresql://app:secret@db-primary:5432/app")
 *     .replica("replica-1", "postgresql://app:secret@db-replica-1:5432/app", 2)
 *     .replica("replica-2", "postgresql://app:secret@db-replica-2:5432/app", 1)
 *     .group("analytics", "r2dbc:postgresql://app:secret@warehouse:5432/analytics")
 *     .option("sslMode", "require")
 *     .pool(RoutingConfig.PoolSettings.builder().maxSize(20).build())
 *     .build();
 * </pre>
 * <p>
 * Three sources produce one: the {@link #builder()}, the {@linkplain #fromEnvironment() environment}, and the
 * {@code r2dbc:routing:postgresql://user:password@primary:5432,replica-1:5432/db?…} URLs that
 * {@link RoutingConnectionFactoryProvider} reads.
 * <p>
 * <b>URLs.</b> Every URL is {@code r2dbc:<driver>://user:password@host[:port]/database?option=value&…} or, for
 * PostgreSQL, libpq's {@code postgresql://…} or {@code postgres://…} (also SQLAlchemy's
 * {@code postgresql+asyncpg://…}), read as {@code r2dbc:postgresql://…} with libpq's {@code sslmode}, {@code sslrootcert}, {@code sslcert},
 * {@code sslkey}, {@code sslpassword}, {@code application_name} and {@code connect_timeout} (seconds) renamed to
 * r2dbc-postgresql's options. User name and password may be percent-encoded; {@code '+'} in them means itself and an
 * unencoded {@code '@'} is read as part of the password, but {@code '/'}, {@code '?'} and {@code '#'} there must be
 * encoded ({@code %2F}, {@code %3F}, {@code %23}), and a {@code '@'} after the host is refused. A URL names one host;
 * its query holds options for its own driver only: the routing and pool options ({@code strategy}, {@code maxSize}, …)
 * are the router's and are refused in a target's URL, and so is the {@code pool:} driver, because the router makes a
 * pool for each target itself.
 * <p>
 * <b>Errors.</b> A bad value fails at once with an {@link IllegalArgumentException}; a rule that spans settings fails in
 * {@link Builder#build()} with an {@link IllegalStateException}. Every message names the setting (the builder method,
 * the environment variable or the URL option) and the bad part of its value. No message and no {@code toString()} ever
 * shows a password: URLs appear as {@code user:***@host}, and option values whose name mentions a password, secret or
 * token as {@code ***}.
 * <p>
 * Instances are immutable and thread-safe.
 */
public final class RoutingConfig {

    /**
     * The name of the group that {@link Builder#primary(String)} defines: the default
     * {@linkplain #defaultGroup() default group}.
     */
    public static final String DEFAULT_GROUP = "primary";

    /**
     * The name of the group that {@link Builder#replica(String)} adds to: the default
     * {@linkplain #readGroup() read group}.
     */
    public static final String READ_GROUP = "replicas";

    private final Target primary;

    private final List<Target> replicas;

    private final Map<String, List<Target>> groups;

    private final String defaultGroup;

    private final String readGroup;

    private final RoutingStrategy strategy;

    private final boolean stickyAfterWrite;

    private final ReplicaPolicy replicaPolicy;

    private final boolean transactionsOnPrimary;

    private final boolean enabled;

    private final PoolSettings pool;

    private final List<String> primaryFunctions;

    private RoutingConfig(Target primary, List<Target> replicas, Map<String, List<Target>> groups, Builder builder,
                          PoolSettings pool) {
        this.primary = primary;
        this.replicas = Collections.unmodifiableList(new ArrayList<>(replicas));
        Map<String, List<Target>> copy = new LinkedHashMap<>();
        groups.forEach((name, members) -> copy.put(name, Collections.unmodifiableList(new ArrayList<>(members))));
        this.groups = Collections.unmodifiableMap(copy);
        this.defaultGroup = builder.defaultGroup;
        this.readGroup = builder.readGroup;
        this.strategy = builder.strategy;
        this.stickyAfterWrite = builder.stickyAfterWrite;
        this.enabled = builder.enabled;
        this.replicaPolicy = builder.replicaPolicy;
        this.transactionsOnPrimary = builder.transactionsOnPrimary;
        this.pool = pool;
        this.primaryFunctions = Collections.unmodifiableList(new ArrayList<>(builder.primaryFunctions));
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
     * Reads the process's environment variables; see {@link #fromEnvironment(Map)}.
     *
     * @return the configuration
     * @throws IllegalArgumentException if a variable has a bad value
     * @throws IllegalStateException    if neither {@code DATABASE_URL} nor {@code WRITE_DATABASE_URL} is set
     */
    public static RoutingConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * Reads the variables that applications with a split read/write database already use:
     * <table>
     * <caption>Environment variables</caption>
     * <tr><th scope="col">Variable</th><th scope="col">Default</th><th scope="col">Meaning</th></tr>
     * <tr><td>{@code ENABLE_DB_SPLITTING}</td><td>{@code false}</td><td>{@code true}/{@code false} (or
     * {@code yes}/{@code no}, {@code 1}/{@code 0}): route reads to replicas; with {@code false} the configuration is {@linkplain #enabled()
     * disabled} and has no replicas: everything goes to the primary</td></tr>
     * <tr><td>{@code DATABASE_URL}</td><td></td><td>the database, when the two below are not set</td></tr>
     * <tr><td>{@code WRITE_DATABASE_URL}</td><td>{@code DATABASE_URL}</td><td>the primary</td></tr>
     * <tr><td>{@code READ_DATABASE_URL}</td><td>{@code DATABASE_URL}</td><td>the replicas: one URL or a comma-separated
     * list, named {@code replica-1}, {@code replica-2}, …, of weight 1. When it is not set, reads go to
     * {@code DATABASE_URL}'s server through a pool of their own (with only {@code WRITE_DATABASE_URL} set, to the
     * primary)</td></tr>
     * <tr><td>{@code DB_POOL_SIZE}</td><td>{@link PoolSettings} defaults</td><td>each pool's initial size</td></tr>
     * <tr><td>{@code DB_MAX_OVERFLOW}</td><td>0</td><td>each pool's maximum size is {@code DB_POOL_SIZE + DB_MAX_OVERFLOW}
     * (the default maximum size 10 plus the overflow when {@code DB_POOL_SIZE} is not set)</td></tr>
     * </table>
     * Blank variables count as unset, and URLs that are not used are not read. Other variables are ignored.
     *
     * @param environment the variables, such as {@link System#getenv()} or a map for tests
     * @return the configuration
     * @throws IllegalArgumentException if a variable has a bad value, naming it
     * @throws IllegalStateException    if neither {@code DATABASE_URL} nor {@code WRITE_DATABASE_URL} is set
     */
    public static RoutingConfig fromEnvironment(Map<String, String> environment) {
        return ConfigEnvironment.read(environment);
    }

    /**
     * Reads the options of an {@code r2dbc:routing:<driver>://…} URL (DRIVER {@code routing}, PROTOCOL the targets'
     * driver); see {@link RoutingConnectionFactoryProvider}.
     *
     * @throws IllegalArgumentException if an option has a bad value, naming it
     * @throws IllegalStateException    from {@link Builder#build()}
     */
    static RoutingConfig fromOptions(ConnectionFactoryOptions options) {
        return ConfigOptions.read(options);
    }

    /**
     * The primary: writes, and reads that must see them, go here.
     *
     * @return the primary
     */
    public Target primary() {
        return this.primary;
    }

    /**
     * The members of the {@linkplain #readGroup() read group}, in the order they were added: reads are spread over
     * them by weight.
     *
     * @return the replicas, possibly none (then reads go to the primary); unmodifiable
     */
    public List<Target> replicas() {
        return this.replicas;
    }

    /**
     * The bind groups for {@link Routing#group(String)}, other than the default and read groups, in the order they were
     * added.
     *
     * @return the groups by name; unmodifiable
     */
    public Map<String, List<Target>> groups() {
        return this.groups;
    }

    /**
     * Every target: the primary, the replicas, then the members of each group.
     *
     * @return the targets; unmodifiable
     */
    public List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        targets.add(this.primary);
        targets.addAll(this.replicas);
        this.groups.values().forEach(targets::addAll);
        return Collections.unmodifiableList(targets);
    }

    /**
     * The name of the group writes go to; default {@value #DEFAULT_GROUP}.
     *
     * @return the group's name
     */
    public String defaultGroup() {
        return this.defaultGroup;
    }

    /**
     * The name of the group reads go to; default {@value #READ_GROUP}.
     *
     * @return the group's name
     */
    public String readGroup() {
        return this.readGroup;
    }

    /**
     * How replicas and group members are chosen; default {@link RoutingStrategy#ROUND_ROBIN}.
     *
     * @return the strategy
     */
    public RoutingStrategy strategy() {
        return this.strategy;
    }

    /**
     * Whether reads after a write stick to the primary; default {@code true}.
     *
     * @return the setting
     */
    public boolean stickyAfterWrite() {
        return this.stickyAfterWrite;
    }

    /**
     * Whether to route at all; default {@code true} ({@link #fromEnvironment(Map)}: {@code ENABLE_DB_SPLITTING},
     * default {@code false}). With {@code false}, every connection is the primary's.
     *
     * @return the setting
     */
    public boolean enabled() {
        return this.enabled;
    }

    /**
     * How often targets are checked; default 1 second.
     *
     * @return the interval
     */
    public Duration healthCheckInterval() {
        return this.replicaPolicy.healthCheckInterval;
    }

    /**
     * How far behind in time a replica may be and still serve reads.
     *
     * @return the limit, or {@code null} for none (the default)
     */
    public @Nullable Duration maxReplicaLag() {
        return this.replicaPolicy.maxReplicaLag;
    }

    /**
     * How many bytes of WAL behind a replica may be and still serve reads.
     *
     * @return the limit, or {@code null} for none (the default)
     */
    public @Nullable Long maxReplicaLagBytes() {
        return this.replicaPolicy.maxReplicaLagBytes < 0 ? null : this.replicaPolicy.maxReplicaLagBytes;
    }

    /**
     * Whether reads go to the primary when no replica can serve them; default {@code true}.
     *
     * @return the setting
     */
    public boolean fallbackToPrimary() {
        return this.replicaPolicy.fallbackToPrimary;
    }

    /**
     * What a read after a write is promised to see; default {@link ReadConsistency#STICKY}.
     *
     * @return the mode
     */
    public ReadConsistency readConsistency() {
        return this.replicaPolicy.readConsistency;
    }

    /**
     * How long a causal read may wait for a replica to catch up; default zero.
     *
     * @return the timeout
     */
    public Duration catchUpTimeout() {
        return this.replicaPolicy.catchUpTimeout;
    }

    /**
     * Whether transactions that are not read-only run on the primary from their first statement; default
     * {@code false}.
     *
     * @return the setting
     */
    public boolean transactionsOnPrimary() {
        return this.transactionsOnPrimary;
    }

    ReplicaPolicy replicaPolicy() {
        return this.replicaPolicy;
    }

    /**
     * The pool settings of every target that has no override, every field resolved.
     *
     * @return the default pool settings
     */
    public PoolSettings pool() {
        return this.pool;
    }

    /**
     * Functions, besides the built-in ones, whose calls send a SELECT to the primary.
     *
     * @return the names as given; unmodifiable
     */
    public List<String> primaryFunctions() {
        return this.primaryFunctions;
    }

    /**
     * Describes the configuration, passwords masked.
     */
    @Override
    public String toString() {
        return "RoutingConfig[primary=" + this.primary + ", replicas=" + this.replicas + ", groups=" + this.groups
            + ", defaultGroup=" + this.defaultGroup + ", readGroup=" + this.readGroup + ", strategy=" + this.strategy
            + ", stickyAfterWrite=" + this.stickyAfterWrite + ", enabled=" + this.enabled + ", " + this.replicaPolicy
            + ", pool=" + this.pool
            + ", primaryFunctions=" + this.primaryFunctions + "]";
    }

    /**
     * One database: the primary, a replica or a group member, with its driver options and its pool's settings.
     * Immutable.
     */
    public static final class Target {

        private final String name;

        private final int weight;

        private final PoolSettings pool;

        private final ConnectionFactoryOptions driverOptions;

        private final String url;

        Target(String name, int weight, PoolSettings pool, ConnectionFactoryOptions driverOptions) {
            this.name = name;
            this.weight = weight;
            this.pool = pool;
            this.driverOptions = driverOptions;
            this.url = DatabaseUrl.display(driverOptions);
        }

        /**
         * The name, unique among all targets, used in logs and metrics.
         *
         * @return the name
         */
        public String name() {
            return this.name;
        }

        /**
         * The URL the driver options amount to, with the password masked as {@code ***} and the options sorted by name,
         * such as {@code r2dbc:postgresql://app:***@db1:5432/app?sslMode=require}. For display only.
         *
         * @return the masked URL
         */
        public String url() {
            return this.url;
        }

        /**
         * The weight among the replicas; 1 for the primary and group members.
         *
         * @return a positive weight
         */
        public int weight() {
            return this.weight;
        }

        /**
         * The settings of this target's pool: its override (if any) merged over the configuration's
         * {@linkplain RoutingConfig#pool() defaults}, every field resolved.
         *
         * @return the pool settings
         */
        public PoolSettings pool() {
            return this.pool;
        }

        /**
         * What to give {@code ConnectionFactories.get(…)} for this target: DRIVER (such as {@code postgresql}),
         * PROTOCOL if any, HOST, PORT, USER, PASSWORD and DATABASE as given, the options of the target's URL and the
         * options set for every target ({@link Builder#option(String, String)}; the target's own URL wins). Never a
         * routing or pool option. Its {@code toString()} is the SPI's: it shows PASSWORD as {@code REDACTED}, and other
         * options (an {@code sslPassword} too, unless its driver declared it sensitive first) as they are; log
         * {@link #url()} instead.
         *
         * @return the driver options
         */
        public ConnectionFactoryOptions driverOptions() {
            return this.driverOptions;
        }

        /**
         * Describes the target, password masked.
         */
        @Override
        public String toString() {
            return "Target[name=" + this.name + ", url=" + this.url + ", weight=" + this.weight + ", pool=" + this.pool
                + "]";
        }
    }

    /**
     * The settings of a connection pool (r2dbc-pool's {@code ConnectionPoolConfiguration}), each optional: a field
     * that is not set takes its value from the defaults the settings are merged over (a
     * {@link RoutingConfig.Builder#pool(String, PoolSettings) per-target override} over
     * {@link RoutingConfig.Builder#pool(PoolSettings) the defaults}), and finally from the built-in defaults. Immutable;
     * equal when the same fields are set to the same values.
     */
    public static final class PoolSettings {

        /** The initial size when none is set. */
        public static final int DEFAULT_INITIAL_SIZE = 1;

        /** The maximum size when none is set. */
        public static final int DEFAULT_MAX_SIZE = 10;

        /** The maximum idle time when none is set, as in r2dbc-pool. */
        public static final Duration DEFAULT_MAX_IDLE_TIME = Duration.ofMinutes(30);

        private final @Nullable Integer initialSize;

        private final @Nullable Integer maxSize;

        private final @Nullable Duration maxIdleTime;

        private final @Nullable Duration maxAcquireTime;

        private final @Nullable String validationQuery;

        private PoolSettings(@Nullable Integer initialSize, @Nullable Integer maxSize, @Nullable Duration maxIdleTime,
                             @Nullable Duration maxAcquireTime, @Nullable String validationQuery) {
            this.initialSize = initialSize;
            this.maxSize = maxSize;
            this.maxIdleTime = maxIdleTime;
            this.maxAcquireTime = maxAcquireTime;
            this.validationQuery = validationQuery;
        }

        /**
         * Starts a builder with nothing set.
         *
         * @return a new builder
         */
        public static Builder builder() {
            return new Builder();
        }

        /**
         * The number of connections the pool opens when it starts; default {@value #DEFAULT_INITIAL_SIZE}.
         *
         * @return the initial size, at least 0
         */
        public int initialSize() {
            return this.initialSize == null ? DEFAULT_INITIAL_SIZE : this.initialSize;
        }

        /**
         * The most connections the pool holds; default {@value #DEFAULT_MAX_SIZE}.
         *
         * @return the maximum size, at least 1
         */
        public int maxSize() {
            return this.maxSize == null ? DEFAULT_MAX_SIZE : this.maxSize;
        }

        /**
         * How long a connection may stay idle before the pool closes it; default 30 minutes.
         *
         * @return a positive duration
         */
        public Duration maxIdleTime() {
            return this.maxIdleTime == null ? DEFAULT_MAX_IDLE_TIME : this.maxIdleTime;
        }

        /**
         * How long acquiring a connection may take before it fails; default {@code null}: no limit, as in r2dbc-pool.
         *
         * @return a positive duration, or {@code null} for no limit
         */
        public @Nullable Duration maxAcquireTime() {
            return this.maxAcquireTime;
        }

        /**
         * The query the pool validates connections with; default {@code null}: the driver's own validation.
         *
         * @return the query, or {@code null}
         */
        public @Nullable String validationQuery() {
            return this.validationQuery;
        }

        /** The fields set here, the others from {@code defaults}. */
        PoolSettings mergedOver(PoolSettings defaults) {
            return new PoolSettings(this.initialSize != null ? this.initialSize : defaults.initialSize,
                this.maxSize != null ? this.maxSize : defaults.maxSize,
                this.maxIdleTime != null ? this.maxIdleTime : defaults.maxIdleTime,
                this.maxAcquireTime != null ? this.maxAcquireTime : defaults.maxAcquireTime,
                this.validationQuery != null ? this.validationQuery : defaults.validationQuery);
        }

        /** These settings with the built-in defaults filled in. */
        PoolSettings resolved() {
            return new PoolSettings(initialSize(), maxSize(), maxIdleTime(), this.maxAcquireTime, this.validationQuery);
        }

        @Override
        public boolean equals(@Nullable Object other) {
            if (this == other) {
                return true;
            }
            if (!(other instanceof PoolSettings)) {
                return false;
            }
            PoolSettings that = (PoolSettings) other;
            return Objects.equals(this.initialSize, that.initialSize) && Objects.equals(this.maxSize, that.maxSize)
                && Objects.equals(this.maxIdleTime, that.maxIdleTime)
                && Objects.equals(this.maxAcquireTime, that.maxAcquireTime)
                && Objects.equals(this.validationQuery, that.validationQuery);
        }

        @Override
        public int hashCode() {
            return Objects.hash(this.initialSize, this.maxSize, this.maxIdleTime, this.maxAcquireTime, this.validationQuery);
        }

        /**
         * The fields that are set, such as {@code PoolSettings[initialSize=1, maxSize=10, maxIdleTime=PT30M]}.
         */
        @Override
        public String toString() {
            StringJoiner fields = new StringJoiner(", ", "PoolSettings[", "]");
            if (this.initialSize != null) {
                fields.add("initialSize=" + this.initialSize);
            }
            if (this.maxSize != null) {
                fields.add("maxSize=" + this.maxSize);
            }
            if (this.maxIdleTime != null) {
                fields.add("maxIdleTime=" + this.maxIdleTime);
            }
            if (this.maxAcquireTime != null) {
                fields.add("maxAcquireTime=" + this.maxAcquireTime);
            }
            if (this.validationQuery != null) {
                fields.add("validationQuery=" + this.validationQuery);
            }
            return fields.toString();
        }

        /**
         * Builds {@link PoolSettings}. Each setter checks its argument at once; {@link #build()} checks that the
         * initial size does not exceed the maximum size when both are set. Not thread-safe.
         */
        public static final class Builder {

            private @Nullable Integer initialSize;

            private @Nullable Integer maxSize;

            private @Nullable Duration maxIdleTime;

            private @Nullable Duration maxAcquireTime;

            private @Nullable String validationQuery;

            private Builder() {
            }

            /**
             * Sets the number of connections opened when the pool starts. Default
             * {@value PoolSettings#DEFAULT_INITIAL_SIZE}.
             *
             * @param initialSize at least 0
             * @return this builder
             * @throws IllegalArgumentException if {@code initialSize} is negative
             */
            public Builder initialSize(int initialSize) {
                Assert.isTrue(initialSize >= 0, "initialSize must not be negative, was " + initialSize);
                this.initialSize = initialSize;
                return this;
            }

            /**
             * Sets the most connections the pool holds. Default {@value PoolSettings#DEFAULT_MAX_SIZE}.
             *
             * @param maxSize at least 1
             * @return this builder
             * @throws IllegalArgumentException if {@code maxSize} is less than 1
             */
            public Builder maxSize(int maxSize) {
                Assert.isTrue(maxSize >= 1, "maxSize must be positive, was " + maxSize);
                this.maxSize = maxSize;
                return this;
            }

            /**
             * Sets how long a connection may stay idle before the pool closes it. Default 30 minutes.
             *
             * @param maxIdleTime a positive duration
             * @return this builder
             * @throws IllegalArgumentException if {@code maxIdleTime} is {@code null}, zero or negative
             */
            public Builder maxIdleTime(Duration maxIdleTime) {
                this.maxIdleTime = positive(maxIdleTime, "maxIdleTime");
                return this;
            }

            /**
             * Sets how long acquiring a connection may take before it fails. Default: no limit.
             *
             * @param maxAcquireTime a positive duration
             * @return this builder
             * @throws IllegalArgumentException if {@code maxAcquireTime} is {@code null}, zero or negative
             */
            public Builder maxAcquireTime(Duration maxAcquireTime) {
                this.maxAcquireTime = positive(maxAcquireTime, "maxAcquireTime");
                return this;
            }

            /**
             * Sets the query the pool validates connections with, such as {@code SELECT 1}. Default: the driver's own
             * validation ({@code Connection.validate}).
             *
             * @param validationQuery the query
             * @return this builder
             * @throws IllegalArgumentException if {@code validationQuery} is {@code null} or blank
             */
            public Builder validationQuery(String validationQuery) {
                this.validationQuery = Assert.notBlank(validationQuery, "validationQuery");
                return this;
            }

            /**
             * Builds the settings.
             *
             * @return new settings
             * @throws IllegalStateException if the initial size exceeds the maximum size
             */
            public PoolSettings build() {
                PoolSettings settings = new PoolSettings(this.initialSize, this.maxSize, this.maxIdleTime,
                    this.maxAcquireTime, this.validationQuery);
                if (this.initialSize != null && this.maxSize != null) {
                    checkSizes(settings, "");
                }
                return settings;
            }

            private static Duration positive(@Nullable Duration duration, String name) {
                Assert.notNull(duration, name);
                Assert.isTrue(!duration.isZero() && !duration.isNegative(), name + " must be positive, was " + duration);
                return duration;
            }

            @Override
            public String toString() {
                return "PoolSettings.Builder" + new PoolSettings(this.initialSize, this.maxSize, this.maxIdleTime,
                    this.maxAcquireTime, this.validationQuery).toString().substring("PoolSettings".length());
            }
        }

        static void checkSizes(PoolSettings settings, String prefix) {
            if (settings.initialSize() > settings.maxSize()) {
                throw new IllegalStateException(prefix + "initialSize (" + settings.initialSize()
                    + ") must not exceed maxSize (" + settings.maxSize() + ")");
            }
        }
    }

    /**
     * Builds a {@link RoutingConfig}. Each setter checks its argument at once and throws
     * {@link IllegalArgumentException}; {@link #build()} checks the rules that span several settings and throws
     * {@link IllegalStateException}. Not thread-safe.
     */
    public static final class Builder {

        private @Nullable Member primary;

        private final List<Member> replicas = new ArrayList<>();

        private final Map<String, List<Member>> groups = new LinkedHashMap<>();

        private final Set<String> names = new HashSet<>();

        private String defaultGroup = DEFAULT_GROUP;

        private String readGroup = READ_GROUP;

        private RoutingStrategy strategy = RoutingStrategy.ROUND_ROBIN;

        private boolean stickyAfterWrite = true;

        private boolean enabled = true;

        private ReplicaPolicy replicaPolicy = ReplicaPolicy.DEFAULTS;

        private boolean transactionsOnPrimary;

        private PoolSettings pool = PoolSettings.builder().build();

        private final Map<String, PoolSettings> poolOverrides = new LinkedHashMap<>();

        private final List<String> primaryFunctions = new ArrayList<>();

        private final Map<Option<?>, Object> options = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Sets the primary, named {@value RoutingConnectionFactory#DEFAULT_PRIMARY_NAME}: writes, and reads that must
         * see them, go here. It forms the group {@value RoutingConfig#DEFAULT_GROUP}.
         *
         * @param url the primary's URL, such as {@code r2dbc:postgresql://app:secret@db1:5432/app} or
         *            {@code postgresql://app:secret@db1:5432/app}
         * @return this builder
         * @throws IllegalArgumentException if the URL is blank or malformed
         * @throws IllegalStateException    if a primary is already set
         */
        public Builder primary(String url) {
            return primary(RoutingConnectionFactory.DEFAULT_PRIMARY_NAME, url);
        }

        /**
         * Sets the primary under a name of your choice (used in logs and metrics).
         *
         * @param name a name unique among all targets
         * @param url  the primary's URL
         * @return this builder
         * @throws IllegalArgumentException if the name is blank or already used, or the URL blank or malformed
         * @throws IllegalStateException    if a primary is already set
         */
        public Builder primary(String name, String url) {
            Assert.notBlank(name, "primary name");
            Assert.notBlank(url, "primary URL");
            return primaryUrl(name, DatabaseUrl.parse("primary", url));
        }

        Builder primaryUrl(String name, DatabaseUrl url) {
            Assert.notBlank(name, "primary name");
            if (this.primary != null) {
                throw new IllegalStateException("primary is already set to '" + this.primary.name
                    + "'; only one primary can be configured");
            }
            this.primary = new Member(claim(name), url, 1);
            return this;
        }

        /**
         * Adds a replica of weight 1, named {@code replica-N} (N counting from 1 in the order added), to the group
         * {@value RoutingConfig#READ_GROUP}.
         *
         * @param url the replica's URL
         * @return this builder
         * @throws IllegalArgumentException if the URL is blank or malformed, or the name is already used
         */
        public Builder replica(String url) {
            return replica("replica-" + (this.replicas.size() + 1), url, 1);
        }

        /**
         * Adds a replica to the group {@value RoutingConfig#READ_GROUP}. Reads are spread over the replicas in
         * proportion to their weights.
         *
         * @param name   a name unique among all targets
         * @param url    the replica's URL
         * @param weight a positive weight
         * @return this builder
         * @throws IllegalArgumentException if the name is blank or already used, the weight not positive, or the URL
         *                                  blank or malformed
         */
        public Builder replica(String name, String url, int weight) {
            Assert.notBlank(name, "replica name");
            checkWeight(name, weight);
            Assert.notBlank(url, "URL of replica '" + name + "'");
            return replicaUrl(name, DatabaseUrl.parse("replica '" + name + "'", url), weight);
        }

        Builder replicaUrl(String name, DatabaseUrl url, int weight) {
            Assert.notBlank(name, "replica name");
            checkWeight(name, weight);
            this.replicas.add(new Member(claim(name), url, weight));
            return this;
        }

        private static void checkWeight(String name, int weight) {
            Assert.isTrue(weight > 0, "weight must be positive, was " + weight + " for replica '" + name + "'");
        }

        /**
         * Adds a bind group: a database of its own (an analytics copy, a reporting warehouse) that statements
         * subscribed under {@link Routing#group(String)} go to, reads and writes alike. Several members are
         * load-balanced with equal weights; members are named after the group ({@code name} alone, or
         * {@code name-1}, {@code name-2}, … when there are several). A group named by {@link #defaultGroup(String)}
         * or {@link #readGroup(String)} becomes the primary or the replicas instead.
         *
         * @param name the group name
         * @param urls one or more URLs
         * @return this builder
         * @throws IllegalArgumentException if the name is blank or already a group, no URL is given, a URL is blank
         *                                  or malformed, or a member's name is already used
         */
        public Builder group(String name, String... urls) {
            Assert.notBlank(name, "group name");
            Assert.notNull(urls, "URLs of group '" + name + "'");
            Assert.isTrue(urls.length > 0, "group '" + name + "' needs at least one URL");
            Assert.isTrue(!this.groups.containsKey(name), "duplicate group name '" + name + "'");
            List<Member> members = new ArrayList<>(urls.length);
            Set<String> memberNames = new HashSet<>();
            for (int i = 0; i < urls.length; i++) {
                String member = urls.length == 1 ? name : name + "-" + (i + 1);
                Assert.notBlank(urls[i], "URL of group member '" + member + "'");
                Assert.isTrue(!this.names.contains(member) && memberNames.add(member), duplicate(member));
                members.add(new Member(member, DatabaseUrl.parse("group '" + name + "'", urls[i]), 1));
            }
            this.names.addAll(memberNames);
            this.groups.put(name, members);
            return this;
        }

        /**
         * Names the group writes go to. Default {@value RoutingConfig#DEFAULT_GROUP}, the group that
         * {@link #primary(String)} forms; naming a {@link #group(String, String...)} of one member makes that member the primary instead.
         *
         * @param name a group name
         * @return this builder
         * @throws IllegalArgumentException if the name is blank
         */
        public Builder defaultGroup(String name) {
            this.defaultGroup = Assert.notBlank(name, "defaultGroup");
            return this;
        }

        /**
         * Names the group reads go to. Default {@value RoutingConfig#READ_GROUP}, the group that
         * {@link #replica(String)} adds to; naming a {@link #group(String, String...)} makes its members the replicas instead, and naming the default
         * group sends reads to the primary.
         *
         * @param name a group name
         * @return this builder
         * @throws IllegalArgumentException if the name is blank
         */
        public Builder readGroup(String name) {
            this.readGroup = Assert.notBlank(name, "readGroup");
            return this;
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
         * Sets the strategy by name, in any case, with {@code _}, {@code -} or nothing between words:
         * {@code ROUND_ROBIN}, {@code round-robin}, {@code roundRobin}, {@code RANDOM}.
         *
         * @param strategy the strategy's name
         * @return this builder
         * @throws IllegalArgumentException if the name is blank or names no strategy
         */
        public Builder strategy(String strategy) {
            Assert.notBlank(strategy, "strategy");
            this.strategy = ConfigValues.strategy(strategy);
            return this;
        }

        /**
         * Whether a transaction's reads go to the primary after its first write (until it ends), and a routing
         * session's reads after its first successful write (until reset). Default {@code true}.
         *
         * @param stickyAfterWrite the setting
         * @return this builder
         */
        public Builder stickyAfterWrite(boolean stickyAfterWrite) {
            this.stickyAfterWrite = stickyAfterWrite;
            return this;
        }

        /**
         * Whether to route at all. With {@code false}, every connection is the primary's own. Default {@code true}.
         *
         * @param enabled the setting
         * @return this builder
         */
        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /**
         * How often targets are checked; see {@link RoutingConnectionFactory.Builder#healthCheckInterval(Duration)}.
         *
         * @param interval a positive duration
         * @return this builder
         * @throws IllegalArgumentException if it is {@code null}, zero or negative
         */
        public Builder healthCheckInterval(Duration interval) {
            this.replicaPolicy = this.replicaPolicy.healthCheckInterval(interval);
            return this;
        }

        /**
         * Whether transactions that are not read-only run on the primary from their first statement; see
         * {@link RoutingConnectionFactory.Builder#transactionsOnPrimary(boolean)}. Default {@code false}.
         *
         * @param onPrimary the setting
         * @return this builder
         */
        public Builder transactionsOnPrimary(boolean onPrimary) {
            this.transactionsOnPrimary = onPrimary;
            return this;
        }

        /**
         * The time lag beyond which replicas leave rotation; see
         * {@link RoutingConnectionFactory.Builder#maxReplicaLag(Duration)}.
         *
         * @param lag a positive duration
         * @return this builder
         * @throws IllegalArgumentException if it is {@code null}, zero or negative
         */
        public Builder maxReplicaLag(Duration lag) {
            this.replicaPolicy = this.replicaPolicy.maxReplicaLag(lag);
            return this;
        }

        /**
         * The WAL lag in bytes beyond which replicas leave rotation.
         *
         * @param bytes zero or more
         * @return this builder
         * @throws IllegalArgumentException if it is negative
         */
        public Builder maxReplicaLagBytes(long bytes) {
            this.replicaPolicy = this.replicaPolicy.maxReplicaLagBytes(bytes);
            return this;
        }

        /**
         * Whether reads go to the primary when no replica can serve them; default {@code true}.
         *
         * @param fallback the setting
         * @return this builder
         */
        public Builder fallbackToPrimary(boolean fallback) {
            this.replicaPolicy = this.replicaPolicy.fallbackToPrimary(fallback);
            return this;
        }

        /**
         * What a read after a write is promised to see; default {@link ReadConsistency#STICKY}.
         *
         * @param consistency the mode
         * @return this builder
         * @throws IllegalArgumentException if it is {@code null}
         */
        public Builder readConsistency(ReadConsistency consistency) {
            this.replicaPolicy = this.replicaPolicy.readConsistency(consistency);
            return this;
        }

        /**
         * How long a causal read may wait for a replica to catch up before going to the primary; default zero.
         *
         * @param timeout zero or more
         * @return this builder
         * @throws IllegalArgumentException if it is {@code null} or negative
         */
        public Builder catchUpTimeout(Duration timeout) {
            this.replicaPolicy = this.replicaPolicy.catchUpTimeout(timeout);
            return this;
        }

        /**
         * Sets the pool settings of every target; the fields not set take the built-in defaults.
         *
         * @param defaults the settings
         * @return this builder
         * @throws IllegalArgumentException if {@code defaults} is {@code null}
         */
        public Builder pool(PoolSettings defaults) {
            this.pool = Assert.notNull(defaults, "pool settings");
            return this;
        }

        /**
         * Overrides pool settings for one target: the fields set here win over {@link #pool(PoolSettings)}. A second
         * call for the same target replaces the first.
         *
         * @param targetName the name of the primary, a replica or a group member (checked by {@link #build()})
         * @param override   the settings
         * @return this builder
         * @throws IllegalArgumentException if the name is blank or {@code override} is {@code null}
         */
        public Builder pool(String targetName, PoolSettings override) {
            Assert.notBlank(targetName, "target name of a pool override");
            this.poolOverrides.put(targetName, Assert.notNull(override, "pool settings of target '" + targetName + "'"));
            return this;
        }

        /**
         * Adds functions that write or otherwise must run on the primary, to the built-in list ({@code nextval},
         * {@code pg_advisory_lock}, …): a SELECT calling one goes to the primary. A plain name matches the function in
         * any schema; a qualified name ({@code audit.log_access}) only that schema's.
         *
         * @param names function names, case-insensitive
         * @return this builder
         * @throws IllegalArgumentException if a name is {@code null}, blank, or not {@code name} or
         *                                  {@code schema.name} of unquoted identifiers
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
         * @throws IllegalArgumentException if a name is {@code null}, blank or malformed
         */
        public Builder primaryFunctions(Collection<String> names) {
            Assert.notNull(names, "primary function names");
            StatementClassifier.withPrimaryFunctions(names);      // checks each name now, not at build()
            this.primaryFunctions.addAll(names);
            return this;
        }

        /**
         * Sets a driver option for every target, such as {@code sslMode=require} or {@code applicationName=orders}.
         * An option in a target's own URL wins over this one.
         *
         * @param name  the option's name
         * @param value its value, as the driver reads it from a URL
         * @return this builder
         * @throws IllegalArgumentException if the name is blank or names a part of the URL (host, user, …), a routing
         *                                  or a pool option, or the value is {@code null}
         */
        public Builder option(String name, String value) {
            Assert.notBlank(name, "option name");
            return option(Option.valueOf(name), value);
        }

        /**
         * Sets a driver option for every target with a typed value, such as
         * {@code option(ConnectionFactoryOptions.CONNECT_TIMEOUT, Duration.ofSeconds(5))}.
         *
         * @param option the option
         * @param value  its value
         * @param <T>    the option's type
         * @return this builder
         * @throws IllegalArgumentException if an argument is {@code null} or the option is a part of the URL, a
         *                                  routing or a pool option
         */
        public <T> Builder option(Option<T> option, T value) {
            return driverOption(option, value);
        }

        Builder driverOption(@Nullable Option<?> option, @Nullable Object value) {
            Assert.notNull(option, "option");
            Assert.notNull(value, "value of option '" + option.name() + "'");
            ConfigOptions.Kind kind = ConfigOptions.kind(option.name());
            switch (kind) {
                case URL_PART:
                    throw new IllegalArgumentException("option '" + option.name() + "' is a part of each target's URL; "
                        + "it cannot be set with option(...)");
                case ROUTING:
                    throw new IllegalArgumentException("option '" + option.name() + "' is a routing option; set it with "
                        + "the builder's own method");
                case POOL:
                    throw new IllegalArgumentException("option '" + option.name() + "' is a pool option; set it with "
                        + "pool(PoolSettings)");
                case UNSUPPORTED_POOL:
                    throw new IllegalArgumentException("option '" + option.name() + "' is " + kind.description);
                default:
                    this.options.put(option, value);
                    return this;
            }
        }

        /**
         * Builds the configuration: resolves the default and read groups, merges the pool settings.
         *
         * @return a new configuration
         * @throws IllegalStateException if there is no primary, the default or read group is unknown or conflicts
         *                               with {@code primary(…)} / {@code replica(…)}, the default group has more than
         *                               one member, a pool override names an unknown target, or a pool's initial size
         *                               exceeds its maximum size
         */
        public RoutingConfig build() {
            List<String> groupNames = new ArrayList<>();
            if (this.primary != null) {
                groupNames.add(DEFAULT_GROUP);
            }
            if (!this.replicas.isEmpty()) {
                groupNames.add(READ_GROUP);
            }
            groupNames.addAll(this.groups.keySet());

            Member primary;
            if (this.groups.containsKey(this.defaultGroup)) {
                if (this.primary != null) {
                    throw new IllegalStateException("both primary(...) and group '" + this.defaultGroup
                        + "' define the primary; use one of them");
                }
                List<Member> members = this.groups.get(this.defaultGroup);
                if (members.size() != 1) {
                    throw new IllegalStateException("default group '" + this.defaultGroup + "' must have exactly one "
                        + "member, the primary; it has " + members.size());
                }
                primary = members.get(0);
            } else if (this.defaultGroup.equals(DEFAULT_GROUP)) {
                if (this.primary == null) {
                    throw new IllegalStateException("no primary: set primary(url), DATABASE_URL or WRITE_DATABASE_URL");
                }
                primary = this.primary;
            } else {
                throw new IllegalStateException("unknown default group '" + this.defaultGroup + "'; the groups are "
                    + groupNames);
            }

            List<Member> replicas;
            if (this.readGroup.equals(this.defaultGroup) || this.groups.containsKey(this.readGroup)) {
                if (!this.replicas.isEmpty()) {
                    throw new IllegalStateException("both replica(...) and group '" + this.readGroup
                        + "' define the replicas; use one of them");
                }
                replicas = this.readGroup.equals(this.defaultGroup) ? List.of() : this.groups.get(this.readGroup);
            } else if (this.readGroup.equals(READ_GROUP)) {
                replicas = this.replicas;
            } else {
                throw new IllegalStateException("unknown read group '" + this.readGroup + "'; the groups are " + groupNames);
            }

            List<String> targetNames = new ArrayList<>();
            targetNames.add(primary.name);
            replicas.forEach(replica -> targetNames.add(replica.name));
            this.groups.forEach((name, members) -> {
                if (!name.equals(this.defaultGroup) && !name.equals(this.readGroup)) {
                    members.forEach(member -> targetNames.add(member.name));
                }
            });
            for (String name : this.poolOverrides.keySet()) {
                if (!targetNames.contains(name)) {
                    throw new IllegalStateException("pool(...) names an unknown target '" + name + "'; the targets are "
                        + targetNames);
                }
            }
            PoolSettings defaults = this.pool.resolved();
            PoolSettings.checkSizes(defaults, "pool: ");

            Target primaryTarget = target(primary, defaults);
            List<Target> replicaTargets = new ArrayList<>();
            replicas.forEach(replica -> replicaTargets.add(target(replica, defaults)));
            Map<String, List<Target>> groupTargets = new LinkedHashMap<>();
            this.groups.forEach((name, members) -> {
                if (!name.equals(this.defaultGroup) && !name.equals(this.readGroup)) {
                    List<Target> targets = new ArrayList<>();
                    members.forEach(member -> targets.add(target(member, defaults)));
                    groupTargets.put(name, targets);
                }
            });
            return new RoutingConfig(primaryTarget, replicaTargets, groupTargets, this, defaults);
        }

        private Target target(Member member, PoolSettings defaults) {
            PoolSettings override = this.poolOverrides.get(member.name);
            PoolSettings pool = override == null ? defaults : override.mergedOver(defaults);
            PoolSettings.checkSizes(pool, "pool of target '" + member.name + "': ");
            ConnectionFactoryOptions.Builder options = ConnectionFactoryOptions.builder();
            this.options.forEach((option, value) -> DatabaseUrl.put(options, option, value));
            options.from(member.url.options());
            return new Target(member.name, member.weight, pool, options.build());
        }

        private String claim(String name) {
            Assert.isTrue(this.names.add(name), duplicate(name));
            return name;
        }

        private static String duplicate(String name) {
            return "duplicate target name '" + name + "'";
        }

        /**
         * Describes the settings so far, passwords masked.
         */
        @Override
        public String toString() {
            Map<String, Object> options = new LinkedHashMap<>();
            this.options.forEach((option, value) -> options.put(option.name(),
                DatabaseUrl.isSecret(option.name()) ? DatabaseUrl.MASK : value));
            return "RoutingConfig.Builder[primary=" + (this.primary == null ? "unset" : this.primary) + ", replicas="
                + this.replicas + ", groups=" + this.groups + ", defaultGroup=" + this.defaultGroup + ", readGroup="
                + this.readGroup + ", strategy=" + this.strategy + ", stickyAfterWrite=" + this.stickyAfterWrite
                + ", enabled=" + this.enabled + ", pool=" + this.pool + ", poolOverrides=" + this.poolOverrides
                + ", primaryFunctions=" + this.primaryFunctions + ", options=" + options + "]";
        }
    }

    /** A target as the builder holds it, before the pool settings and shared options are merged in. */
    private static final class Member {

        final String name;

        final DatabaseUrl url;

        final int weight;

        Member(String name, DatabaseUrl url, int weight) {
            this.name = name;
            this.url = url;
            this.weight = weight;
        }

        @Override
        public String toString() {
            return this.name + "(" + (this.weight == 1 ? "" : "weight " + this.weight + ", ") + this.url + ")";
        }
    }
}
