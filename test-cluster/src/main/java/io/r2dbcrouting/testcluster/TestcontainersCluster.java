package io.r2dbcrouting.testcluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * The Testcontainers variant of the cluster: the official {@code postgres:15} image, one {@link Network}, a primary
 * configured by {@code -c} arguments plus an init script that adds the replication role, and two replicas whose
 * entrypoint clones the primary with {@code pg_basebackup -R} (one slot each) and then runs {@code postgres}.
 * <p>
 * Only loaded when the Testcontainers jar is on the class path; everything that describes the containers is a
 * pure function so it can be checked without Docker.
 */
final class TestcontainersCluster implements AutoCloseable {

    static final DockerImageName IMAGE = DockerImageName.parse("postgres:15");

    static final int PORT = 5432;

    static final String PRIMARY_ALIAS = "primary";

    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);

    /**
     * Server settings for every node. Replicas need them on their own command line too: {@code pg_basebackup}
     * copies {@code postgresql.conf}, not the primary's arguments, and a hot standby refuses to start with a lower
     * {@code max_connections} than its primary.
     */
    static final List<String> SERVER_SETTINGS = List.of("listen_addresses=*", "max_connections=300",
            "shared_buffers=64MB", "wal_level=replica", "max_wal_senders=10", "max_replication_slots=10",
            "hot_standby=on", "hot_standby_feedback=on", "wal_receiver_status_interval=1s", "fsync=off",
            "synchronous_commit=on", "full_page_writes=off", "shared_preload_libraries=pg_stat_statements");

    private final Network network;

    private final GenericContainer<?> primary;

    private final List<GenericContainer<?>> replicas;

    private TestcontainersCluster(Network network, GenericContainer<?> primary, List<GenericContainer<?>> replicas) {
        this.network = network;
        this.primary = primary;
        this.replicas = List.copyOf(replicas);
    }

    /** Whether Testcontainers can reach a Docker engine. */
    static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    /**
     * Starts the primary, then the replicas, and waits until each accepts connections.
     *
     * @param replicaCount how many replicas
     * @throws RuntimeException from Testcontainers if a container does not start; started ones are stopped
     */
    static TestcontainersCluster start(int replicaCount) {
        Network network = Network.newNetwork();
        List<GenericContainer<?>> started = new ArrayList<>();
        try {
            GenericContainer<?> primary = new GenericContainer<>(IMAGE).withNetwork(network)
                    .withNetworkAliases(PRIMARY_ALIAS)
                    .withExposedPorts(PORT)
                    .withEnv(primaryEnvironment())
                    .withCommand(primaryCommand().toArray(String[]::new))
                    .withCopyToContainer(Transferable.of(primaryInitScript().getBytes(StandardCharsets.UTF_8), 0755),
                            "/docker-entrypoint-initdb.d/10-replication.sh")
                    // the entrypoint's temporary server logs this once, the real one a second time
                    .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*\\s", 2)
                            .withStartupTimeout(STARTUP_TIMEOUT));
            started.add(primary);
            primary.start();
            List<GenericContainer<?>> replicas = new ArrayList<>();
            for (int index = 1; index <= replicaCount; index++) {
                List<String> entrypoint = replicaEntrypoint(index);
                GenericContainer<?> replica = new GenericContainer<>(IMAGE).withNetwork(network)
                        .withNetworkAliases(replicaName(index))
                        .withExposedPorts(PORT)
                        // a new entrypoint also drops the image's CMD
                        .withCreateContainerCmdModifier(cmd -> cmd.withUser("postgres").withEntrypoint(entrypoint))
                        .waitingFor(Wait.forLogMessage(".*ready to accept read-only connections.*\\s", 1)
                                .withStartupTimeout(STARTUP_TIMEOUT));
                started.add(replica);
                replica.start();
                replicas.add(replica);
            }
            return new TestcontainersCluster(network, primary, replicas);
        }
        catch (RuntimeException ex) {
            for (GenericContainer<?> container : started) {
                try {
                    container.stop();
                }
                catch (RuntimeException stopFailure) {
                    ex.addSuppressed(stopFailure);
                }
            }
            network.close();
            throw ex;
        }
    }

    static String replicaName(int index) {
        return "replica" + index;
    }

    static Map<String, String> primaryEnvironment() {
        return Map.of("POSTGRES_USER", PostgresCluster.DEFAULT_USER, "POSTGRES_PASSWORD",
                PostgresCluster.DEFAULT_PASSWORD, "POSTGRES_DB", PostgresCluster.DEFAULT_DATABASE,
                "POSTGRES_HOST_AUTH_METHOD", "scram-sha-256");
    }

    /** {@code postgres -c ...}: the image's entrypoint runs it as the postgres user after initializing. */
    static List<String> primaryCommand() {
        List<String> command = new ArrayList<>();
        command.add("postgres");
        for (String setting : SERVER_SETTINGS) {
            command.add("-c");
            command.add(setting);
        }
        return command;
    }

    /**
     * Runs once, on the entrypoint's temporary server (started with the same {@code -c} arguments, so the
     * extension's library is loaded). The {@code pg_hba.conf} line applies from the real start on.
     */
    static String primaryInitScript() {
        return String.join("\n", "#!/bin/bash", "set -euo pipefail",
                "echo 'host replication " + PostgresCluster.REPLICATION_USER
                        + " all scram-sha-256' >> \"$PGDATA/pg_hba.conf\"",
                "psql -v ON_ERROR_STOP=1 --username \"$POSTGRES_USER\" --dbname \"$POSTGRES_DB\" <<'SQL'",
                "CREATE ROLE " + PostgresCluster.REPLICATION_USER + " LOGIN REPLICATION PASSWORD '"
                        + PostgresCluster.REPLICATION_PASSWORD + "';",
                "CREATE EXTENSION IF NOT EXISTS pg_stat_statements;", "SQL", "");
    }

    /** {@code bash -c <script>}, run as the postgres user (the container is created with that user). */
    static List<String> replicaEntrypoint(int index) {
        return List.of("bash", "-c", replicaScript(index));
    }

    /** Waits for the primary, clones it once into {@code $PGDATA}, then runs the standby in the foreground. */
    static String replicaScript(int index) {
        String name = replicaName(index);
        String conninfo = "host=" + PRIMARY_ALIAS + " port=" + PORT + " user=" + PostgresCluster.REPLICATION_USER
                + " password=" + PostgresCluster.REPLICATION_PASSWORD + " application_name=" + name;
        StringBuilder script = new StringBuilder();
        script.append("set -euo pipefail\n");
        script.append("until pg_isready -q -h ").append(PRIMARY_ALIAS).append(" -p ").append(PORT)
                .append("; do sleep 1; done\n");
        script.append("if [ ! -s \"$PGDATA/PG_VERSION\" ]; then\n");
        script.append("  PGPASSWORD=").append(PostgresCluster.REPLICATION_PASSWORD)
                .append(" pg_basebackup -h ").append(PRIMARY_ALIAS).append(" -p ").append(PORT)
                .append(" -U ").append(PostgresCluster.REPLICATION_USER)
                .append(" -D \"$PGDATA\" -R -X stream -C -S ").append(name).append(" -c fast\n");
        script.append("  chmod 0700 \"$PGDATA\"\n");
        script.append("fi\n");
        script.append("exec postgres");
        for (String setting : SERVER_SETTINGS) {
            script.append(" -c ").append(setting);
        }
        script.append(" -c 'primary_conninfo=").append(conninfo).append("'");
        script.append(" -c primary_slot_name=").append(name).append('\n');
        return script.toString();
    }

    String host() {
        return this.primary.getHost();
    }

    int primaryPort() {
        return this.primary.getMappedPort(PORT);
    }

    String replicaHost(int index) {
        return this.replicas.get(index - 1).getHost();
    }

    int replicaPort(int index) {
        return this.replicas.get(index - 1).getMappedPort(PORT);
    }

    int replicaCount() {
        return this.replicas.size();
    }

    /** Stops the replicas, the primary, then removes the network; failures are merged. */
    @Override
    public void close() {
        RuntimeException failure = null;
        List<GenericContainer<?>> all = new ArrayList<>(this.replicas);
        all.add(this.primary);
        for (GenericContainer<?> container : all) {
            try {
                container.stop();
            }
            catch (RuntimeException ex) {
                if (failure == null) {
                    failure = ex;
                }
                else {
                    failure.addSuppressed(ex);
                }
            }
        }
        this.network.close();
        if (failure != null) {
            throw failure;
        }
    }

}
