package io.r2dbcrouting.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The settings every benchmark inherits: average time per operation in nanoseconds, one fork with a fixed 1 GiB heap
 * (so that heap resizing does not show up in allocation-heavy runs), 3 warm-up and 5 measured iterations of 2 s each.
 * A benchmark class overrides what it must (the acquisition benchmark reports microseconds); command-line options
 * ({@code -f}, {@code -wi}, {@code -i}, …, as {@code scripts/run-benchmarks.sh --quick} passes) override both.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
public abstract class BenchmarkSettings {
}
