package io.r2dbcrouting.testcluster;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the Testcontainers cluster would ask Docker for; no container is started (CI has no Docker).
 */
class TestcontainersClusterUnitTests {

    @Test
    void officialImage() {
        assertThat(TestcontainersCluster.IMAGE.asCanonicalNameString()).isEqualTo("postgres:15");
    }

    @Test
    void primaryIsConfiguredForStreamingReplication() {
        assertThat(TestcontainersCluster.primaryCommand()).startsWith("postgres", "-c")
                .containsSubsequence("-c", "wal_level=replica")
                .containsSubsequence("-c", "max_wal_senders=10")
                .containsSubsequence("-c", "max_replication_slots=10")
                .containsSubsequence("-c", "hot_standby_feedback=on")
                .containsSubsequence("-c", "max_connections=300")
                .containsSubsequence("-c", "shared_preload_libraries=pg_stat_statements")
                .containsSubsequence("-c", "listen_addresses=*");
        assertThat(TestcontainersCluster.primaryEnvironment()).containsEntry("POSTGRES_USER", "routing")
                .containsEntry("POSTGRES_PASSWORD", "routing")
                .containsEntry("POSTGRES_DB", "routing")
                .containsEntry("POSTGRES_HOST_AUTH_METHOD", "scram-sha-256");
    }

    @Test
    void initScriptAddsReplicationRoleAndHbaLine() {
        assertThat(TestcontainersCluster.primaryInitScript()).startsWith("#!/bin/bash\n")
                .contains("echo 'host replication replicator all scram-sha-256' >> \"$PGDATA/pg_hba.conf\"")
                .contains("CREATE ROLE replicator LOGIN REPLICATION PASSWORD 'replicator';")
                .contains("CREATE EXTENSION IF NOT EXISTS pg_stat_statements;");
    }

    @Test
    void replicaClonesThePrimaryThroughItsOwnSlot() {
        assertThat(TestcontainersCluster.replicaEntrypoint(2)).hasSize(3).startsWith("bash", "-c");
        String script = TestcontainersCluster.replicaScript(2);

        assertThat(script).contains("until pg_isready -q -h primary -p 5432; do sleep 1; done")
                .contains("PGPASSWORD=replicator pg_basebackup -h primary -p 5432 -U replicator -D \"$PGDATA\" -R "
                        + "-X stream -C -S replica2 -c fast")
                .contains(" -c primary_slot_name=replica2")
                .contains(" -c 'primary_conninfo=host=primary port=5432 user=replicator password=replicator "
                        + "application_name=replica2'")
                .endsWith("\n");
        assertThat(script.lines().filter(line -> line.startsWith("exec postgres"))).hasSize(1);
    }

    @Test
    void replicaRepeatsThePrimarySettings() {
        // a hot standby refuses to start with a lower max_connections than its primary
        String exec = TestcontainersCluster.replicaScript(1).lines().filter(line -> line.startsWith("exec postgres"))
                .findFirst().orElseThrow();
        for (String setting : TestcontainersCluster.SERVER_SETTINGS) {
            assertThat(exec).contains(" -c " + setting);
        }
    }

}
