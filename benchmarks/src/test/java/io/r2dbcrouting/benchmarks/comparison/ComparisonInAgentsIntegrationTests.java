package io.r2dbcrouting.benchmarks.comparison;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.r2dbcrouting.testcluster.PostgresCluster;
import io.r2dbcrouting.testcluster.PostgresClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tiny comparison with {@code --isolation jvm} on the shared test cluster: two contenders in agent JVMs of their
 * own and one that cannot open, one round of a second per workload. Checks where each contender's statements went,
 * from the servers' counters the coordinator read, that the agents wrote disjoint ids, and that no agent outlives the
 * run. Nothing here is about speed.
 */
@ExtendWith(PostgresClusterExtension.class)
class ComparisonInAgentsIntegrationTests {

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void eachContenderRunsInAnAgentOfItsOwnAndItsStatementsGoWhereExpected(PostgresCluster cluster,
            @TempDir Path out) throws Exception {
        ComparisonMain.Settings settings = ComparisonMain.Settings.parse(new String[] {"--out", out.toString(),
                "--isolation", "jvm", "--contenders", "free-routing,router,pgpool",
                // nothing listens on port 1: pgpool-II's agent reports its contender unavailable
                "--pgpool-url", "r2dbc:postgresql://routing:routing@127.0.0.1:1/routing",
                "--rounds", "1", "--duration", "1", "--warmup", "0", "--concurrency", "4", "--pool-size", "2",
                "--rows", "100"});

        ComparisonMain.run(settings);

        RunInfo info = RunInfo.read(Files.readString(out.resolve(RunInfo.FILE_NAME), StandardCharsets.UTF_8));
        assertThat(info.get("settings.isolation")).isEqualTo("jvm");
        assertThat(info.contenders()).containsExactly("free-routing", "router");
        assertThat(info.get("unavailable", "")).startsWith("pgpool (IllegalStateException: Cannot open 6 connections "
                + "for pgpool");
        assertThat(info.get("warmup.free-routing.seconds")).isNotNull();
        assertThat(info.get("warmup.router.seconds")).isNotNull();

        List<Long> pids = new ArrayList<>();
        for (String contender : List.of("free-routing", "router")) {
            pids.add(Long.parseLong(info.get("agent." + contender + ".pid", "-1")));
        }
        assertThat(pids).doesNotHaveDuplicates().doesNotContain(ProcessHandle.current().pid(), -1L);
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("agent pid %d", pid).isEmpty();
        }
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map(process -> process.info().commandLine().orElse(""))
                .filter(command -> command.contains(ContenderAgent.class.getName())))
                .as("agents still running").isEmpty();

        List<RunResult> results = ResultsCsv.read(Files.readString(out.resolve(ComparisonReport.CSV),
                StandardCharsets.UTF_8));
        assertThat(results).hasSize(6).allSatisfy(result -> {
            assertThat(result.wasRun()).isTrue();
            assertThat(result.operations()).isPositive();
            assertThat(result.errors()).isZero();
            assertThat(result.cpuMicros()).as("measured in the agent").isPositive();
        });
        for (String contender : List.of("free-routing", "router")) {
            // primary, replica 1, replica 2
            assertThat(statements(results, Workload.POINT_READ, contender)).as("%s point reads", contender)
                    .satisfies(counts -> {
                        assertThat(counts.get(0)).isZero();
                        assertThat(counts.subList(1, 3)).allSatisfy(count -> assertThat(count).isPositive());
                    });
            assertThat(statements(results, Workload.MIX, contender)).as("%s mix", contender)
                    .allSatisfy(count -> assertThat(count).isPositive());
            assertThat(statements(results, Workload.READ_YOUR_WRITES, contender)).as("%s read-your-writes", contender)
                    .satisfies(counts -> {
                        assertThat(counts.get(0)).isPositive();
                        assertThat(counts.subList(1, 3)).allSatisfy(count -> assertThat(count).isZero());
                    });
        }

        // free routing is contender 1 of ContenderLineup.ALL, the router 2: each inserted only ids of its own range
        long range = AgentLineup.WRITE_ID_RANGE;
        try (Connection primary = cluster.jdbcConnection(cluster.primary());
                Statement statement = primary.createStatement();
                ResultSet counts = statement.executeQuery("SELECT count(*) FILTER (WHERE id <= " + range + "), "
                        + "count(*) FILTER (WHERE id > " + range + " AND id <= " + 2 * range + "), "
                        + "count(*) FILTER (WHERE id > " + 2 * range + " AND id <= " + 3 * range + "), "
                        + "count(*) FILTER (WHERE id > " + 3 * range + ") FROM bench_writes")) {
            counts.next();
            assertThat(counts.getLong(1)).isZero();
            assertThat(counts.getLong(2)).isPositive();
            assertThat(counts.getLong(3)).isPositive();
            assertThat(counts.getLong(4)).isZero();
        }
        assertThat(out.resolve(ComparisonReport.MARKDOWN)).content(StandardCharsets.UTF_8)
                .contains("isolation `jvm`: each contender in a JVM of its own");
    }

    private static List<Long> statements(List<RunResult> results, Workload workload, String contender) {
        Optional<RunResult> result = results.stream()
                .filter(run -> run.workload() == workload && run.contender().equals(contender)).findFirst();
        assertThat(result).as("%s on %s", contender, workload.id()).isPresent();
        return new ArrayList<>(result.get().statements().values());
    }

}
