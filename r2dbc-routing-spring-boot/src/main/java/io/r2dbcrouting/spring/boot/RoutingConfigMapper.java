package io.r2dbcrouting.spring.boot;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.Option;
import io.r2dbcrouting.RoutingConfig;
import io.r2dbcrouting.RoutingConnectionFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;

/**
 * Turns the {@code r2dbc.routing.*} properties, or an {@code r2dbc:routing:} {@code spring.r2dbc.url}, into a
 * {@link RoutingConnectionFactory}. Every failure is an {@link InvalidRoutingConfigurationException} naming the
 * property; no message holds a password.
 */
final class RoutingConfigMapper {

    static final String ROUTING_URL_PREFIX = "r2dbc:routing:";

    private static final String SECURE_ROUTING_URL_PREFIX = "r2dbcs:routing:";

    private RoutingConfigMapper() {
    }

    /**
     * Whether a {@code spring.r2dbc.url} is a routing URL.
     */
    static boolean isRoutingUrl(@Nullable String url) {
        if (url == null) {
            return false;
        }
        String start = url.trim().toLowerCase(Locale.ROOT);
        return start.startsWith(ROUTING_URL_PREFIX) || start.startsWith(SECURE_ROUTING_URL_PREFIX);
    }

    /**
     * The factory the properties describe, owning a pool per target.
     *
     * @param user     the user for URLs without one: {@code r2dbc.routing.username}, else {@code spring.r2dbc.username}
     * @param password the password for URLs without a user
     */
    static RoutingConnectionFactory fromProperties(RoutingProperties properties, @Nullable String user,
                                                   @Nullable String password) {
        RoutingConfig config = config(properties, user, password);
        return check(RoutingProperties.PREFIX, () -> RoutingConnectionFactory.from(config));
    }

    /**
     * The configuration the properties describe.
     *
     * @param user     the user for URLs without one: {@code r2dbc.routing.username}, else {@code spring.r2dbc.username}
     * @param password the password for URLs without a user
     */
    static RoutingConfig config(RoutingProperties properties, @Nullable String user, @Nullable String password) {
        String prefix = RoutingProperties.PREFIX + ".";
        RoutingConfig.Builder builder = RoutingConfig.builder();

        RoutingProperties.Primary primary = properties.getPrimary();
        String primaryUrl = withCredentials(required(primary.getUrl(), prefix + "primary.url"), user, password);
        check(prefix + "primary", () -> builder.primary(primary.getName(), primaryUrl));
        poolOverride(builder, primary.getName(), primary.getPool(), prefix + "primary.pool");

        List<RoutingProperties.Replica> replicas = properties.getReplicas();
        for (int i = 0; i < replicas.size(); i++) {
            RoutingProperties.Replica replica = replicas.get(i);
            String property = prefix + "replicas[" + i + "]";
            String name = StringUtils.hasText(replica.getName()) ? replica.getName() : "replica-" + (i + 1);
            String url = withCredentials(required(replica.getUrl(), property + ".url"), user, password);
            check(property, () -> builder.replica(name, url, replica.getWeight()));
            poolOverride(builder, name, replica.getPool(), property + ".pool");
        }

        for (Map.Entry<String, RoutingProperties.Group> group : properties.getGroups().entrySet()) {
            String name = group.getKey();
            String property = prefix + "groups." + name;
            List<String> urls = group.getValue().getUrls();
            if (urls.isEmpty()) {
                throw new InvalidRoutingConfigurationException(property + ".urls", "must name at least one URL", null);
            }
            String[] members = new String[urls.size()];
            for (int i = 0; i < members.length; i++) {
                members[i] = withCredentials(required(urls.get(i), property + ".urls[" + i + "]"), user, password);
            }
            check(property, () -> builder.group(name, members));
            for (int i = 0; i < members.length; i++) {
                // the core names a group's members after it: the name alone, or name-1, name-2, ...
                poolOverride(builder, members.length == 1 ? name : name + "-" + (i + 1), group.getValue().getPool(),
                    property + ".pool");
            }
        }

        builder.enabled(properties.isEnabled())
            .stickyAfterWrite(properties.isStickyAfterWrite())
            .transactionsOnPrimary(properties.isTransactionsOnPrimary())
            .fallbackToPrimary(properties.isFallbackToPrimary());
        check(prefix + "strategy", () -> builder.strategy(properties.getStrategy()));
        check(prefix + "read-consistency", () -> builder.readConsistency(properties.getReadConsistency()));
        Duration healthCheckInterval = properties.getHealthCheckInterval();
        if (healthCheckInterval != null) {
            check(prefix + "health-check-interval", () -> builder.healthCheckInterval(healthCheckInterval));
        }
        Duration catchUpTimeout = properties.getCatchUpTimeout();
        if (catchUpTimeout != null) {
            check(prefix + "catch-up-timeout", () -> builder.catchUpTimeout(catchUpTimeout));
        }
        Duration maxReplicaLag = properties.getMaxReplicaLag();
        if (maxReplicaLag != null) {
            check(prefix + "max-replica-lag", () -> builder.maxReplicaLag(maxReplicaLag));
        }
        DataSize maxReplicaLagBytes = properties.getMaxReplicaLagBytes();
        if (maxReplicaLagBytes != null) {
            check(prefix + "max-replica-lag-bytes", () -> builder.maxReplicaLagBytes(maxReplicaLagBytes.toBytes()));
        }
        if (!properties.getPrimaryFunctions().isEmpty()) {
            check(prefix + "primary-functions", () -> builder.primaryFunctions(properties.getPrimaryFunctions()));
        }
        properties.getOptions().forEach((name, value) -> check(prefix + "options." + name, () -> builder.option(name, value)));
        if (!properties.getPool().isEmpty()) {
            RoutingConfig.PoolSettings pool = poolSettings(properties.getPool(), prefix + "pool");
            builder.pool(pool);
        }
        return check(RoutingProperties.PREFIX, builder::build);
    }

