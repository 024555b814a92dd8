package io.r2dbcrouting.testcluster;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import io.r2dbcrouting.testcluster.PostgresCluster.Mode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * How {@link PostgresCluster#chooseMode} picks a cluster.
 */
class PostgresClusterModeUnitTests {

    private static final String URL = "postgresql://routing:routing@127.0.0.1:5432/routing";

    private final AtomicInteger binaryLookups = new AtomicInteger();

    private final AtomicInteger dockerLookups = new AtomicInteger();

    @Test
    void externalWinsWhenPrimaryUrlIsSetAndAsksNothingElse() {
        Mode mode = PostgresCluster.chooseMode(Map.of("R2DBC_ROUTING_PRIMARY_URL", URL), binaries(true), docker(true));

        assertThat(mode).isEqualTo(Mode.EXTERNAL);
        assertThat(this.binaryLookups).hasValue(0);
        assertThat(this.dockerLookups).hasValue(0);
    }

    @Test
    void localWhenBinariesAreInstalledWithoutAskingDocker() {
        Mode mode = PostgresCluster.chooseMode(Map.of(), binaries(true), docker(true));

        assertThat(mode).isEqualTo(Mode.LOCAL);
        assertThat(this.dockerLookups).hasValue(0);
    }

    @Test
    void blankPrimaryUrlDoesNotCount() {
        assertThat(PostgresCluster.chooseMode(Map.of("R2DBC_ROUTING_PRIMARY_URL", " "), binaries(true), docker(false)))
                .isEqualTo(Mode.LOCAL);
    }

    @Test
    void testcontainersWhenOnlyDockerIsAvailable() {
        assertThat(PostgresCluster.chooseMode(Map.of(), binaries(false), docker(true))).isEqualTo(Mode.TESTCONTAINERS);
    }

    @Test
    void failsWithInstallHintsWhenNothingIsAvailable() {
        assertThatIllegalStateException()
                .isThrownBy(() -> PostgresCluster.chooseMode(Map.of(), binaries(false), docker(false)))
                .withMessage("No PostgreSQL cluster available for r2dbc-routing: install the PostgreSQL server "
                        + "binaries (e.g. 'apt-get install -y postgresql' or 'brew install postgresql@15') or set "
                        + "PG_BIN to their directory, or make Docker available to Testcontainers, or point "
                        + "R2DBC_ROUTING_PRIMARY_URL and R2DBC_ROUTING_REPLICA_URLS at a running cluster");
    }

    @Test
    void forcedModeWinsOverTheDefaultOrder() {
        Map<String, String> env = Map.of("R2DBC_ROUTING_PRIMARY_URL", URL, "R2DBC_ROUTING_CLUSTER", "Testcontainers");

        assertThat(PostgresCluster.chooseMode(env, binaries(true), docker(true))).isEqualTo(Mode.TESTCONTAINERS);
        assertThat(PostgresCluster.chooseMode(Map.of("R2DBC_ROUTING_CLUSTER", "local"), binaries(true), docker(true)))
                .isEqualTo(Mode.LOCAL);
        assertThat(PostgresCluster.chooseMode(Map.of("R2DBC_ROUTING_CLUSTER", "external ", "R2DBC_ROUTING_PRIMARY_URL",
                URL), binaries(true), docker(true))).isEqualTo(Mode.EXTERNAL);
        assertThat(PostgresCluster.chooseMode(Map.of("R2DBC_ROUTING_CLUSTER", "auto"), binaries(false), docker(true)))
                .isEqualTo(Mode.TESTCONTAINERS);
    }

    @Test
    void forcedLocalWithoutBinariesFails() {
        assertThatIllegalStateException()
                .isThrownBy(() -> PostgresCluster.chooseMode(Map.of("R2DBC_ROUTING_CLUSTER", "local"), binaries(false),
                        docker(true)))
                .withMessage("R2DBC_ROUTING_CLUSTER=local but no PostgreSQL server binaries were found: install them "
                        + "(e.g. 'apt-get install -y postgresql') or set PG_BIN");
    }

    @Test
    void forcedTestcontainersWithoutDockerFails() {
        assertThatIllegalStateException()
                .isThrownBy(() -> PostgresCluster.chooseMode(Map.of("R2DBC_ROUTING_CLUSTER", "testcontainers"),
                        binaries(true), docker(false)))
                .withMessage("R2DBC_ROUTING_CLUSTER=testcontainers but Testcontainers cannot use Docker "
                        + "(is org.testcontainers:testcontainers on the class path and Docker running?)");
    }

    @Test
    void forcedExternalWithoutUrlFails() {
        assertThatIllegalStateException()
                .isThrownBy(() -> PostgresCluster.chooseMode(Map.of("R2DBC_ROUTING_CLUSTER", "external"),
                        binaries(true), docker(true)))
                .withMessage("R2DBC_ROUTING_CLUSTER=external needs R2DBC_ROUTING_PRIMARY_URL "
                        + "(e.g. postgresql://routing:routing@127.0.0.1:25432/routing) and R2DBC_ROUTING_REPLICA_URLS");
    }

    @Test
    void unknownModeFails() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PostgresCluster.chooseMode(Map.of("R2DBC_ROUTING_CLUSTER", "docker"),
                        binaries(true), docker(true)))
                .withMessage(
                        "R2DBC_ROUTING_CLUSTER must be one of local, testcontainers, external, auto, was 'docker'");
    }

    private BooleanSupplier binaries(boolean found) {
        return () -> {
            this.binaryLookups.incrementAndGet();
            return found;
        };
    }

    private BooleanSupplier docker(boolean available) {
        return () -> {
            this.dockerLookups.incrementAndGet();
            return available;
        };
    }

}
