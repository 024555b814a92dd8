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
 */
record Measurement(long operations, long errors, long unfinished, long windowNanos, Histogram latencies,
        Map<String, Long> errorKinds) {

    Measurement {
        errorKinds = Map.copyOf(errorKinds);
    }

    /** Successful operations per second of the window. */
    double throughput() {
        return this.operations / (this.windowNanos / (double) TimeUnit.SECONDS.toNanos(1));
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
