package io.r2dbcrouting.benchmarks.comparison;

import java.time.Duration;

/**
 * How a {@link LoadGenerator} runs, as a value: the coordinator builds one for the mixed warm-up and one for the
 * measured runs, and runs it in its own JVM or sends it to a contender's agent ({@link AgentProtocol}), so that both
 * isolation modes run the same generator.
 *
 * @param concurrency   operations in flight
 * @param warmup        the set warm-up
 * @param duration      the measured window
 * @param grace         how long the run waits for operations still in flight after the window
 * @param longestWarmup the longest warm-up, which lasts past its set length while the JIT compilers are busy; equal to
 *                      {@code warmup} for a fixed warm-up
 * @param quietStretch  how long the compilers must be quiet to end the warm-up early
 */
record LoadPlan(int concurrency, Duration warmup, Duration duration, Duration grace, Duration longestWarmup,
        Duration quietStretch) {

    /** How long the warm-up and the window may last together, with the grace: a bound for waiting on a run. */
    Duration longest() {
        return this.longestWarmup.plus(this.duration).plus(this.grace);
    }

    /**
     * Whether a warm-up run by this plan ended because the compilers were quiet, before its longest warm-up.
     *
     * @param warmup what the plan's generator measured
     */
    boolean endedQuiet(Measurement warmup) {
        return warmup.warmupNanos() < this.longestWarmup.toNanos();
    }

    /**
     * The generator of this plan.
     *
     * @throws IllegalArgumentException if a setting is out of range (see {@link LoadGenerator})
     */
    LoadGenerator generator() {
        return new LoadGenerator(this.concurrency, this.warmup, this.duration, this.grace)
                .untilCompilersQuiet(this.longestWarmup, this.quietStretch);
    }

}
