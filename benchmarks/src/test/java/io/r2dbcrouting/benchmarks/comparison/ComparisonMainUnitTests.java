package io.r2dbcrouting.benchmarks.comparison;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ComparisonMainUnitTests {

    @Test
    void defaultsAreThreeRoundsOfFiveSecondsAt32InFlight() {
        ComparisonMain.Settings settings = ComparisonMain.Settings.parse(new String[] {"--out", "results"});
        assertThat(settings.out()).isEqualTo(Path.of("results"));
        assertThat(settings.duration()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.warmup()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.rounds()).isEqualTo(3);
        assertThat(settings.concurrency()).isEqualTo(32);
        assertThat(settings.poolSize()).isEqualTo(8);
        assertThat(settings.rows()).isEqualTo(10000);
        assertThat(settings.contenders()).isEqualTo(ContenderLineup.ALL);
        assertThat(settings.workloads()).containsExactly(Workload.POINT_READ, Workload.MIX, Workload.READ_YOUR_WRITES);
        assertThat(settings.isolation()).isEqualTo(Isolation.SHARED);
    }

    @Test
    void parsesEveryOption() {
        ComparisonMain.Settings settings = ComparisonMain.Settings.parse(new String[] {"--out", "o", "--duration",
                "2.5", "--warmup", "0", "--rounds", "2", "--concurrency", "8", "--pool-size", "4", "--rows", "100",
                "--contenders", "router, free-routing", "--workloads", "mix-90-10", "--pgpool-url",
                "r2dbc:postgresql://u:p@127.0.0.1:1/d", "--machine-note", "busy", "--isolation", "jvm"});
        assertThat(settings.duration()).isEqualTo(Duration.ofMillis(2500));
        assertThat(settings.warmup()).isZero();
        assertThat(settings.contenders()).containsExactly("router", "free-routing");
        assertThat(settings.workloads()).containsExactly(Workload.MIX);
        assertThat(settings.pgpoolUrl()).isEqualTo("r2dbc:postgresql://u:p@127.0.0.1:1/d");
        assertThat(settings.machineNote()).isEqualTo("busy");
        assertThat(settings.isolation()).isEqualTo(Isolation.JVM);
        assertThat(ComparisonMain.Settings.parse(new String[] {"--out", "o", "--isolation", "shared"}).isolation())
                .isEqualTo(Isolation.SHARED);
    }

    @Test
    void badOptionsNameTheOptionAndValue() {
        assertThatIllegalArgumentException().isThrownBy(() -> ComparisonMain.Settings.parse(new String[] {}))
                .withMessage("--out DIR is required");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ComparisonMain.Settings.parse(new String[] {"--out", "o", "--rounds", "0"}))
                .withMessage("--rounds must be a positive whole number, was '0'");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ComparisonMain.Settings.parse(new String[] {"--out", "o", "--duration", "0"}))
                .withMessage("--duration must be more than 0 to 3600 seconds, was '0'");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ComparisonMain.Settings.parse(new String[] {"--out", "o", "--contenders", "hikari"}))
                .withMessageStartingWith("--contenders: unknown contender 'hikari'; expected some of [direct,");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ComparisonMain.Settings.parse(new String[] {"--out", "o", "--workloads", "scan"}))
                .withMessage("unknown workload 'scan'; expected one of point-read, mix-90-10, read-your-writes");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ComparisonMain.Settings.parse(new String[] {"--out", "o", "--speed", "1"}))
                .withMessage("unknown option --speed");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ComparisonMain.Settings.parse(new String[] {"--out", "o", "--isolation", "process"}))
                .withMessage("--isolation must be shared or jvm, was 'process'");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ComparisonMain.Settings.parse(new String[] {"--out"}))
                .withMessage("expected --option value pairs, got '--out' without a value");
    }

    @Test
    void bothModesRunTheSameWarmUpAndRunPlans() {
        ComparisonMain.Settings settings = ComparisonMain.Settings.parse(new String[] {"--out", "o", "--warmup", "2",
                "--duration", "4", "--concurrency", "16"});
        assertThat(ComparisonMain.mixedWarmupPlan(settings)).isEqualTo(new LoadPlan(16, Duration.ofSeconds(30),
                Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(5)));
        assertThat(ComparisonMain.runPlan(settings)).isEqualTo(new LoadPlan(16, Duration.ofSeconds(2),
                Duration.ofSeconds(4), Duration.ofSeconds(30), Duration.ofSeconds(12), Duration.ofSeconds(1)));
    }

    @Test
    void theAgentsWarmUpTogetherWithOneRunsOperationsInFlight() {
        ComparisonMain.Settings settings = ComparisonMain.Settings.parse(new String[] {"--out", "o"});
        LoadPlan mixed = ComparisonMain.mixedWarmupPlan(settings);
        assertThat(ComparisonMain.agentsWarmupPlan(settings, 7)).isEqualTo(new LoadPlan(5, mixed.warmup(),
                mixed.duration(), mixed.grace(), mixed.longestWarmup(), mixed.quietStretch()));
        assertThat(ComparisonMain.agentsWarmupPlan(settings, 2).concurrency()).isEqualTo(16);
        assertThat(ComparisonMain.agentsWarmupPlan(settings, 1).concurrency()).isEqualTo(32);
        assertThat(ComparisonMain.agentsWarmupPlan(settings, 64).concurrency()).isEqualTo(1);
    }

    @Test
    void rotatesTheOrderEveryRound() {
        assertThat(ComparisonMain.rotate(List.of("a", "b", "c"), 0)).containsExactly("a", "b", "c");
        assertThat(ComparisonMain.rotate(List.of("a", "b", "c"), 1)).containsExactly("b", "c", "a");
        assertThat(ComparisonMain.rotate(List.of("a", "b", "c"), 5)).containsExactly("c", "a", "b");
    }

    @Test
    void thePgpoolUrlTurnsTheStatementCacheOff() {
        assertThat(ContenderLineup.withoutStatementCache("r2dbc:postgresql://u:p@h:1/d"))
                .isEqualTo("r2dbc:postgresql://u:p@h:1/d?preparedStatementCacheQueries=0");
        assertThat(ContenderLineup.withoutStatementCache("r2dbc:postgresql://u:p@h:1/d?sslMode=disable"))
                .isEqualTo("r2dbc:postgresql://u:p@h:1/d?sslMode=disable&preparedStatementCacheQueries=0");
        assertThat(ContenderLineup.withoutStatementCache("r2dbc:postgresql://h/d?preparedStatementCacheQueries=5"))
                .isEqualTo("r2dbc:postgresql://h/d?preparedStatementCacheQueries=5");
    }

}
