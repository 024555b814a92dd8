package io.r2dbcrouting.benchmarks.comparison;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;

/**
 * The unmeasured warm-up before the first round: every contender's every workload at once, one operation at a time
 * in random order, in slices of {@link #SLICE}, until the JIT compilers have been quiet for {@link #QUIET_SLICES}
 * slices in a row (compiling for less than {@link #QUIET_SHARE} of a slice's wall time) or a maximum has passed.
 * <p>
 * Why mixed and why until quiet: on a two-core machine the compilers take half a minute or more to settle on one
 * workload's code, and they compete with the load meanwhile. Warming each contender and workload up in turn, for a
 * fixed few seconds each, left the first rounds compiling, and compiled each path with the profile of one workload
 * only, so that the next workload threw part of that code away and compiled it again: whichever contender ran first
 * after a switch paid for it, and the rounds disagreed by more than the differences being measured. A service runs
 * all its operations at once, and so does this warm-up.
 */
final class JitWarmup {

    /** How long each slice of the warm-up runs. */
    static final Duration SLICE = Duration.ofMillis(2500);

    /** The share of a slice's wall time below which the compilers count as quiet in that slice. */
    static final double QUIET_SHARE = 0.03;

    /** Quiet slices in a row that end the warm-up (once the minimum has passed). */
    static final int QUIET_SLICES = 2;

    private JitWarmup() {
    }

    /**
     * What the warm-up did.
     *
     * @param elapsed      how long it ran
     * @param quiet        whether it ended because the compilers were quiet, rather than at the maximum
     * @param compileShare the share of the last slice's wall time the compilers spent compiling (NaN when the JVM
     *                     does not report it)
     */
    record Outcome(Duration elapsed, boolean quiet, double compileShare) {
    }

    /**
     * Runs the operations mixed, slice after slice, at least one slice, until {@link #isDone}.
     *
     * @param operations  one supplier per contender and workload; each call of the warm-up's supplier picks one at
     *                    random
     * @param concurrency operations in flight
     * @param minimum     the least time to run, quiet or not
     * @param maximum     the most time to run; a slice that has started runs to its end
     * @return what the warm-up did
     * @throws InterruptedException if the calling thread is interrupted
     */
    static Outcome run(List<Supplier<Mono<Void>>> operations, int concurrency, Duration minimum, Duration maximum)
            throws InterruptedException {
        if (operations.isEmpty()) {
            return new Outcome(Duration.ZERO, true, Double.NaN);
        }
        Supplier<Mono<Void>> mixed = () -> operations.get(ThreadLocalRandom.current().nextInt(operations.size())).get();
        LoadGenerator slice = new LoadGenerator(concurrency, Duration.ZERO, SLICE, Duration.ofSeconds(30));
        long started = System.nanoTime();
        int quietSlices = 0;
        while (true) {
            Measurement measurement = slice.run(mixed, () -> {
            });
            double share = measurement.jitNanos() < 0 ? Double.NaN
                    : (double) measurement.jitNanos() / measurement.windowNanos();
            // NaN, unknown, is never quiet: the warm-up then runs to its maximum
            quietSlices = share < QUIET_SHARE ? quietSlices + 1 : 0;
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            if (isDone(elapsed, quietSlices, minimum, maximum)) {
                return new Outcome(elapsed, quietSlices >= QUIET_SLICES, share);
            }
        }
    }

    /**
     * Whether a warm-up that has run for {@code elapsed}, its last {@code quietSlices} slices quiet, is over: at the
     * maximum, or past the minimum after {@link #QUIET_SLICES} quiet slices.
     */
    static boolean isDone(Duration elapsed, int quietSlices, Duration minimum, Duration maximum) {
        return elapsed.compareTo(maximum) >= 0 || elapsed.compareTo(minimum) >= 0 && quietSlices >= QUIET_SLICES;
    }

}
