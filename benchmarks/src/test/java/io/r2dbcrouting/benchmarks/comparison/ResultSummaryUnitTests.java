package io.r2dbcrouting.benchmarks.comparison;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static io.r2dbcrouting.benchmarks.comparison.ComparisonTestData.notRun;
import static io.r2dbcrouting.benchmarks.comparison.ComparisonTestData.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ResultSummaryUnitTests {

    @Test
    void ratiosAreTakenRoundByRoundBeforeTheyAreAveraged() {
        // the machine doubles its speed in round 2: both contenders do, and the per-round ratio stays 0.9
        ResultSummary summary = new ResultSummary(List.of(
                result(1, Workload.POINT_READ, "free-routing", 1000, 2),
                result(1, Workload.POINT_READ, "router", 900, 2.2),
                result(2, Workload.POINT_READ, "free-routing", 2000, 1),
                result(2, Workload.POINT_READ, "router", 1800, 1.1)));
        Spread ratio = summary.throughputRatio(Workload.POINT_READ, "router", "free-routing");
        assertThat(ratio.mean()).isCloseTo(0.9, within(1e-12));
        assertThat(ratio.min()).isCloseTo(0.9, within(1e-12));
        assertThat(ratio.max()).isCloseTo(0.9, within(1e-12));
        // the ratio of the means would be 1350 / 1500 = 0.9 too, but the p99 shows the difference: 1.1 each round
        assertThat(summary.p99Ratio(Workload.POINT_READ, "router", "free-routing").mean()).isCloseTo(1.1,
                within(1e-12));
    }

    @Test
    void aRatioSkipsRoundsWhereOneSideDidNotRun() {
        ResultSummary summary = new ResultSummary(List.of(
                result(1, Workload.MIX, "router", 900, 2),
                result(2, Workload.MIX, "router", 800, 2),
                result(2, Workload.MIX, "pgpool", 200, 8)));
        Spread ratio = summary.throughputRatio(Workload.MIX, "router", "pgpool");
        assertThat(ratio.count()).isEqualTo(1);
        assertThat(ratio.mean()).isEqualTo(4.0);
        assertThat(summary.throughputRatio(Workload.POINT_READ, "router", "pgpool").isEmpty()).isTrue();
    }

    @Test
    void rowsSumOverRoundsAndKeepTheReportOrder() {
        ResultSummary summary = new ResultSummary(List.of(
                notRun(Workload.READ_YOUR_WRITES, "multi-host", "every INSERT would fail"),
                result(1, Workload.MIX, "router", WorkloadSupport.Kind.CORRECT, "", 1000, 4, 1,
                        Map.of("timeout", 1L)),
                result(1, Workload.MIX, "direct", 1200, 3),
                result(2, Workload.MIX, "router", WorkloadSupport.Kind.CORRECT, "", 1100, 6, 2,
                        Map.of("timeout", 2L))));
        assertThat(summary.contenders()).containsExactly("direct", "router", "multi-host");
        assertThat(summary.workloads()).containsExactly(Workload.MIX, Workload.READ_YOUR_WRITES);
        ResultSummary.Row router = summary.row(Workload.MIX, "router").orElseThrow();
        assertThat(router.rounds()).isEqualTo(2);
        assertThat(router.throughput().mean()).isEqualTo(1050.0);
        assertThat(router.p99().mean()).isEqualTo(5.0);
        assertThat(router.max()).isEqualTo(18.0);
        assertThat(router.errors()).isEqualTo(3);
        assertThat(router.errorKinds()).containsExactly(Map.entry("timeout", 3L));
        assertThat(router.statements()).containsExactly(Map.entry("primary", 20L), Map.entry("replica-1", 90L),
                Map.entry("replica-2", 90L));
        assertThat(router.statementShares().get("primary")).isCloseTo(0.1, within(1e-12));
        assertThat(router.errorRate()).isCloseTo(3.0 / (5000 + 5500 + 3), within(1e-12));
        ResultSummary.Row multiHost = summary.row(Workload.READ_YOUR_WRITES, "multi-host").orElseThrow();
        assertThat(multiHost.wasRun()).isFalse();
        assertThat(multiHost.note()).isEqualTo("every INSERT would fail");
        assertThat(summary.rounds()).isEqualTo(2);
    }

    @Test
    void targetsCompareTheMeanAndSayWhetherEveryRoundMetThem() {
        ResultSummary summary = new ResultSummary(List.of(
                result(1, Workload.POINT_READ, "free-routing", 1000, 2),
                result(1, Workload.POINT_READ, "router", 990, 2),
                result(1, Workload.POINT_READ, "pgpool", 300, 10),
                result(2, Workload.POINT_READ, "free-routing", 1000, 2),
                result(2, Workload.POINT_READ, "router", 960, 2),
                result(2, Workload.POINT_READ, "pgpool", 300, 10)));
        List<ComparisonReport.TargetResult> targets = ComparisonReport.targets(summary);
        assertThat(targets).filteredOn(t -> t.description().equals("router throughput ≥ 0.97 × free routing (point reads)"))
                .singleElement().satisfies(t -> assertThat(t.verdict()).isEqualTo("✓ met on average, not in every round"));
        assertThat(targets).filteredOn(t -> t.description().equals("router throughput ≥ 4 × pgpool-II (point reads)"))
                .singleElement().satisfies(t -> assertThat(t.verdict()).isEqualTo("✗ missed"));
        assertThat(targets).filteredOn(t -> t.description().equals("router p99 ≤ 0.4 × pgpool-II's (point reads)"))
                .singleElement().satisfies(t -> assertThat(t.verdict()).isEqualTo("✓ met"));
        assertThat(targets).filteredOn(t -> t.description().equals("router: zero errors on the mix"))
                .singleElement().satisfies(t -> assertThat(t.verdict()).isEqualTo("not measured"));
    }

}
