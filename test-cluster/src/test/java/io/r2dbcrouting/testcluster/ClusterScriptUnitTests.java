package io.r2dbcrouting.testcluster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bundled script and the commands of it that need no server.
 */
class ClusterScriptUnitTests {

    @Test
    void bundledScriptIsTheOneInTheRepository() throws IOException {
        try (InputStream in = ClusterScript.class.getResourceAsStream("pg-cluster.sh")) {
            assertThat(in).isNotNull();
            assertThat(new String(in.readAllBytes())).isEqualTo(Files.readString(Path.of("../scripts/pg-cluster.sh")));
        }
    }

    @Test
    void envDescribesTheEndpointsForTheBasePort() {
        try (ClusterScript script = ClusterScript.create(Map.of("PGR_BASE_PORT", "27432", "PGR_DATA_DIR",
                "/tmp/r2dbc-routing-unit-test", "PGR_IGNORED", "x"), Path.of("/nonexistent/bin"))) {
            Map<String, String> values = script.run("env").orThrow().keyValues();

            assertThat(values).containsEntry("PGR_HOST", "127.0.0.1")
                    .containsEntry("PGR_PRIMARY_PORT", "27432")
                    .containsEntry("PGR_REPLICA1_PORT", "27433")
                    .containsEntry("PGR_REPLICA2_PORT", "27434")
                    .containsEntry("PGR_DATABASE", "routing")
                    .containsEntry("PGR_USER", "routing")
                    .containsEntry("PGR_PASSWORD", "routing")
                    .containsEntry("PGR_DATA_DIR", "/tmp/r2dbc-routing-unit-test")
                    .containsEntry("PGR_PRIMARY_R2DBC_URL",
                            "r2dbc:postgresql://routing:routing@127.0.0.1:27432/routing")
                    .containsEntry("PGR_REPLICA2_JDBC_URL", "jdbc:postgresql://127.0.0.1:27434/routing")
                    .containsEntry("PGR_REPLICA_URLS", "postgresql://routing:routing@127.0.0.1:27433/routing,"
                            + "postgresql://routing:routing@127.0.0.1:27434/routing");
        }
    }

    @Test
    void portsInTheEphemeralRangeAreRefused() {
        try (ClusterScript script = ClusterScript.create(Map.of("PGR_BASE_PORT", "32766"), Path.of("/nonexistent"))) {
            ClusterScript.Result result = script.run("status");

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.output()).isEqualTo("pg-cluster: ERROR: PGR_BASE_PORT must be between 1024 and 32765 "
                    + "(replicas use +1 and +2, all below 32768), was 32766\n");
        }
    }

    @Test
    void keyValuesSkipOtherLines() {
        ClusterScript.Result result = new ClusterScript.Result("env", 0,
                "pg-cluster: note=ignored\nPGR_A=1\n# C=3\nPGR_DATA_DIR=/tmp/with space\n\n");

        assertThat(result.keyValues()).containsExactly(Map.entry("PGR_A", "1"),
                Map.entry("PGR_DATA_DIR", "/tmp/with space"));
    }

}
