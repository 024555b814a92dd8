package io.r2dbcrouting.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.r2dbcrouting.internal.TargetSelector;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * {@link TargetSelector#next()}, which the router calls once per connection to choose its replica: smooth weighted
 * round-robin (a short {@code synchronized} section) and weighted random ({@code ThreadLocalRandom}, lock-free), over
 * 2 and 5 candidates of equal weight. {@link #nextContended} runs two threads on one shared selector to show what the
 * lock costs when connections are created concurrently.
 */
public class SelectorBenchmark extends BenchmarkSettings {

    /** One selector, shared by all benchmark threads as the router's is. */
    @State(Scope.Benchmark)
    public static class Selector {

        /** {@code round-robin} or {@code random}, as {@code RoutingStrategy} offers. */
        @Param({"round-robin", "random"})
        public String strategy = "";

        /** How many replicas to choose from. */
        @Param({"2", "5"})
        public int candidates;

        private TargetSelector<String> selector = TargetSelector.of(List.of("unset"), new int[] {1}, false);

        /** Builds the selector. */
        @Setup(Level.Trial)
        public void create() {
            boolean random = switch (this.strategy) {
                case "round-robin" -> false;
                case "random" -> true;
                default -> throw new IllegalArgumentException(
                        "strategy must be round-robin or random, was '" + this.strategy + "'");
            };
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= this.candidates; i++) {
                names.add("replica-" + i);
            }
            int[] weights = new int[this.candidates];
            Arrays.fill(weights, 1);
            this.selector = TargetSelector.of(names, weights, random);
        }

    }

    /**
     * One thread picking.
     *
     * @param selector the selector
     * @return the pick, so that the work is not eliminated
     */
    @Benchmark
    public String next(Selector selector) {
        return selector.selector.next();
    }

    /**
     * Two threads picking from the same selector.
     *
     * @param selector the selector
     * @return the pick, so that the work is not eliminated
     */
    @Benchmark
    @Threads(2)
    public String nextContended(Selector selector) {
        return selector.selector.next();
    }

}