    /**
     * The factory of an {@code r2dbc:routing:} URL, with {@code spring.r2dbc.username}, {@code password} and
     * {@code properties} applied as Spring Boot applies them to any R2DBC URL.
     */
    static RoutingConnectionFactory fromUrl(String url, @Nullable String user, @Nullable String password,
                                            Map<String, String> extraOptions) {
        ConnectionFactoryOptions parsed;
        try {
            parsed = ConnectionFactoryOptions.parse(url.trim());
        } catch (IllegalArgumentException | IllegalStateException malformed) {
            // the SPI's message quotes the URL: mask it, and leave the cause out for the same reason
            throw new InvalidRoutingConfigurationException("spring.r2dbc.url",
                String.valueOf(malformed.getMessage()).replace(url.trim(), mask(url.trim())), null);
        }
        ConnectionFactoryOptions.Builder options = parsed.mutate();
        if (StringUtils.hasText(user) && !parsed.hasOption(ConnectionFactoryOptions.USER)) {
            options.option(ConnectionFactoryOptions.USER, user);
        }
        if (StringUtils.hasText(password) && !parsed.hasOption(ConnectionFactoryOptions.PASSWORD)) {
            options.option(ConnectionFactoryOptions.PASSWORD, password);
        }
        extraOptions.forEach((name, value) -> options.option(Option.valueOf(name), value));
        ConnectionFactory factory;
        try {
            factory = ConnectionFactories.get(options.build());
        } catch (IllegalArgumentException | IllegalStateException invalid) {
            throw new InvalidRoutingConfigurationException("spring.r2dbc.url", invalid.getMessage(), invalid);
        }
        if (!(factory instanceof RoutingConnectionFactory)) {
            throw new InvalidRoutingConfigurationException("spring.r2dbc.url", "the URL made a "
                + factory.getClass().getName() + ", not a RoutingConnectionFactory", null);
        }
        return (RoutingConnectionFactory) factory;
    }

    /**
     * Puts {@code user:password@} into a URL that has no user info; returns any other URL as it is. Both are
     * percent-encoded, so any character may appear in them.
     */
    static String withCredentials(String url, @Nullable String user, @Nullable String password) {
        if (!StringUtils.hasText(user)) {
            return url;
        }
        int separator = url.indexOf("://");
        if (separator < 0) {
            return url;       // not a URL the core reads: it says so, naming the property
        }
        int authority = separator + 3;
        int end = authority;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        if (url.lastIndexOf('@', end - 1) >= authority) {
            return url;       // the URL has its own credentials
        }
        String userInfo = encode(user) + (password == null ? "" : ":" + encode(password)) + "@";
        return url.substring(0, authority) + userInfo + url.substring(authority);
    }

    /**
     * A URL for messages: what lies between {@code ://} and the last {@code @} of the authority, after the first
     * {@code :}, becomes {@code ***}.
     */
    static String mask(String url) {
        int separator = url.indexOf("://");
        int authority = separator < 0 ? 0 : separator + 3;
        int end = authority;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        int at = url.lastIndexOf('@', end - 1);
        if (at < authority) {
            return url;
        }
        int colon = url.indexOf(':', authority);
        return colon >= 0 && colon < at ? url.substring(0, colon + 1) + "***" + url.substring(at) : url;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String required(@Nullable String value, String property) {
        if (!StringUtils.hasText(value)) {
            throw new InvalidRoutingConfigurationException(property, "must be set", null);
        }
        return value;
    }

    /** Runs one step of the builder; a rejection names the property it came from. */
    private static <T> T check(String property, Supplier<T> step) {
        try {
            return step.get();
        } catch (IllegalArgumentException | IllegalStateException invalid) {
            throw new InvalidRoutingConfigurationException(property, invalid.getMessage(), invalid);
        }
    }

    private static void poolOverride(RoutingConfig.Builder builder, String target, RoutingProperties.Pool pool,
                                     String property) {
        if (!pool.isEmpty()) {
            RoutingConfig.PoolSettings settings = poolSettings(pool, property);
            check(property, () -> builder.pool(target, settings));
        }
    }

    private static RoutingConfig.PoolSettings poolSettings(RoutingProperties.Pool pool, String property) {
        return check(property, () -> poolSettings(pool));
    }

    private static RoutingConfig.PoolSettings poolSettings(RoutingProperties.Pool pool) {
        RoutingConfig.PoolSettings.Builder settings = RoutingConfig.PoolSettings.builder();
        if (pool.getInitialSize() != null) {
            settings.initialSize(pool.getInitialSize());
        }
        if (pool.getMaxSize() != null) {
            settings.maxSize(pool.getMaxSize());
        }
        if (pool.getMaxIdleTime() != null) {
            settings.maxIdleTime(pool.getMaxIdleTime());
        }
        if (pool.getMaxAcquireTime() != null) {
            settings.maxAcquireTime(pool.getMaxAcquireTime());
        }
        if (pool.getValidationQuery() != null) {
            settings.validationQuery(pool.getValidationQuery());
        }
        return settings.build();
    }
}
