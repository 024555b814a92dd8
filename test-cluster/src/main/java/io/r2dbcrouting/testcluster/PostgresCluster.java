package io.r2dbcrouting.testcluster;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * A PostgreSQL primary with streaming hot-standby replicas, for tests, samples and benchmarks.
 * <p>
 * {@link #start()} picks the first of these that is available:
 * <ol>
 * <li>an <b>external</b> cluster when {@code R2DBC_ROUTING_PRIMARY_URL} is set
 * ({@code postgresql://user:password@host:port/database}; replicas in {@code R2DBC_ROUTING_REPLICA_URLS}, comma
 * separated, same user, password and database). It is never started or stopped here.</li>
 * <li>a <b>local</b> cluster run by {@code scripts/pg-cluster.sh} (bundled in this jar) when PostgreSQL server
 * binaries are found: {@code PG_BIN}, {@code pg_ctl} on {@code PATH}, {@code /usr/lib/postgresql/<version>/bin}
 * or Homebrew. Primary on {@code 127.0.0.1:25432}, replicas on 25433 and 25434 ({@code PGR_BASE_PORT} moves
 * them), data in {@code /tmp/r2dbc-routing-cluster} ({@code PGR_DATA_DIR}); database, user and password are all
 * {@code routing}. A cluster that is already up is reused and left running.</li>
 * <li><b>Testcontainers</b> ({@code postgres:15}) when {@code org.testcontainers:testcontainers} is on the class
 * path and Docker is available.</li>
 * </ol>
 * {@code R2DBC_ROUTING_CLUSTER=local|testcontainers|external} forces one of them. {@link #close()} stops the
 * cluster only if this instance started it, and not even then for a local cluster when
 * {@code R2DBC_ROUTING_KEEP_CLUSTER=true}.
 * <p>
 * Instances are thread-safe. Fault operations ({@link #stopReplica(int)}, {@link #pauseReplay(int)}, ...) act on
 * the shared servers: tests that use them should restore what they changed.
 */
public final class PostgresCluster implements AutoCloseable {

    static final String PRIMARY_URL_ENV = "R2DBC_ROUTING_PRIMARY_URL";

    static final String REPLICA_URLS_ENV = "R2DBC_ROUTING_REPLICA_URLS";

    static final String MODE_ENV = "R2DBC_ROUTING_CLUSTER";

    static final String KEEP_ENV = "R2DBC_ROUTING_KEEP_CLUSTER";

    static final String DEFAULT_USER = "routing";

    static final String DEFAULT_PASSWORD = "routing";

    static final String DEFAULT_DATABASE = "routing";

    static final String REPLICATION_USER = "replicator";

    static final String REPLICATION_PASSWORD = "replicator";

    static final String INSTALL_HINT = "install the PostgreSQL server binaries (e.g. 'apt-get install -y postgresql' "
            + "or 'brew install postgresql@15') or set PG_BIN to their directory, or make Docker available to "
            + "Testcontainers, or point " + PRIMARY_URL_ENV + " and " + REPLICA_URLS_ENV + " at a running cluster";

    /** {@code pg-cluster.sh status}: no node is running. */
    private static final int STATUS_NOT_RUNNING = 3;

    private static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger logger = System.getLogger(PostgresCluster.class.getName());

    private final Mode mode;

    private final Node primary;

    private final List<Node> replicas;

    private final String username;

    private final String password;

    private final String database;

    private final boolean startedHere;

    private final boolean keepRunning;

    private final @Nullable ClusterScript script;

    private final @Nullable AutoCloseable containers;

    private final AtomicBoolean closed = new AtomicBoolean();

    PostgresCluster(Mode mode, Node primary, List<Node> replicas, String username, String password, String database,
            boolean startedHere, boolean keepRunning, @Nullable ClusterScript script,
            @Nullable AutoCloseable containers) {
        this.mode = mode;
        this.primary = primary;
        this.replicas = List.copyOf(replicas);
        this.username = username;
        this.password = password;
        this.database = database;
        this.startedHere = startedHere;
        this.keepRunning = keepRunning;
        this.script = script;
        this.containers = containers;
    }

    /**
     * Starts or connects to a cluster as described on this class, reading the process environment, and waits
     * until the primary accepts writes and every replica streams from it.
     *
     * @return the running cluster; close it to stop what was started here
     * @throws IllegalStateException if no kind of cluster is available (the message says what to install) or the
     * cluster does not come up
     *
     * @throws IllegalArgumentException if a setting is malformed
     */
    public static PostgresCluster start() {
        return start(System.getenv());
    }

    /**
     * Same as {@link #start()}, with the given map in place of the process environment: the settings are read
     * from it, and of them only {@code PGR_BASE_PORT}, {@code PGR_DATA_DIR}, {@code PGR_START_TIMEOUT} and
     * {@code PG_BIN} are passed to {@code pg-cluster.sh}.
     *
     * @param env the environment
     * @return the running cluster
     * @throws IllegalStateException if no kind of cluster is available or it does not come up
     * @throws IllegalArgumentException if a setting is malformed
     */
    public static PostgresCluster start(Map<String, String> env) {
        Map<String, String> environment = Map.copyOf(env);
        // looked up only when needed: a bad PG_BIN must not break an external cluster
        AtomicReference<@Nullable Path> binaries = new AtomicReference<>();
        BooleanSupplier localBinaries = () -> {
            PostgresBinaries.system().find(environment).ifPresent(binaries::set);
            return binaries.get() != null;
        };
        Mode mode = chooseMode(environment, localBinaries, PostgresCluster::dockerAvailable);
        PostgresCluster cluster;
        switch (mode) {
            case EXTERNAL:
                cluster = external(environment);
                break;
            case LOCAL:
                cluster = startLocal(environment, Objects.requireNonNull(binaries.get()));
                break;
            default:
                cluster = startTestcontainers();
                break;
        }
        try {
            cluster.verifyTopology(VERIFY_TIMEOUT);
        }
        catch (RuntimeException ex) {
            try {
                cluster.close();
            }
            catch (RuntimeException closeFailure) {
                ex.addSuppressed(closeFailure);
            }
            throw ex;
        }
        logger.log(Level.INFO, () -> "Using " + cluster);
        return cluster;
    }

    /**
     * Decides which kind of cluster to use.
     *
     * @param env the environment
     * @param localBinaries whether PostgreSQL server binaries are installed, asked only if the decision depends
     * on it
     *
     * @param dockerAvailable whether Testcontainers can use Docker, asked only if the decision depends on it
     */
    static Mode chooseMode(Map<String, String> env, BooleanSupplier localBinaries, BooleanSupplier dockerAvailable) {
        String forced = env.get(MODE_ENV);
        boolean externalConfigured = isSet(env.get(PRIMARY_URL_ENV));
        if (isSet(forced)) {
            String value = forced.trim().toLowerCase(Locale.ROOT);
            switch (value) {
                case "external":
                    if (!externalConfigured) {
                        throw new IllegalStateException(MODE_ENV + "=external needs " + PRIMARY_URL_ENV
                                + " (e.g. postgresql://routing:routing@127.0.0.1:25432/routing) and "
                                + REPLICA_URLS_ENV);
                    }
                    return Mode.EXTERNAL;
                case "local":
                    if (!localBinaries.getAsBoolean()) {
                        throw new IllegalStateException(MODE_ENV + "=local but no PostgreSQL server binaries were "
                                + "found: install them (e.g. 'apt-get install -y postgresql') or set PG_BIN");
                    }
                    return Mode.LOCAL;
                case "testcontainers":
                    if (!dockerAvailable.getAsBoolean()) {
                        throw new IllegalStateException(MODE_ENV + "=testcontainers but Testcontainers cannot "
                                + "use Docker (is org.testcontainers:testcontainers on the class path and Docker "
                                + "running?)");
                    }
                    return Mode.TESTCONTAINERS;
                case "auto":
                    break;
                default:
                    throw new IllegalArgumentException(
                            MODE_ENV + " must be one of local, testcontainers, external, auto, was '" + forced + "'");
            }
        }
        if (externalConfigured) {
            return Mode.EXTERNAL;
        }
        if (localBinaries.getAsBoolean()) {
            return Mode.LOCAL;
        }
        if (dockerAvailable.getAsBoolean()) {
            return Mode.TESTCONTAINERS;
        }
        throw new IllegalStateException("No PostgreSQL cluster available for r2dbc-routing: " + INSTALL_HINT);
    }

    private static boolean isSet(@Nullable String value) {
        return value != null && !value.isBlank();
    }

    /** Reads the external cluster's endpoints; connects to nothing. */
    static PostgresCluster external(Map<String, String> env) {
        String primaryUrl = env.get(PRIMARY_URL_ENV);
        if (!isSet(primaryUrl)) {
            throw new IllegalStateException(PRIMARY_URL_ENV + " is not set");
        }
        ConnectionUrl primary = ConnectionUrl.parse(PRIMARY_URL_ENV, primaryUrl);
        String replicaUrls = env.getOrDefault(REPLICA_URLS_ENV, "");
        List<Node> replicas = new ArrayList<>();
        for (String url : replicaUrls.split(",")) {
            if (url.isBlank()) {
                continue;
            }
            ConnectionUrl replica = ConnectionUrl.parse(REPLICA_URLS_ENV, url);
            if (!replica.user().equals(primary.user()) || !replica.password().equals(primary.password())
                    || !replica.database().equals(primary.database())) {
                throw new IllegalArgumentException(REPLICA_URLS_ENV + " entry " + (replicas.size() + 1)
                        + " must use the user, password and database of " + PRIMARY_URL_ENV + " (" + primary + "), was "
                        + replica);
            }
            replicas.add(new Node(Node.replicaName(replicas.size() + 1), replica.host(), replica.port()));
        }
        if (replicas.isEmpty()) {
            throw new IllegalArgumentException(
                    REPLICA_URLS_ENV + " must list at least one replica URL when " + PRIMARY_URL_ENV + " is set");
        }
        return new PostgresCluster(Mode.EXTERNAL, new Node(Node.PRIMARY, primary.host(), primary.port()), replicas,
                primary.user(), primary.password(), primary.database(), false, true, null, null);
    }

    private static PostgresCluster startLocal(Map<String, String> env, Path binaries) {
        ClusterScript script = ClusterScript.create(env, binaries);
        try {
            int before = script.run("status").exitCode();
            boolean startedHere = (before == STATUS_NOT_RUNNING);
            if (before != 0) {
                try {
                    script.run("up").orThrow();
                }
                catch (RuntimeException ex) {
                    if (startedHere) {
                        stopQuietly(script, ex);
                    }
                    throw ex;
                }
            }
            Map<String, String> values = script.run("env").orThrow().keyValues();
            String host = required(values, "PGR_HOST");
            Node primary = new Node(Node.PRIMARY, host, Integer.parseInt(required(values, "PGR_PRIMARY_PORT")));
            List<Node> replicas = List.of(
                    new Node(Node.replicaName(1), host, Integer.parseInt(required(values, "PGR_REPLICA1_PORT"))),
                    new Node(Node.replicaName(2), host, Integer.parseInt(required(values, "PGR_REPLICA2_PORT"))));
            boolean keep = Boolean.parseBoolean(env.getOrDefault(KEEP_ENV, "false").trim());
            return new PostgresCluster(Mode.LOCAL, primary, replicas, required(values, "PGR_USER"),
                    required(values, "PGR_PASSWORD"), required(values, "PGR_DATABASE"), startedHere, keep, script,
                    null);
        }
        catch (RuntimeException ex) {
            script.close();
            throw ex;
        }
    }

    private static void stopQuietly(ClusterScript script, RuntimeException failure) {
        try {
            script.run("down").orThrow();
        }
        catch (RuntimeException ex) {
            failure.addSuppressed(ex);
        }
    }

    private static String required(Map<String, String> values, String key) {
        String value = values.get(key);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException("pg-cluster.sh env did not print " + key + ", printed " + values.keySet());
        }
        return value;
    }

    private static PostgresCluster startTestcontainers() {
        TestcontainersCluster containers = TestcontainersCluster.start(2);
        Node primary = new Node(Node.PRIMARY, containers.host(), containers.primaryPort());
        List<Node> replicas = new ArrayList<>();
        for (int index = 1; index <= containers.replicaCount(); index++) {
            replicas.add(
                    new Node(Node.replicaName(index), containers.replicaHost(index), containers.replicaPort(index)));
        }
        return new PostgresCluster(Mode.TESTCONTAINERS, primary, replicas, DEFAULT_USER, DEFAULT_PASSWORD,
                DEFAULT_DATABASE, true, false, null, containers);
    }

    /** False, not an error, when the Testcontainers jar is absent or Docker cannot be reached. */
    static boolean dockerAvailable() {
        try {
            Class.forName("org.testcontainers.DockerClientFactory", false, PostgresCluster.class.getClassLoader());
        }
        catch (ClassNotFoundException | LinkageError ex) {
            return false;
        }
        try {
            return TestcontainersCluster.dockerAvailable();
        }
        catch (RuntimeException | LinkageError ex) {
            return false;
        }
    }

    /**
     * Which kind of cluster this is.
     *
     * @return the mode chosen by {@link #start()}
     */
    public Mode mode() {
        return this.mode;
    }

    /**
     * The primary, named {@code primary}.
     *
     * @return the primary
     */
    public Node primary() {
        return this.primary;
    }

    /**
     * The replicas, named {@code replica-1}, {@code replica-2}, ..., in that order; unmodifiable.
     *
     * @return the replicas
     */
    public List<Node> replicas() {
        return this.replicas;
    }

    /**
     * One replica.
     *
     * @param index 1-based, as in {@code pg-cluster.sh stop-replica 1}
     * @return the replica named {@code replica-<index>}
     * @throws IllegalArgumentException if there is no such replica
     */
    public Node replica(int index) {
        checkReplicaIndex(index);
        return this.replicas.get(index - 1);
    }

    /**
     * The login role on every node, a superuser for a local or Testcontainers cluster.
     *
     * @return the user name, {@code routing} unless external
     */
    public String username() {
        return this.username;
    }

    /**
     * The password of {@link #username()}.
     *
     * @return the password, {@code routing} unless external
     */
    public String password() {
        return this.password;
    }

    /**
     * The database on every node.
     *
     * @return the database name, {@code routing} unless external
     */
    public String database() {
        return this.database;
    }

    /**
     * Whether this instance started the cluster, and so {@link #close()} stops it.
     *
     * @return {@code true} if {@link #close()} stops the cluster (unless kept running)
     */
    public boolean startedHere() {
        return this.startedHere;
    }

    /**
     * Whether {@link #stopReplica(int)}, {@link #startReplica(int)} and {@link #killReplica(int)} work: only for a
     * cluster run by {@code pg-cluster.sh}. Tests that need them can use {@code assumeTrue}.
     *
     * @return {@code true} for {@link Mode#LOCAL}
     */
    public boolean canStopReplicas() {
        return this.script != null;
    }

    /**
     * An R2DBC URL with credentials, e.g. {@code r2dbc:postgresql://routing:routing@127.0.0.1:25432/routing}.
     *
     * @param node the primary or a replica
     * @return the URL, user and password percent-encoded
     */
    public String r2dbcUrl(Node node) {
        return "r2dbc:postgresql://" + encode(this.username) + ":" + encode(this.password) + "@" + node.hostForUrl()
                + ":" + node.port() + "/" + encode(this.database);
    }

    /**
     * A JDBC URL without credentials, e.g. {@code jdbc:postgresql://127.0.0.1:25432/routing}; pass
     * {@link #username()} and {@link #password()} separately, or use {@link #jdbcConnection(Node)}.
     *
     * @param node the primary or a replica
     * @return the URL
     */
    public String jdbcUrl(Node node) {
        return "jdbc:postgresql://" + node.hostForUrl() + ":" + node.port() + "/" + encode(this.database);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Opens a blocking JDBC connection to one node as {@link #username()}; the caller closes it.
     *
     * @param node the primary or a replica
     * @return an open connection in auto-commit mode
     * @throws SQLException if the node cannot be reached
     */
    public Connection jdbcConnection(Node node) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", this.username);
        properties.setProperty("password", this.password);
        properties.setProperty("ApplicationName", "r2dbc-routing-test-cluster");
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("socketTimeout", "60");
        // the driver directly: DriverManager may not see drivers of another class loader
        Connection connection = new org.postgresql.Driver().connect(jdbcUrl(node), properties);
        if (connection == null) {
            throw new SQLException("The PostgreSQL driver rejected " + jdbcUrl(node));
        }
        return connection;
    }

    /**
     * Stops a replica in fast mode; its slot keeps the WAL it misses. Local clusters only.
     *
     * @param index 1-based
     * @throws UnsupportedOperationException for an external or Testcontainers cluster
     */
    public void stopReplica(int index) {
        runOnReplica("stop-replica", index);
    }

    /**
     * Starts a stopped replica and waits, at most {@code PGR_START_TIMEOUT} (60 s), until it streams again; does
     * nothing to a running one. Local clusters only.
     *
     * @param index 1-based
     * @throws UnsupportedOperationException for an external or Testcontainers cluster
     */
    public void startReplica(int index) {
        runOnReplica("start-replica", index);
    }

    /**
     * Stops a replica in immediate mode, like a crash: it runs recovery on {@link #startReplica(int)}. Local
     * clusters only.
     *
     * @param index 1-based
     * @throws UnsupportedOperationException for an external or Testcontainers cluster
     */
    public void killReplica(int index) {
        runOnReplica("kill-replica", index);
    }

    private void runOnReplica(String command, int index) {
        checkReplicaIndex(index);
        ClusterScript script = this.script;
        if (script == null) {
            throw new UnsupportedOperationException(
                    command + " needs a cluster run by pg-cluster.sh (mode LOCAL), this one is " + this.mode);
        }
        checkOpen();
        script.run(command, Integer.toString(index)).orThrow();
    }

    /**
     * Pauses WAL replay on a replica ({@code pg_wal_replay_pause()}): it keeps receiving WAL but applies none, so
     * it serves ever older data until {@link #resumeReplay(int)}. A restart resumes replay too.
     *
     * @param index 1-based
     * @throws IllegalStateException if the replica cannot be reached
     */
    public void pauseReplay(int index) {
        execute(replica(index), "SELECT pg_wal_replay_pause()");
    }

    /**
     * Resumes WAL replay on a replica ({@code pg_wal_replay_resume()}).
     *
     * @param index 1-based
     * @throws IllegalStateException if the replica cannot be reached
     */
    public void resumeReplay(int index) {
        execute(replica(index), "SELECT pg_wal_replay_resume()");
    }

    /**
     * Waits until every replica has replayed the WAL the primary had written when this method was called: after
     * it returns, every replica sees the primary's earlier commits.
     *
     * @param timeout for all replicas together
     * @throws IllegalStateException if a replica lags beyond the timeout (a paused or stopped one always does)
     */
    public void awaitReplicasCaughtUp(Duration timeout) {
        String target = currentPrimaryLsn();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Node replica : this.replicas) {
            awaitReplayed(replica, target, deadline, timeout);
        }
    }

    /**
     * Waits until one replica has replayed the WAL the primary had written when this method was called.
     *
     * @param index 1-based
     * @param timeout how long to wait
     * @throws IllegalStateException if the replica lags beyond the timeout
     */
    public void awaitReplicaCaughtUp(int index, Duration timeout) {
        Node replica = replica(index);
        String target = currentPrimaryLsn();
        awaitReplayed(replica, target, System.nanoTime() + timeout.toNanos(), timeout);
    }

    private String currentPrimaryLsn() {
        try (Connection connection = jdbcConnection(this.primary);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT pg_current_wal_lsn()::text")) {
            result.next();
            return result.getString(1);
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Cannot read pg_current_wal_lsn() on " + this.primary, ex);
        }
    }

    private void awaitReplayed(Node replica, String target, long deadline, Duration timeout) {
        String replayed = "unknown";
        SQLException lastFailure = null;
        while (true) {
            try (Connection connection = jdbcConnection(replica);
                    PreparedStatement statement = connection.prepareStatement(
                            "SELECT pg_last_wal_replay_lsn() >= ?::pg_lsn, pg_last_wal_replay_lsn()::text")) {
                statement.setString(1, target);
                while (true) {
                    try (ResultSet result = statement.executeQuery()) {
                        result.next();
                        if (result.getBoolean(1)) {
                            return;
                        }
                        replayed = result.getString(2);
                    }
                    if (System.nanoTime() - deadline >= 0) {
                        throw new IllegalStateException(replica + " did not replay up to the primary's " + target
                                + " within " + timeout + ": replayed " + replayed + " (is replay paused?)");
                    }
                    sleep(Duration.ofMillis(10));
                }
            }
            catch (SQLException ex) {
                lastFailure = ex;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new IllegalStateException(replica + " did not replay up to the primary's " + target + " within "
                        + timeout + ": cannot query it", lastFailure);
            }
            sleep(Duration.ofMillis(100));
        }
    }

    private void execute(Node node, String sql) {
        try (Connection connection = jdbcConnection(node); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Cannot run " + sql + " on " + node, ex);
        }
    }

    /** Polls each node until the primary is writable and every replica is in recovery. */
    void verifyTopology(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        verifyRole(this.primary, false, deadline, timeout);
        for (Node replica : this.replicas) {
            verifyRole(replica, true, deadline, timeout);
        }
    }

    private void verifyRole(Node node, boolean replica, long deadline, Duration timeout) {
        while (true) {
            String problem;
            Exception cause = null;
            try (Connection connection = jdbcConnection(node);
                    Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery("SELECT pg_is_in_recovery()")) {
                result.next();
                if (result.getBoolean(1) == replica) {
                    return;
                }
                problem = replica ? "is not a hot standby (pg_is_in_recovery() is false)"
                        : "is in recovery, not a writable primary";
            }
            catch (SQLException ex) {
                problem = "cannot be reached: " + ex.getMessage();
                cause = ex;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new IllegalStateException(
                        node + " " + problem + " (waited " + timeout + ", user " + this.username + ")", cause);
            }
            sleep(Duration.ofMillis(200));
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the cluster", ex);
        }
    }

    private void checkReplicaIndex(int index) {
        if (index < 1 || index > this.replicas.size()) {
            throw new IllegalArgumentException(
                    "replica index must be between 1 and " + this.replicas.size() + ", was " + index);
        }
    }

    private void checkOpen() {
        if (this.closed.get()) {
            throw new IllegalStateException("The cluster launcher is closed");
        }
    }

    /**
     * Stops the cluster if this instance started it ({@link #startedHere()}), unless
     * {@code R2DBC_ROUTING_KEEP_CLUSTER=true} keeps a local one running; a cluster that was already running or is
     * external is left alone. Idempotent.
     *
     * @throws IllegalStateException if stopping fails
     */
    @Override
    public void close() {
        if (!this.closed.compareAndSet(false, true)) {
            return;
        }
        ClusterScript script = this.script;
        try {
            if (!this.startedHere) {
                return;
            }
            if (script != null) {
                if (this.keepRunning) {
                    logger.log(Level.INFO, () -> "Leaving the local cluster running (" + KEEP_ENV + "=true)");
                    return;
                }
                logger.log(Level.INFO, "Stopping the local cluster started for this run");
                script.run("down").orThrow();
            }
            AutoCloseable containers = this.containers;
            if (containers != null) {
                containers.close();
            }
        }
        catch (RuntimeException ex) {
            throw ex;
        }
        catch (Exception ex) {
            throw new IllegalStateException("Cannot stop " + this, ex);
        }
        finally {
            if (script != null) {
                script.close();
            }
        }
    }

    @Override
    public String toString() {
        return "PostgresCluster[" + this.mode.name().toLowerCase(Locale.ROOT) + ", primary " + this.primary.address()
                + ", replicas " + this.replicas.stream().map(Node::address).collect(Collectors.joining(", "))
                + ", database " + this.database + ", user " + this.username + ", started here: " + this.startedHere
                + "]";
    }

    /** The kinds of cluster {@link PostgresCluster#start()} can use. */
    public enum Mode {

        /** Run by {@code scripts/pg-cluster.sh} on this machine. */
        LOCAL,

        /** Containers from the {@code postgres:15} image, started by Testcontainers. */
        TESTCONTAINERS,

        /** Given by {@code R2DBC_ROUTING_PRIMARY_URL} and {@code R2DBC_ROUTING_REPLICA_URLS}; never started here. */
        EXTERNAL

    }

    /**
     * One server of the cluster.
     *
     * @param name {@code primary}, {@code replica-1}, {@code replica-2}, ...
     * @param host host name or address, {@code 127.0.0.1} for a local cluster
     * @param port TCP port
     */
    public record Node(String name, String host, int port) {

        static final String PRIMARY = "primary";

        /**
         * Checks the components.
         *
         * @param name {@code primary}, {@code replica-1}, {@code replica-2}, ...
         * @param host host name or address
         * @param port TCP port
         * @throws IllegalArgumentException if name or host is empty or the port is out of range
         */
        public Node {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("name must not be empty");
            }
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host must not be empty for node '" + name + "'");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be between 1 and 65535, was " + port + " for node '"
                        + name + "'");
            }
        }

        static String replicaName(int index) {
            return "replica-" + index;
        }

        /**
         * The address to connect to.
         *
         * @return {@code host:port}, with an IPv6 address in brackets
         */
        public String address() {
            return hostForUrl() + ":" + this.port;
        }

        String hostForUrl() {
            return (this.host.indexOf(':') >= 0 && !this.host.startsWith("[")) ? "[" + this.host + "]" : this.host;
        }

        @Override
        public String toString() {
            return this.name + " (" + address() + ")";
        }

    }

}
