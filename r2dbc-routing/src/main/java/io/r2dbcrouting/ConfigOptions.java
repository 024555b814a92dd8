package io.r2dbcrouting;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.r2dbc.pool.PoolingConnectionFactoryProvider;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.Option;

import static io.r2dbcrouting.RoutingConnectionFactoryProvider.ENABLED;
import static io.r2dbcrouting.RoutingConnectionFactoryProvider.INITIAL_SIZE;
import static io.r2dbcrouting.RoutingConnectionFactoryProvider.MAX_ACQUIRE_TIME;
import static io.r2dbcrouting.RoutingConnectionFactoryProvider.MAX_IDLE_TIME;
import static io.r2dbcrouting.RoutingConnectionFactoryProvider.MAX_SIZE;
import static io.r2dbcrouting.RoutingConnectionFactoryProvider.PRIMARY_FUNCTIONS;
import static io.r2dbcrouting.RoutingConnectionFactoryProvider.REPLICA_NAMES;
import static io.r2dbcrouting.RoutingConnectionFactoryProvider.REPLICA_WEIGHTS;
import static io.r2dbcrouting.RoutingConnectionFactoryProvider.STICKY_AFTER_WRITE;
import static io.r2dbcrouting.RoutingConnectionFactoryProvider.STRATEGY;
import static io.r2dbcrouting.RoutingConnectionFactoryProvider.VALIDATION_QUERY;

/**
 * The {@code r2dbc:routing:<driver>://user:password@primary[:port],replica[:port],…/database?options} form: which
 * options are the router's, and how {@link ConnectionFactoryOptions} parsed from such a URL become a
 * {@link RoutingConfig}.
 */
final class ConfigOptions {

    /** The routing options, in the order of the README's table. */
    static final List<Option<?>> ROUTING_OPTIONS = List.of(REPLICA_WEIGHTS, REPLICA_NAMES, STRATEGY, STICKY_AFTER_WRITE,
        ENABLED, PRIMARY_FUNCTIONS, RoutingConnectionFactoryProvider.HEALTH_CHECK_INTERVAL,
        RoutingConnectionFactoryProvider.MAX_REPLICA_LAG, RoutingConnectionFactoryProvider.MAX_REPLICA_LAG_BYTES,
        RoutingConnectionFactoryProvider.FALLBACK_TO_PRIMARY, RoutingConnectionFactoryProvider.READ_CONSISTENCY,
        RoutingConnectionFactoryProvider.CATCH_UP_TIMEOUT);

    /** The pool options, applied to the pool of every target. */
    static final List<Option<?>> POOL_OPTIONS = List.of(INITIAL_SIZE, MAX_SIZE, MAX_IDLE_TIME, MAX_ACQUIRE_TIME,
        VALIDATION_QUERY);

    /** r2dbc-pool's other options: refused rather than handed to the driver, which would ignore them silently. */
    static final Set<String> UNSUPPORTED_POOL_OPTIONS = Stream.of(PoolingConnectionFactoryProvider.ACQUIRE_RETRY,
            PoolingConnectionFactoryProvider.BACKGROUND_EVICTION_INTERVAL,
            PoolingConnectionFactoryProvider.MAX_CREATE_CONNECTION_TIME, PoolingConnectionFactoryProvider.MAX_LIFE_TIME,
            PoolingConnectionFactoryProvider.MAX_VALIDATION_TIME, PoolingConnectionFactoryProvider.MIN_IDLE,
            PoolingConnectionFactoryProvider.POOL_NAME, PoolingConnectionFactoryProvider.REGISTER_JMX,
            PoolingConnectionFactoryProvider.VALIDATION_DEPTH, PoolingConnectionFactoryProvider.POST_ALLOCATE,
            PoolingConnectionFactoryProvider.PRE_RELEASE)
        .map(Option::name).collect(Collectors.toUnmodifiableSet());

    static final String NEEDS_DRIVER =
        "r2dbc:routing: URLs need a driver after routing:, e.g. r2dbc:routing:postgresql://…";

    private static final String ENCODE = "percent-encode '/', '?', '#' and '@' in the user name and password "
        + "(as %2F, %3F, %23, %40)";

    private static final Set<String> ROUTING_NAMES = optionNames(ROUTING_OPTIONS);

    private static final Set<String> POOL_NAMES = optionNames(POOL_OPTIONS);

    private ConfigOptions() {
    }

    /** What an option name means to the router. */
    enum Kind {

        /** DRIVER, HOST, … : a part of a URL. */
        URL_PART("a part of the URL"),

