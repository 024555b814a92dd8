package io.r2dbcrouting.benchmarks.comparison;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class JitWarmupUnitTests {

    private static final Duration MINIMUM = Duration.ofSeconds(15);

    private static final Duration MAXIMUM = Duration.ofSeconds(75);

    @Test
    void endsOnlyAfterTheMinimumAndEnoughQuietSlices() {
        assertThat(JitWarmup.isDone(Duration.ofSeconds(5), JitWarmup.QUIET_SLICES, MINIMUM, MAXIMUM)).isFalse();
        assertThat(JitWarmup.isDone(Duration.ofSeconds(20), JitWarmup.QUIET_SLICES - 1, MINIMUM, MAXIMUM)).isFalse();
        assertThat(JitWarmup.isDone(Duration.ofSeconds(20), JitWarmup.QUIET_SLICES, MINIMUM, MAXIMUM)).isTrue();
        assertThat(JitWarmup.isDone(MINIMUM, JitWarmup.QUIET_SLICES, MINIMUM, MAXIMUM)).isTrue();
    }

    @Test
    void endsAtTheMaximumEvenWhileTheCompilersAreBusy() {
        assertThat(JitWarmup.isDone(Duration.ofSeconds(74), 0, MINIMUM, MAXIMUM)).isFalse();
        assertThat(JitWarmup.isDone(MAXIMUM, 0, MINIMUM, MAXIMUM)).isTrue();
        assertThat(JitWarmup.isDone(Duration.ofSeconds(80), 0, MINIMUM, MAXIMUM)).isTrue();
    }

    @Test
    void runsEveryKindOfOperationMixedForOneSliceWhenNoTimeIsAsked() throws InterruptedException {
        AtomicInteger first = new AtomicInteger();
        AtomicInteger second = new AtomicInteger();
        List<Supplier<Mono<Void>>> operations = List.of(
                () -> Mono.fromRunnable(first::incrementAndGet),
                () -> Mono.fromRunnable(second::incrementAndGet));

        JitWarmup.Outcome outcome = JitWarmup.run(operations, 2, Duration.ZERO, Duration.ZERO);

        // one slice, then the maximum has passed
        assertThat(outcome.elapsed()).isBetween(JitWarmup.SLICE, JitWarmup.SLICE.multipliedBy(3));
        assertThat(first.get()).isPositive();
        assertThat(second.get()).isPositive();
        // random choice: the two counts are of the same order
        assertThat(Math.min(first.get(), second.get()) * 3L).isGreaterThan(Math.max(first.get(), second.get()));
    }

    @Test
    void hasNothingToDoWithoutOperations() throws InterruptedException {
        assertThat(JitWarmup.run(List.of(), 2, MINIMUM, MAXIMUM).elapsed()).isZero();
    }

}
