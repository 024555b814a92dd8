package io.r2dbcrouting.benchmarks.comparison;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * What one {@link LoadGenerator} run measured in its window.
 *
 * @param operations  operations that succeeded in the window
 * @param errors      operations that failed in the window
 * @param unfinished  operations still running when the run gave up waiting (counted as errors in reports)
 * @param windowNanos the length of the window
 * @param latencies   the latency of each successful operation, in nanoseconds
 * @param errorKinds  failed operations by {@link LoadGenerator#errorKind(Throwable) kind}
 * @param cpuNanos    CPU time this JVM (the load generator and the contender's client code: driver, pools,
 *                    router) used during the window, all threads; -1 when the JVM cannot tell
 * @param jitNanos    of that, the time the JIT compilers spent compiling during the window (the JVM's own
 *                    accounting); -1 when the JVM cannot tell. Large while the code is still warming up
 * @param warmupNanos how long the unmeasured warm-up before the window lasted
 */
record Measurement(long operations, long errors, long unfinished, long windowNanos, Histogram latencies,
        Map<String, Long> errorKinds, long cpuNanos, long jitNanos, long warmupNanos) {

    Measurement {
        errorKinds = Map.copyOf(errorKinds);
    }

    /** Successful operations per second of the window. */
    double throughput() {
        return this.operations / (this.windowNanos / (double) TimeUnit.SECONDS.toNanos(1));
    }

    /**
     * Client CPU time per successful operation in microseconds: what the load generator, the driver, the pools and
     * the contender's own code cost this JVM per operation (the servers and pgpool-II run in other processes). NaN
     * when nothing succeeded or the JVM cannot tell.
     */
    double cpuMicrosPerOperation() {
        if (this.cpuNanos < 0 || this.operations == 0) {
            return Double.NaN;
        }
        return this.cpuNanos / 1e3 / this.operations;
    }

    /** JIT compilation time per successful operation in microseconds, NaN when unknown. */
    double jitMicrosPerOperation() {
        if (this.jitNanos < 0 || this.operations == 0) {
            return Double.NaN;
        }
        return this.jitNanos / 1e3 / this.operations;
    }

    /** A latency percentile in milliseconds, NaN when nothing succeeded. */
    double percentileMillis(double percentile) {
        if (this.latencies.getTotalCount() == 0) {
            return Double.NaN;
        }
        return this.latencies.getValueAtPercentile(percentile) / 1e6;
    }

    /** The longest latency in milliseconds, NaN when nothing succeeded. */
    double maxMillis() {
        if (this.latencies.getTotalCount() == 0) {
            return Double.NaN;
        }
        return this.latencies.getMaxValue() / 1e6;
    }

}
