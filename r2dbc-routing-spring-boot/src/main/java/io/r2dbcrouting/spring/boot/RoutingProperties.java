package io.r2dbcrouting.spring.boot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.r2dbcrouting.ReadConsistency;
import io.r2dbcrouting.RoutingStrategy;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The {@code r2dbc.routing.*} properties: the targets of the application's
 * {@link io.r2dbcrouting.RoutingConnectionFactory}, how it routes, its pools, and the per-request routing session.
 * <pre class="code">
 * r2dbc:
 *   routing:
 *     username: app
 *     password: ${DB_PASSWORD}
 *     primary:
 *       url: r2dbc:postgresql://db-primary:5432/app
 *     replicas:
 *       - name: replica-1
 *         url: r2dbc:postgresql://db-replica-1:5432/app
 *         weight: 2
 *       - name: replica-2
 *         url: r2dbc:postgresql://db-replica-2:5432/app
 *     pool:
 *       max-size: 20
 * </pre>
 * URLs take every form {@link io.r2dbcrouting.RoutingConfig} reads ({@code r2dbc:postgresql://…},
 * {@code postgresql://…}). Settings left unset keep the defaults of {@link io.r2dbcrouting.RoutingConfig.Builder}.
 */
@ConfigurationProperties(prefix = RoutingProperties.PREFIX)
public class RoutingProperties {

    /** The prefix of these properties. */
    public static final String PREFIX = "r2dbc.routing";

    /**
     * Whether to route at all. With false, every connection is the primary's own and nothing is classified: one
     * database, as without the router.
     */
    private boolean enabled = true;

    /**
     * User name for every target URL that has none. Defaults to spring.r2dbc.username.
     */
    private @Nullable String username;

    /**
     * Password for every target URL that has no user name. Defaults to spring.r2dbc.password.
     */
    private @Nullable String password;

    /**
     * The primary: writes, and reads that must see them, go here.
     */
    private final Primary primary = new Primary();

    /**
     * The replicas, which serve reads in proportion to their weights.
     */
    private final List<Replica> replicas = new ArrayList<>();

    /**
     * Bind groups by name: databases of their own (an analytics copy, a warehouse) that statements under
     * Routing.group(name) go to, reads and writes alike.
     */
    private final Map<String, Group> groups = new LinkedHashMap<>();

    /**
     * How replicas and group members are chosen: round-robin (smooth, weighted) or random (weighted).
     */
    private RoutingStrategy strategy = RoutingStrategy.ROUND_ROBIN;

    /**
     * Whether reads after a write go to the primary: inside a transaction until it ends, in a routing session (a web
     * request) until it ends. With false, such reads may go to a replica and miss the write.
     */
    private boolean stickyAfterWrite = true;

    /**
     * Whether transactions that are not read-only run on the primary from their first statement, instead of starting
     * on a replica and moving to the primary at their first write. Read-only transactions stay on a replica either
     * way.
     */
    private boolean transactionsOnPrimary = false;

    /**
     * What a read after a write is promised to see once the write's transaction has ended: STICKY (the session's
     * reads go to the primary) or CAUSAL (they go to replicas that have replayed the session's writes).
     */
    private ReadConsistency readConsistency = ReadConsistency.STICKY;

    /**
     * How often the background monitor checks every target (reachable, role, replication lag). Default 1s.
     */
    private @Nullable Duration healthCheckInterval;

    /**
     * Replicas further behind the primary than this leave rotation for reads until they catch up. No limit when
     * unset.
     */
    private @Nullable Duration maxReplicaLag;

    /**
     * Replicas whose replay is more than this much WAL behind the primary leave rotation for reads (a number of bytes,
     * or a size such as 16MB). No limit when unset.
     */
    private @Nullable DataSize maxReplicaLagBytes;

    /**
     * Whether reads go to the primary when no replica can serve them (all down or lagging). With false such a read
     * fails with an error naming every replica and why it is out.
     */
    private boolean fallbackToPrimary = true;

    /**
     * In CAUSAL mode, how long a read may wait for its replica to replay the session's writes before it goes to the
     * primary instead. Default 0: no waiting.
     */
    private @Nullable Duration catchUpTimeout;

    /**
     * Functions that write or must otherwise run on the primary, added to the built-in list (nextval,
     * pg_advisory_lock, ...): a SELECT calling one goes to the primary. A plain name matches any schema.
     */
    private List<String> primaryFunctions = new ArrayList<>();

    /**
     * Driver options for every target, such as sslMode=require or applicationName=orders. An option in a target's
     * own URL wins.
     */
    private Map<String, String> options = new LinkedHashMap<>();

    /**
     * The pool settings of every target (one r2dbc-pool per target, inside the router).
     */
    private final Pool pool = new Pool();

    /**
     * The per-request routing session of WebFlux applications.
     */
    private final Web web = new Web();

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public @Nullable String getUsername() {
        return this.username;
    }

    public void setUsername(@Nullable String username) {
        this.username = username;
    }

    public @Nullable String getPassword() {
        return this.password;
    }

    public void setPassword(@Nullable String password) {
        this.password = password;
    }

    public Primary getPrimary() {
        return this.primary;
    }

    public List<Replica> getReplicas() {
        return this.replicas;
    }

    public Map<String, Group> getGroups() {
        return this.groups;
    }

    public RoutingStrategy getStrategy() {
        return this.strategy;
    }

    public void setStrategy(RoutingStrategy strategy) {
        this.strategy = strategy;
    }

    public boolean isStickyAfterWrite() {
        return this.stickyAfterWrite;
    }

    public void setStickyAfterWrite(boolean stickyAfterWrite) {
        this.stickyAfterWrite = stickyAfterWrite;
    }

    public boolean isTransactionsOnPrimary() {
        return this.transactionsOnPrimary;
    }

    public void setTransactionsOnPrimary(boolean transactionsOnPrimary) {
        this.transactionsOnPrimary = transactionsOnPrimary;
    }

    public ReadConsistency getReadConsistency() {
        return this.readConsistency;
    }

    public void setReadConsistency(ReadConsistency readConsistency) {
        this.readConsistency = readConsistency;
    }

    public @Nullable Duration getHealthCheckInterval() {
        return this.healthCheckInterval;
    }

    public void setHealthCheckInterval(@Nullable Duration healthCheckInterval) {
        this.healthCheckInterval = healthCheckInterval;
    }

    public @Nullable Duration getMaxReplicaLag() {
        return this.maxReplicaLag;
    }

    public void setMaxReplicaLag(@Nullable Duration maxReplicaLag) {
        this.maxReplicaLag = maxReplicaLag;
    }

    public @Nullable DataSize getMaxReplicaLagBytes() {
        return this.maxReplicaLagBytes;
    }

    public void setMaxReplicaLagBytes(@Nullable DataSize maxReplicaLagBytes) {
        this.maxReplicaLagBytes = maxReplicaLagBytes;
    }

    public boolean isFallbackToPrimary() {
        return this.fallbackToPrimary;
    }

    public void setFallbackToPrimary(boolean fallbackToPrimary) {
        this.fallbackToPrimary = fallbackToPrimary;
    }

    public @Nullable Duration getCatchUpTimeout() {
        return this.catchUpTimeout;
    }

    public void setCatchUpTimeout(@Nullable Duration catchUpTimeout) {
        this.catchUpTimeout = catchUpTimeout;
    }

    public List<String> getPrimaryFunctions() {
        return this.primaryFunctions;
    }

    public void setPrimaryFunctions(List<String> primaryFunctions) {
        this.primaryFunctions = primaryFunctions;
    }

    public Map<String, String> getOptions() {
        return this.options;
    }

    public void setOptions(Map<String, String> options) {
        this.options = options;
    }

    public Pool getPool() {
        return this.pool;
    }

    public Web getWeb() {
        return this.web;
    }

    /**
     * Describes the settings; the password is never shown.
     */
    @Override
    public String toString() {
        return "RoutingProperties[enabled=" + this.enabled + ", username=" + this.username + ", password="
            + (this.password == null ? "unset" : "***") + ", replicas=" + this.replicas.size() + ", groups="
            + this.groups.keySet() + ", strategy=" + this.strategy + ", readConsistency=" + this.readConsistency + "]";
    }

    /**
     * The primary.
     */
    public static class Primary {

        /**
         * The primary's name in logs, metrics and health details.
         */
        private String name = "primary";

        /**
         * The primary's URL, such as r2dbc:postgresql://db-primary:5432/app. Setting it turns the router on.
         */
        private @Nullable String url;

        /**
         * Pool settings of this target, over r2dbc.routing.pool.
         */
        private final Pool pool = new Pool();

        public String getName() {
            return this.name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public @Nullable String getUrl() {
            return this.url;
        }

        public void setUrl(@Nullable String url) {
            this.url = url;
        }

        public Pool getPool() {
            return this.pool;
        }
    }

    /**
     * A replica.
     */
    public static class Replica {

        /**
         * The replica's name in logs, metrics and health details. Defaults to replica-N, N counting from 1.
         */
        private @Nullable String name;

        /**
         * The replica's URL.
         */
        private @Nullable String url;

        /**
         * The replica's share of reads, relative to the other replicas' weights.
         */
        private int weight = 1;

        /**
         * Pool settings of this target, over r2dbc.routing.pool.
         */
        private final Pool pool = new Pool();

        public @Nullable String getName() {
            return this.name;
        }

        public void setName(@Nullable String name) {
            this.name = name;
        }

        public @Nullable String getUrl() {
            return this.url;
        }

        public void setUrl(@Nullable String url) {
            this.url = url;
        }

        public int getWeight() {
            return this.weight;
        }

        public void setWeight(int weight) {
            this.weight = weight;
        }

        public Pool getPool() {
            return this.pool;
        }
    }

    /**
     * A bind group.
     */
    public static class Group {

        /**
         * The group's members, load-balanced with equal weights. They are named after the group: its name alone, or
         * name-1, name-2, ... when there are several.
         */
        private List<String> urls = new ArrayList<>();

        /**
         * Pool settings of each member, over r2dbc.routing.pool.
         */
        private final Pool pool = new Pool();

        public List<String> getUrls() {
            return this.urls;
        }

        public void setUrls(List<String> urls) {
            this.urls = urls;
        }

        public Pool getPool() {
            return this.pool;
        }
    }

    /**
     * Pool settings: of every target under {@code r2dbc.routing.pool}, of one target under its own {@code pool}.
     * Unset fields take the defaults (the target's: those of {@code r2dbc.routing.pool}).
     */
    public static class Pool {

        /**
         * Connections opened when the pool starts (default 1).
         */
        private @Nullable Integer initialSize;

        /**
         * Most connections the pool holds (default 10).
         */
        private @Nullable Integer maxSize;

        /**
         * How long a connection may stay idle before it is closed (default 30m).
         */
        private @Nullable Duration maxIdleTime;

        /**
         * How long acquiring a connection may take before it fails (default: no limit).
         */
        private @Nullable Duration maxAcquireTime;

        /**
         * A query that checks a connection before it is handed out (default: none; the driver's own check).
         */
        private @Nullable String validationQuery;

        public @Nullable Integer getInitialSize() {
            return this.initialSize;
        }

        public void setInitialSize(@Nullable Integer initialSize) {
            this.initialSize = initialSize;
        }

        public @Nullable Integer getMaxSize() {
            return this.maxSize;
        }

        public void setMaxSize(@Nullable Integer maxSize) {
            this.maxSize = maxSize;
        }

        public @Nullable Duration getMaxIdleTime() {
            return this.maxIdleTime;
        }

        public void setMaxIdleTime(@Nullable Duration maxIdleTime) {
            this.maxIdleTime = maxIdleTime;
        }

        public @Nullable Duration getMaxAcquireTime() {
            return this.maxAcquireTime;
        }

        public void setMaxAcquireTime(@Nullable Duration maxAcquireTime) {
            this.maxAcquireTime = maxAcquireTime;
        }

        public @Nullable String getValidationQuery() {
            return this.validationQuery;
        }

        public void setValidationQuery(@Nullable String validationQuery) {
            this.validationQuery = validationQuery;
        }

        boolean isEmpty() {
            return this.initialSize == null && this.maxSize == null && this.maxIdleTime == null
                && this.maxAcquireTime == null && this.validationQuery == null;
        }
    }

    /**
     * How a routing session's token travels between the requests of one client.
     */
    public enum TokenCarrier {

        /** In a cookie that the filter sets and the browser sends back. */
        COOKIE,

        /** In a response header that the client copies into its next requests. */
        HEADER,

        /** Not at all: every request starts a fresh session. */
        NONE
    }

    /**
     * The routing session that {@link RoutingSessionWebFilter} opens for every request of a WebFlux application.
     */
    public static class Web {

        /**
         * Whether every web request runs in a routing session of its own, so that its reads after its writes go to
         * the primary (read-your-writes within the request, never leaking into other requests).
         */
        private boolean enabled = true;

        /**
         * How the session token (CAUSAL mode: the position of the client's last write) travels between requests of
         * one client: in a cookie, in a header the client sends back, or not at all. STICKY mode has no token.
         */
        private TokenCarrier token = TokenCarrier.COOKIE;

        /**
         * The name of the token cookie.
         */
        private String cookieName = "R2DBC_ROUTING_SESSION";

        /**
         * The name of the token header.
         */
        private String headerName = "R2DBC-Routing-Session";

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public TokenCarrier getToken() {
            return this.token;
        }

        public void setToken(TokenCarrier token) {
            this.token = token;
        }

        public String getCookieName() {
            return this.cookieName;
        }

        public void setCookieName(String cookieName) {
            this.cookieName = cookieName;
        }

        public String getHeaderName() {
            return this.headerName;
        }

        public void setHeaderName(String headerName) {
            this.headerName = headerName;
        }
    }
}
