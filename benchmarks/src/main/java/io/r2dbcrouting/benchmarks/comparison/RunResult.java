package io.r2dbcrouting.benchmarks.comparison;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One contender running one workload in one round: a row of the results CSV. A workload the contender cannot run
 * has one row with {@code round} 0, its {@link WorkloadSupport} and no figures.
 *
 * @param round          1-based; 0 for a workload that was not run
 * @param workload       the workload
 * @param contender      the contender's {@link ContenderDescription#id()}
 * @param title          its {@link ContenderDescription#title()}
 * @param support        what it can do with the workload
 * @param note           why, when it is not simply correct
 * @param seconds        the measured window
 * @param operations     successful operations in the window
 * @param errors         failed operations in the window, unfinished ones included
 * @param throughput     successful operations per second
 * @param p50Millis      latency percentiles of successful operations, in milliseconds (NaN without any)
 * @param p95Millis      〃
 * @param p99Millis      〃
 * @param maxMillis      〃
 * @param cpuMicros      client CPU time per successful operation, in microseconds (NaN when unknown): see
 *                       {@link Measurement#cpuMicrosPerOperation()}
 * @param statements     the workload statements each server completed during the run, by server name, in order
 * @param errorKinds     failed operations by kind
 */
record RunResult(int round, Workload workload, String contender, String title, WorkloadSupport.Kind support,
        String note, double seconds, long operations, long errors, double throughput, double p50Millis,
        double p95Millis, double p99Millis, double maxMillis, double cpuMicros, Map<String, Long> statements,
        Map<String, Long> errorKinds) {

    RunResult {
        statements = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(statements));
        errorKinds = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(errorKinds));
    }

    static RunResult measured(int round, Workload workload, ContenderDescription contender, Measurement measurement,
            Map<String, Long> statements) {
        WorkloadSupport support = contender.support(workload);
        Map<String, Long> errorKinds = new LinkedHashMap<>(measurement.errorKinds());
        if (measurement.unfinished() > 0) {
            errorKinds.merge("unfinished at the end of the run", measurement.unfinished(), Long::sum);
        }
        return new RunResult(round, workload, contender.id(), contender.title(), support.kind(), support.note(),
                measurement.windowNanos() / 1e9, measurement.operations(),
                measurement.errors() + measurement.unfinished(), measurement.throughput(),
                measurement.percentileMillis(50), measurement.percentileMillis(95), measurement.percentileMillis(99),
                measurement.maxMillis(), measurement.cpuMicrosPerOperation(), statements, errorKinds);
    }

    static RunResult notRun(Workload workload, ContenderDescription contender) {
        WorkloadSupport support = contender.support(workload);
        return new RunResult(0, workload, contender.id(), contender.title(), support.kind(), support.note(), 0, 0, 0,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Map.of(), Map.of());
    }

    boolean wasRun() {
        return this.round > 0;
    }

}
