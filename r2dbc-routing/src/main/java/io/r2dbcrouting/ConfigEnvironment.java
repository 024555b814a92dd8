package io.r2dbcrouting;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Reads a {@link RoutingConfig} from the environment variables that applications with a split read/write database
 * already use. Variables that are set to blank text count as unset; variables not listed here are ignored.
 */
final class ConfigEnvironment {

    /** {@code true}/{@code false} ({@code yes}/{@code no}, {@code 1}/{@code 0}); default {@code false}. */
    static final String ENABLE_DB_SPLITTING = "ENABLE_DB_SPLITTING";

    /**
     * The database: the primary unless {@code WRITE_DATABASE_URL} is set, the replica unless {@code READ_DATABASE_URL}
     * is.
     */
    static final String DATABASE_URL = "DATABASE_URL";

    /** The primary. */
    static final String WRITE_DATABASE_URL = "WRITE_DATABASE_URL";

    /** The replicas: one URL or a comma-separated list. */
    static final String READ_DATABASE_URL = "READ_DATABASE_URL";

    /** The pool's initial size, and with {@code DB_MAX_OVERFLOW} its maximum size. */
    static final String DB_POOL_SIZE = "DB_POOL_SIZE";

    /** How many connections the pool may open beyond {@code DB_POOL_SIZE}; default 0. */
    static final String DB_MAX_OVERFLOW = "DB_MAX_OVERFLOW";

    /** A comma that starts the next URL of a list: one followed by a scheme and {@code ://}. */
    private static final Pattern NEXT_URL = Pattern.compile(
        ",(?=\\s*(?:r2dbcs?:[A-Za-z0-9+.:_-]*|[A-Za-z][A-Za-z0-9+.-]*)://)", Pattern.CASE_INSENSITIVE);

    private ConfigEnvironment() {
    }

    static RoutingConfig read(Map<String, String> environment) {
        Assert.notNull(environment, "environment");
        String splittingValue = value(environment, ENABLE_DB_SPLITTING);
        boolean splitting = splittingValue != null && ConfigValues.bool(ENABLE_DB_SPLITTING, splittingValue);
        String database = value(environment, DATABASE_URL);
        String write = value(environment, WRITE_DATABASE_URL);
        String read = value(environment, READ_DATABASE_URL);

        RoutingConfig.Builder builder = RoutingConfig.builder().enabled(splitting);
        if (write != null) {
            builder.primaryUrl(RoutingConnectionFactory.DEFAULT_PRIMARY_NAME, DatabaseUrl.parse(WRITE_DATABASE_URL, write));
        } else if (database != null) {
            builder.primaryUrl(RoutingConnectionFactory.DEFAULT_PRIMARY_NAME, DatabaseUrl.parse(DATABASE_URL, database));
        }
        if (splitting) {
            if (read != null) {
                List<String> urls = urls(read);
                for (int i = 0; i < urls.size(); i++) {
                    builder.replicaUrl("replica-" + (i + 1), DatabaseUrl.parse(READ_DATABASE_URL, urls.get(i)), 1);
                }
            } else if (database != null) {
                // reads also go to the primary's server, through a pool of their own
                builder.replicaUrl("replica-1", DatabaseUrl.parse(DATABASE_URL, database), 1);
            }
        }
        RoutingConfig.PoolSettings pool = pool(environment);
        if (pool != null) {
            builder.pool(pool);
        }
        return builder.build();
    }

    /**
     * {@code DB_POOL_SIZE} is the initial size; the maximum size is {@code DB_POOL_SIZE + DB_MAX_OVERFLOW}. With only
     * {@code DB_MAX_OVERFLOW}, the maximum is the default maximum size plus the overflow.
     */
    private static RoutingConfig.@Nullable PoolSettings pool(Map<String, String> environment) {
        String sizeValue = value(environment, DB_POOL_SIZE);
        String overflowValue = value(environment, DB_MAX_OVERFLOW);
        if (sizeValue == null && overflowValue == null) {
            return null;
        }
        RoutingConfig.PoolSettings.Builder pool = RoutingConfig.PoolSettings.builder();
        long size = RoutingConfig.PoolSettings.DEFAULT_MAX_SIZE;
        if (sizeValue != null) {
            size = ConfigValues.nonNegativeInt(DB_POOL_SIZE, sizeValue);
            pool.initialSize((int) size);
        }
        long overflow = overflowValue == null ? 0 : ConfigValues.nonNegativeInt(DB_MAX_OVERFLOW, overflowValue);
        long maxSize = size + overflow;
        if (maxSize < 1 || maxSize > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(DB_POOL_SIZE + " + " + DB_MAX_OVERFLOW + ": the pool's maximum size must be "
                + "from 1 to " + Integer.MAX_VALUE + ", was " + size + " + " + overflow);
        }
        return pool.maxSize((int) maxSize).build();
    }

    /**
     * The URLs of a comma-separated list. A comma splits only where a URL starts after it, so a comma in a password
     * needs no encoding; empty items are skipped.
     */
    static List<String> urls(String list) {
        List<String> urls = new ArrayList<>();
        for (String url : NEXT_URL.split(list, -1)) {
            String trimmed = url.trim();
            while (trimmed.endsWith(",")) {
                trimmed = trimmed.substring(0, trimmed.length() - 1).trim();
            }
            while (trimmed.startsWith(",")) {
                trimmed = trimmed.substring(1).trim();
            }
            if (!trimmed.isEmpty()) {
                urls.add(trimmed);
            }
        }
        return urls;
    }

    private static @Nullable String value(Map<String, String> environment, String name) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