        /** A routing option such as {@code strategy}. */
        ROUTING("a routing option"),

        /** A pool option such as {@code maxSize}. */
        POOL("a pool option"),

        /** One of r2dbc-pool's options that the router's pools do not offer. */
        UNSUPPORTED_POOL("an r2dbc-pool option that r2dbc-routing does not support; its pool options are "
            + POOL_OPTIONS.stream().map(Option::name).collect(Collectors.toList())),

        /** Anything else: handed to each target's driver. */
        DRIVER("a driver option");

        final String description;

        Kind(String description) {
            this.description = description;
        }
    }

    static Kind kind(String name) {
        if (DatabaseUrl.URL_PARTS.contains(name)) {
            return Kind.URL_PART;
        }
        if (ROUTING_NAMES.contains(name)) {
            return Kind.ROUTING;
        }
        if (POOL_NAMES.contains(name)) {
            return Kind.POOL;
        }
        return UNSUPPORTED_POOL_OPTIONS.contains(name) ? Kind.UNSUPPORTED_POOL : Kind.DRIVER;
    }

    /**
     * Reads the options of an {@code r2dbc:routing:} URL.
     *
     * @throws IllegalArgumentException for a bad value, naming the option
     * @throws IllegalStateException    from {@link RoutingConfig.Builder#build()}
     */
    static RoutingConfig read(ConnectionFactoryOptions options) {
        Assert.notNull(options, "options");
        Object driver = options.getValue(ConnectionFactoryOptions.DRIVER);
        if (!RoutingConnectionFactoryProvider.ROUTING_DRIVER.equals(driver)) {
            throw new IllegalArgumentException("driver: expected '" + RoutingConnectionFactoryProvider.ROUTING_DRIVER
                + "' (r2dbc:routing:<driver>://…), was " + (driver == null ? "none" : "'" + driver + "'"));
        }
        Object protocolValue = options.getValue(ConnectionFactoryOptions.PROTOCOL);
        String protocol = protocolValue == null ? "" : protocolValue.toString().trim();
        if (protocol.isEmpty()) {
            throw new IllegalArgumentException(NEEDS_DRIVER);
        }
        String[] protocolParts = protocol.split(":", 2);
        String targetDriver = protocolParts[0].trim();
        String targetProtocol = protocolParts.length > 1 ? protocolParts[1].trim() : "";
        if (targetDriver.equals(DatabaseUrl.POOL_DRIVER)) {
            throw new IllegalArgumentException("protocol: r2dbc:routing:pool:… is not supported: the router creates a "
                + "pool for each target itself; write r2dbc:routing:<driver>://… and set the pool options (initialSize, "
                + "maxSize, …) in its query");
        }
        if (targetDriver.equals(RoutingConnectionFactoryProvider.ROUTING_DRIVER) || targetDriver.isEmpty()) {
            throw new IllegalArgumentException("protocol: '" + protocol + "' is not a driver; " + NEEDS_DRIVER);
        }
        Object database = options.getValue(ConnectionFactoryOptions.DATABASE);
        if (database != null && database.toString().indexOf('@') >= 0) {
            throw new IllegalArgumentException("database: contains '@'; " + ENCODE);
        }
        List<DatabaseUrl.HostAndPort> hosts = hosts(options);

        int replicas = hosts.size() - 1;
        List<Integer> weights = weights(options, replicas);
        List<String> names = names(options, replicas);

        RoutingConfig.Builder builder = RoutingConfig.builder();
        for (int i = 0; i < hosts.size(); i++) {
            ConnectionFactoryOptions.Builder target = ConnectionFactoryOptions.builder()
                .option(ConnectionFactoryOptions.DRIVER, targetDriver)
                .option(ConnectionFactoryOptions.HOST, hosts.get(i).host);
            if (!targetProtocol.isEmpty()) {
                target.option(ConnectionFactoryOptions.PROTOCOL, targetProtocol);
            }
            Integer port = hosts.get(i).port;
            if (port != null) {
                target.option(ConnectionFactoryOptions.PORT, port);
            }
            for (Option<?> shared : List.of(ConnectionFactoryOptions.USER, ConnectionFactoryOptions.PASSWORD,
                ConnectionFactoryOptions.DATABASE)) {
                Object value = options.getValue(shared);
                if (value != null) {
                    DatabaseUrl.put(target, shared, value);
                }
            }
            DatabaseUrl url = DatabaseUrl.of(target.build());
            if (i == 0) {
                builder.primaryUrl(RoutingConnectionFactory.DEFAULT_PRIMARY_NAME, url);
            } else {
                try {
                    builder.replicaUrl(names.get(i - 1), url, weights.get(i - 1));
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException(REPLICA_NAMES.name() + ": " + ex.getMessage());
                }
            }
        }

        Object strategy = options.getValue(STRATEGY);
        if (strategy != null) {
            try {
                builder.strategy(ConfigValues.strategy(strategy));
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(STRATEGY.name() + ": " + ex.getMessage());
            }
        }
        Object sticky = options.getValue(STICKY_AFTER_WRITE);
        if (sticky != null) {
            builder.stickyAfterWrite(ConfigValues.bool(STICKY_AFTER_WRITE.name(), sticky));
        }
        Object enabled = options.getValue(ENABLED);
        if (enabled != null) {
            builder.enabled(ConfigValues.bool(ENABLED.name(), enabled));
        }
        Object functions = options.getValue(PRIMARY_FUNCTIONS);
        if (functions != null) {
            try {
                builder.primaryFunctions(ConfigValues.list(functions));
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(PRIMARY_FUNCTIONS.name() + ": " + ex.getMessage());
            }
        }
        replicaAwareness(options, builder);
        builder.pool(pool(options));

        for (Map.Entry<Option<?>, Object> option : DatabaseUrl.entries(options).entrySet()) {
            String name = option.getKey().name();
            Kind kind = kind(name);
            if (kind == Kind.UNSUPPORTED_POOL) {
                throw new IllegalArgumentException(name + ": " + kind.description);
            }
            if (kind == Kind.DRIVER) {
                builder.driverOption(option.getKey(), option.getValue());
            }
        }
        return builder.build();
    }

