package io.r2dbcrouting.benchmarks.comparison;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static io.r2dbcrouting.benchmarks.comparison.ComparisonTestData.notRun;
import static io.r2dbcrouting.benchmarks.comparison.ComparisonTestData.result;
import static org.assertj.core.api.Assertions.assertThat;

class ComparisonReportUnitTests {

    private static final ResultSummary SUMMARY = new ResultSummary(List.of(
            result(1, Workload.MIX, "free-routing", 1000, 2),
            result(1, Workload.MIX, "router", 980, 2),
            result(1, Workload.MIX, "direct", 1100, 1.5),
            result(1, Workload.MIX, "multi-host", WorkloadSupport.Kind.WRONG_ROUTE, "UPDATE on a standby", 1200, 1,
                    120, Map.of("SQLSTATE 25006: cannot execute UPDATE in a read-only transaction", 120L)),
            notRun(Workload.READ_YOUR_WRITES, "multi-host", "every INSERT would fail"),
            result(1, Workload.READ_YOUR_WRITES, "router", 500, 4)));

    private static RunInfo info() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("date", "2026-11-22 10:00 UTC");
        values.put("machine.note", "busy machine");
        values.put("settings.concurrency", "32");
        values.put("contender.router.title", "RoutingConnectionFactory");
        values.put("contender.router.setup", "the router over three pools");
        return new RunInfo(values);
    }

    @Test
    void rendersOneTablePerWorkloadWithRatiosAndShares() {
        String markdown = ComparisonReport.render(SUMMARY, info(), null);
        assertThat(markdown).startsWith("# Read/write splitters compared: 2026-11-22 10:00 UTC\n\n> **busy machine**");
        assertThat(markdown).contains("## 90/10 mix: 90% point reads; 10% transactions: read, UPDATE, read");
        assertThat(markdown).contains("| router title | 980 | 0.98 | 0.89 | 0.50 | 1.00 | 2.00 | 6.00 | 1.00 | 1020.4 | 0 | "
                + "10% / 45% / 45% |  |");
        assertThat(markdown).contains("| 120 (2.0%) |");
        assertThat(markdown).contains("⚠ routes wrongly: UPDATE on a standby");
        assertThat(markdown).contains("| multi-host title | not run | – | – | – | – | – | – | – | – | – | – | "
                + "not run: every INSERT would fail |");
        assertThat(markdown).contains("| 90/10 mix | multi-host title | 120 | SQLSTATE 25006: cannot execute UPDATE in a "
                + "read-only transaction |");
        assertThat(markdown).contains("- **RoutingConnectionFactory** (`router`): the router over three pools")
                .doesNotContain("## JMH microbenchmarks");
    }

    @Test
    void theHeadlineDividesTheRouterByEveryOtherContender() {
        String markdown = ComparisonReport.render(SUMMARY, info(), null);
        assertThat(markdown).contains("| Workload | ÷ direct pool | ÷ free routing | ÷ multi-host | p99 ÷ free routing | "
                + "p99 ÷ pgpool-II | router errors |");
        assertThat(markdown).contains("| 90/10 mix | 0.89 | 0.98 | 0.82 | 1.00 | – | 0 |");
    }

    @Test
    void describesTheWarmUpAsTheRunRecordedIt() {
        Map<String, String> quiet = new LinkedHashMap<>(Map.of("warmup.seconds", "22.5", "warmup.quiet", "true"));
        assertThat(ComparisonReport.warmupDescription(new RunInfo(quiet))).isEqualTo("an unmeasured warm-up of 22.5 s "
                + "with every contender and workload mixed, until the JIT compilers were quiet for 5 s");
        Map<String, String> busy = new LinkedHashMap<>(Map.of("warmup.seconds", "30", "warmup.quiet", "false"));
        assertThat(ComparisonReport.warmupDescription(new RunInfo(busy))).endsWith("stopped at its maximum with the JIT "
                + "compilers still busy");
        assertThat(ComparisonReport.render(SUMMARY, info(), null)).contains("after an unmeasured pass over every "
                + "contender and workload for three warm-ups each;");
    }

    @Test
    void saysWhereTheContendersRan() {
        assertThat(ComparisonReport.render(SUMMARY, info(), null)).contains("random ids; isolation `shared`: every "
                + "contender in one JVM, over shared pools\n");
        Map<String, String> values = new LinkedHashMap<>(info().values());
        values.put("settings.isolation", "jvm");
        assertThat(ComparisonReport.render(SUMMARY, new RunInfo(values), null)).contains("random ids; isolation `jvm`: "
                + "each contender in a JVM of its own (an agent process with the coordinator's JVM options and pools "
                + "of its own), one under load at a time\n").contains("the CPU time of the contender's own JVM (its "
                + "agent process: load generator,");
    }

    @Test
    void describesEachAgentsWarmUp() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("settings.isolation", "jvm");
        values.put("contender.free-routing.title", "free routing");
        values.put("contender.router.title", "RoutingConnectionFactory");
        values.put("warmup.seconds", "30.9");
        values.put("warmup.quiet", "false");
        values.put("warmup.free-routing.seconds", "21.4");
        values.put("warmup.free-routing.quiet", "true");
        values.put("warmup.router.seconds", "30.9");
        values.put("warmup.router.quiet", "false");
        assertThat(ComparisonReport.warmupDescription(new RunInfo(values))).isEqualTo("an unmeasured warm-up in every "
                + "contender's JVM at the same time, each with its own workloads mixed, until its JIT compilers were "
                + "quiet for 5 s: free-routing 21.4 s, router 30.9 s (stopped at its maximum with the JIT compilers "
                + "still busy)");
        values.put("warmup.concurrency_per_agent", "16");
        assertThat(ComparisonReport.warmupDescription(new RunInfo(values))).contains("each with its own workloads "
                + "mixed (16 operations in flight in each), until");
    }

    @Test
    void includesTheJmhSummaryUnderItsOwnHeading() {
        String markdown = ComparisonReport.render(SUMMARY, info(), "# JMH results: jmh.json\n\n- JMH 1.37\n\n## Notes\n");
        assertThat(markdown).contains("## JMH microbenchmarks\n\nSource: JMH results: jmh.json\n\n- JMH 1.37\n\n### Notes\n");
    }

    @Test
    void formatsMillisecondsWithFewDigits() {
        assertThat(ComparisonReport.millis(0.1234)).isEqualTo("0.12");
        assertThat(ComparisonReport.millis(12.345)).isEqualTo("12.3");
        assertThat(ComparisonReport.millis(123.45)).isEqualTo("123");
        assertThat(ComparisonReport.millis(Double.NaN)).isEqualTo("–");
    }

}
