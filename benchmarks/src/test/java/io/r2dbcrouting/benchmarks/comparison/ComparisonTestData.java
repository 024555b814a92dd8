package io.r2dbcrouting.benchmarks.comparison;

import java.util.LinkedHashMap;
import java.util.Map;

/** Hand-made results for the report tests. */
final class ComparisonTestData {

    private ComparisonTestData() {
    }

    static RunResult result(int round, Workload workload, String contender, double throughput, double p99) {
        return result(round, workload, contender, WorkloadSupport.Kind.CORRECT, "", throughput, p99, 0, Map.of());
    }

    static RunResult result(int round, Workload workload, String contender, WorkloadSupport.Kind support, String note,
            double throughput, double p99, long errors, Map<String, Long> errorKinds) {
        Map<String, Long> statements = new LinkedHashMap<>();
        statements.put("primary", 10L);
        statements.put("replica-1", 45L);
        statements.put("replica-2", 45L);
        return new RunResult(round, workload, contender, contender + " title", support, note, 5.0,
                Math.round(throughput * 5), errors, throughput, p99 / 4, p99 / 2, p99, p99 * 3, 1e6 / throughput, statements,
                errorKinds);
    }

    static RunResult notRun(Workload workload, String contender, String note) {
        return new RunResult(0, workload, contender, contender + " title", WorkloadSupport.Kind.NOT_RUN, note, 0, 0, 0,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Map.of(), Map.of());
    }

}
