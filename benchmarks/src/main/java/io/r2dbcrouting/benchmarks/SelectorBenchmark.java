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
 * {@link TargetSelector#next()}, which the router calls once per connection to choose its replica: round-robin and
 * weighted random ({@code ThreadLocalRandom}, lock-free), over 2 and 5 candidates of equal weight and 2 of weights 3
 * and 1. Round-robin over equal weights is one atomic counter; over unequal weights it is smooth weighted round-robin
 * (a short {@code synchronized} section). {@link #nextContended} runs two threads on one shared selector to show what
 * sharing costs when connections are created concurrently.
 */
public class SelectorBenchmark extends BenchmarkSettings {

    /** One selector, shared by all benchmark threads as the router's is. */
    @State(Scope.Benchmark)
    public static class Selector {

        /** {@code round-robin} or {@code random}, as {@code RoutingStrategy} offers. */
        @Param({"round-robin", "random"})
        public String strategy = "";

        /** The weights of the replicas to choose from, one per replica. */
        @Param({"1,1", "1,1,1,1,1", "3,1"})
        public String weights = "";

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
            int[] weights = Arrays.stream(this.weights.split(",")).mapToInt(Integer::parseInt).toArray();
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= weights.length; i++) {
                names.add("replica-" + i);
            }
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