    private static void replicaAwareness(ConnectionFactoryOptions options, RoutingConfig.Builder builder) {
        Object interval = options.getValue(RoutingConnectionFactoryProvider.HEALTH_CHECK_INTERVAL);
        if (interval != null) {
            builder.healthCheckInterval(positive(RoutingConnectionFactoryProvider.HEALTH_CHECK_INTERVAL.name(), interval));
        }
        Object lag = options.getValue(RoutingConnectionFactoryProvider.MAX_REPLICA_LAG);
        if (lag != null) {
            builder.maxReplicaLag(positive(RoutingConnectionFactoryProvider.MAX_REPLICA_LAG.name(), lag));
        }
        Object lagBytes = options.getValue(RoutingConnectionFactoryProvider.MAX_REPLICA_LAG_BYTES);
        if (lagBytes != null) {
            builder.maxReplicaLagBytes(ConfigValues.nonNegativeInt(RoutingConnectionFactoryProvider.MAX_REPLICA_LAG_BYTES.name(),
                lagBytes));
        }
        Object fallback = options.getValue(RoutingConnectionFactoryProvider.FALLBACK_TO_PRIMARY);
        if (fallback != null) {
            builder.fallbackToPrimary(ConfigValues.bool(RoutingConnectionFactoryProvider.FALLBACK_TO_PRIMARY.name(), fallback));
        }
        Object consistency = options.getValue(RoutingConnectionFactoryProvider.READ_CONSISTENCY);
        if (consistency != null) {
            builder.readConsistency(ConfigValues.readConsistency(consistency));
        }
        Object catchUp = options.getValue(RoutingConnectionFactoryProvider.CATCH_UP_TIMEOUT);
        if (catchUp != null) {
            builder.catchUpTimeout(ConfigValues.duration(RoutingConnectionFactoryProvider.CATCH_UP_TIMEOUT.name(), catchUp));
        }
    }

    private static java.time.Duration positive(String key, Object value) {
        java.time.Duration duration = ConfigValues.duration(key, value);
        if (duration.isZero()) {
            throw new IllegalArgumentException(key + ": must be positive, was '" + value + "'");
        }
        return duration;
    }

    private static List<Integer> weights(ConnectionFactoryOptions options, int replicas) {
        List<Integer> weights = new ArrayList<>(Collections.nCopies(replicas, 1));
        Object value = options.getValue(REPLICA_WEIGHTS);
        if (value == null) {
            return weights;
        }
        List<String> given = ConfigValues.list(value);
        if (given.size() != replicas) {
            throw new IllegalArgumentException(REPLICA_WEIGHTS.name() + ": " + ConfigValues.count(given.size(), "weight")
                + " for " + ConfigValues.count(replicas, "replica"));
        }
        for (int i = 0; i < replicas; i++) {
            String text = given.get(i);
            int weight = text.matches("\\+?[0-9]{1,9}") ? Integer.parseInt(text) : 0;
            if (weight < 1) {
                throw new IllegalArgumentException(REPLICA_WEIGHTS.name() + ": weight must be a positive integer, was '"
                    + text + "' for replica " + (i + 1) + " (of " + replicas + ")");
            }
            weights.set(i, weight);
        }
        return weights;
    }

