package io.r2dbcrouting;

import java.time.Duration;

import io.r2dbc.pool.PoolingConnectionFactoryProvider;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.ConnectionFactoryProvider;
import io.r2dbc.spi.Option;

/**
 * Creates a {@link RoutingConnectionFactory} from an {@code r2dbc:routing:} URL, registered through
 * {@code META-INF/services}:
 * <pre class="code">
 * ConnectionFactory routing = ConnectionFactories.get(
 *     "r2dbc:routing:postgresql://app:secret@primary:5432,replica-1:5432,replica-2:5432/app"
 *         + "?replicaWeights=2,1&amp;maxSize=20&amp;sslMode=require");
 * </pre>
 * The driver after {@code routing:} is the targets' driver ({@code postgresql}, {@code mariadb}, …). The first host is
 * the primary, named {@code primary}; the others are the replicas, named {@code replica-1}, {@code replica-2}, … All
 * share the user, password and database. The factory creates a connection pool for each target and owns it.
 * <p>
 * Options of the URL:
 * <ul>
 * <li>routing: {@code replicaWeights} (comma-separated positive integers, one per replica; default all 1),
 * {@code replicaNames} (comma-separated, one per replica), {@code strategy} ({@code ROUND_ROBIN} or {@code RANDOM}),
 * {@code stickyAfterWrite} (default {@code true}), {@code enabled} (default {@code true}), {@code primaryFunctions}
 * (comma-separated function names);</li>
 * <li>pool, for every target's pool, as r2dbc-pool names them: {@code initialSize} (default 1), {@code maxSize}
 * (default 10), {@code maxIdleTime} (default {@code PT30M}), {@code maxAcquireTime} (default: no limit),
 * {@code validationQuery} (default: none). Durations are ISO-8601 ({@code PT30S}) or a number of seconds, or carry a
 * unit: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}. r2dbc-pool's other options
 * ({@code maxLifeTime}, {@code minIdle}, …) are refused;</li>
 * <li>everything else ({@code sslMode}, {@code applicationName}, {@code connectTimeout}, {@code options}, …) is handed
 * unchanged to every target's driver.</li>
 * </ul>
 * A bad option fails {@code ConnectionFactories.get} with a message naming it; see {@link RoutingConfig}.
 */
public final class RoutingConnectionFactoryProvider implements ConnectionFactoryProvider {

    /** The driver name in {@code r2dbc:routing:<driver>://…}. */
    public static final String ROUTING_DRIVER = "routing";

    /** {@code replicaWeights}: one positive weight per replica, comma-separated; default 1 each. */
    public static final Option<String> REPLICA_WEIGHTS = Option.valueOf("replicaWeights");

    /** {@code replicaNames}: one name per replica, comma-separated; default {@code replica-1}, {@code replica-2}, … */
    public static final Option<String> REPLICA_NAMES = Option.valueOf("replicaNames");

    /** {@code strategy}: {@code ROUND_ROBIN} (default) or {@code RANDOM}, any case. */
    public static final Option<RoutingStrategy> STRATEGY = Option.valueOf("strategy");

    /** {@code stickyAfterWrite}: whether reads after a write stick to the primary; default {@code true}. */
    public static final Option<Boolean> STICKY_AFTER_WRITE = Option.valueOf("stickyAfterWrite");

    /** {@code enabled}: whether to route at all; default {@code true}. */
    public static final Option<Boolean> ENABLED = Option.valueOf("enabled");

    /** How often targets are checked, e.g. {@code healthCheckInterval=500ms}. */
    public static final Option<Duration> HEALTH_CHECK_INTERVAL = Option.valueOf("healthCheckInterval");

    /** The time lag beyond which replicas leave rotation, e.g. {@code maxReplicaLag=5s}. */
    public static final Option<Duration> MAX_REPLICA_LAG = Option.valueOf("maxReplicaLag");

    /** The WAL lag in bytes beyond which replicas leave rotation. */
    public static final Option<Long> MAX_REPLICA_LAG_BYTES = Option.valueOf("maxReplicaLagBytes");

    /** Whether reads go to the primary when no replica can serve them. */
    public static final Option<Boolean> FALLBACK_TO_PRIMARY = Option.valueOf("fallbackToPrimary");

    /** {@code STICKY} or {@code CAUSAL}. */
    public static final Option<ReadConsistency> READ_CONSISTENCY = Option.valueOf("readConsistency");

    /** How long a causal read may wait for a replica to catch up. */
    public static final Option<Duration> CATCH_UP_TIMEOUT = Option.valueOf("catchUpTimeout");

    /** {@code primaryFunctions}: functions whose calls send a SELECT to the primary, comma-separated. */
    public static final Option<String> PRIMARY_FUNCTIONS = Option.valueOf("primaryFunctions");

    /** {@code initialSize} of every target's pool; default 1. r2dbc-pool's own option. */
    public static final Option<Integer> INITIAL_SIZE = PoolingConnectionFactoryProvider.INITIAL_SIZE;

    /** {@code maxSize} of every target's pool; default 10. r2dbc-pool's own option. */
    public static final Option<Integer> MAX_SIZE = PoolingConnectionFactoryProvider.MAX_SIZE;

    /** {@code maxIdleTime} of every target's pool; default 30 minutes. r2dbc-pool's own option. */
    public static final Option<Duration> MAX_IDLE_TIME = PoolingConnectionFactoryProvider.MAX_IDLE_TIME;

    /** {@code maxAcquireTime} of every target's pool; default no limit. r2dbc-pool's own option. */
    public static final Option<Duration> MAX_ACQUIRE_TIME = PoolingConnectionFactoryProvider.MAX_ACQUIRE_TIME;

    /** {@code validationQuery} of every target's pool; default none. r2dbc-pool's own option. */
    public static final Option<String> VALIDATION_QUERY = PoolingConnectionFactoryProvider.VALIDATION_QUERY;

    /**
     * Creates the provider; {@link java.util.ServiceLoader} calls this.
     */
    public RoutingConnectionFactoryProvider() {
    }

    /**
     * Creates a routing factory, and a pool for each target, from the options of an {@code r2dbc:routing:} URL.
     *
     * @param options DRIVER {@code routing}, PROTOCOL the targets' driver, HOST the primary's host then the replicas'
     * @return a new factory, which owns the pools it creates
     * @throws IllegalArgumentException if an option has a bad value, naming it
     * @throws IllegalStateException    if the options break a rule that spans several of them
     */
    @Override
    public RoutingConnectionFactory create(ConnectionFactoryOptions options) {
        return RoutingConnectionFactory.from(RoutingConfig.fromOptions(options));
    }

    /**
     * Whether the options are an {@code r2dbc:routing:} URL's.
     *
     * @param options the options
     * @return {@code true} if DRIVER is {@value #ROUTING_DRIVER}
     */
    @Override
    public boolean supports(ConnectionFactoryOptions options) {
        Assert.notNull(options, "options");
        return ROUTING_DRIVER.equals(options.getValue(ConnectionFactoryOptions.DRIVER));
    }

    /**
     * The driver name.
     *
     * @return {@value #ROUTING_DRIVER}
     */
    @Override
    public String getDriver() {
        return ROUTING_DRIVER;
    }
}