    private static List<String> names(ConnectionFactoryOptions options, int replicas) {
        Object value = options.getValue(REPLICA_NAMES);
        if (value == null) {
            List<String> names = new ArrayList<>(replicas);
            for (int i = 1; i <= replicas; i++) {
                names.add("replica-" + i);
            }
            return names;
        }
        List<String> names = ConfigValues.list(value);
        if (names.size() != replicas) {
            throw new IllegalArgumentException(REPLICA_NAMES.name() + ": " + ConfigValues.count(names.size(), "name")
                + " for " + ConfigValues.count(replicas, "replica"));
        }
        for (int i = 0; i < replicas; i++) {
            if (names.get(i).isEmpty()) {
                throw new IllegalArgumentException(REPLICA_NAMES.name() + ": name must not be blank for replica " + (i + 1)
                    + " (of " + replicas + ")");
            }
        }
        return names;
    }

    /**
     * The primary's host, then the replicas': {@code h1[:p1],h2[:p2],…}, or a single host with PORT. PORT is the port
     * of the hosts that give none.
     */
    private static List<DatabaseUrl.HostAndPort> hosts(ConnectionFactoryOptions options) {
        Object value = options.getValue(ConnectionFactoryOptions.HOST);
        String hosts = value == null ? "" : value.toString().trim();
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("host: r2dbc:routing: URLs need the primary's host, then the replicas', "
                + "e.g. r2dbc:routing:postgresql://user:password@primary:5432,replica-1:5432/app");
        }
        if (hosts.indexOf('@') >= 0) {
            throw new IllegalArgumentException("host: contains '@'; " + ENCODE);
        }
        Integer defaultPort = null;
        Object port = options.getValue(ConnectionFactoryOptions.PORT);
        if (port != null) {
            defaultPort = ConfigValues.positiveInt(ConnectionFactoryOptions.PORT.name(), port);
            if (defaultPort > 65535) {
                throw new IllegalArgumentException("port: must be a number from 1 to 65535, was '" + port + "'");
            }
        }
        String[] pieces = hosts.split(",", -1);
        List<DatabaseUrl.HostAndPort> parsed = new ArrayList<>(pieces.length);
        for (int i = 0; i < pieces.length; i++) {
            String position = "host " + (i + 1) + " of " + pieces.length;
            DatabaseUrl.HostAndPort host = DatabaseUrl.HostAndPort.parse(pieces[i],
                () -> new IllegalArgumentException("host: " + position + " is empty in '" + hosts + "'"),
                reason -> new IllegalArgumentException("host: " + reason + " (" + position + ")"), false);
            parsed.add(host.port == null && defaultPort != null ? host.withPort(defaultPort) : host);
        }
        return parsed;
    }

    private static RoutingConfig.PoolSettings pool(ConnectionFactoryOptions options) {
        RoutingConfig.PoolSettings.Builder pool = RoutingConfig.PoolSettings.builder();
        Object initialSize = options.getValue(INITIAL_SIZE);
        if (initialSize != null) {
            pool.initialSize(ConfigValues.nonNegativeInt(INITIAL_SIZE.name(), initialSize));
        }
        Object maxSize = options.getValue(MAX_SIZE);
        if (maxSize != null) {
            pool.maxSize(ConfigValues.positiveInt(MAX_SIZE.name(), maxSize));
        }
        Object maxIdleTime = options.getValue(MAX_IDLE_TIME);
        if (maxIdleTime != null) {
            pool.maxIdleTime(ConfigValues.duration(MAX_IDLE_TIME.name(), maxIdleTime));
        }
        Object maxAcquireTime = options.getValue(MAX_ACQUIRE_TIME);
        if (maxAcquireTime != null) {
            pool.maxAcquireTime(ConfigValues.duration(MAX_ACQUIRE_TIME.name(), maxAcquireTime));
        }
        Object validationQuery = options.getValue(VALIDATION_QUERY);
        if (validationQuery != null) {
            if (validationQuery.toString().isBlank()) {
                throw new IllegalArgumentException(VALIDATION_QUERY.name() + ": must not be blank");
            }
            pool.validationQuery(validationQuery.toString().trim());
        }
        return pool.build();
    }

    private static Set<String> optionNames(List<Option<?>> options) {
        return options.stream().map(Option::name).collect(Collectors.toUnmodifiableSet());
    }
}
