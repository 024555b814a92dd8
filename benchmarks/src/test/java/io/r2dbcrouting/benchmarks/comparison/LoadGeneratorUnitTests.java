package io.r2dbcrouting.benchmarks.comparison;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.r2dbc.spi.R2dbcTransientResourceException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The generator's bookkeeping, with operations that need no database. No assertion is about how fast anything is;
 * the windows are long enough that some operations end in them even on a loaded machine, once classes are loaded.
 */
class LoadGeneratorUnitTests {

    @BeforeAll
    static void loadClasses() throws InterruptedException {
        new LoadGenerator(2, Duration.ZERO, Duration.ofMillis(50), Duration.ofSeconds(10))
                .run(() -> Mono.delay(Duration.ofMillis(1)).then(), () -> {
                });
    }

    @Test
    void keepsAtMostConcurrencyOperationsInFlight() throws InterruptedException {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger highest = new AtomicInteger();
        LoadGenerator generator = new LoadGenerator(4, Duration.ofMillis(20), Duration.ofMillis(500),
                Duration.ofSeconds(10));
        Measurement measurement = generator.run(() -> Mono.delay(Duration.ofMillis(1))
                .doOnSubscribe(subscription -> highest.accumulateAndGet(inFlight.incrementAndGet(), Math::max))
                .doOnTerminate(inFlight::decrementAndGet)
                .then(), () -> {
                });
        assertThat(highest.get()).isBetween(1, 4);
        assertThat(measurement.operations()).isPositive();
        assertThat(measurement.errors()).isZero();
        assertThat(measurement.latencies().getTotalCount()).isEqualTo(measurement.operations());
        assertThat(measurement.windowNanos()).isEqualTo(Duration.ofMillis(500).toNanos());
        assertThat(measurement.throughput()).isEqualTo(measurement.operations() / 0.5);
    }

    @Test
    void aWarmUpUntilTheCompilersAreQuietLastsAtLeastItsSetLengthAndAtMostTheLongest() throws InterruptedException {
        LoadGenerator generator = new LoadGenerator(2, Duration.ofMillis(200), Duration.ofMillis(200),
                Duration.ofSeconds(10)).untilCompilersQuiet(Duration.ofMillis(1500), Duration.ofMillis(300));
        AtomicLong ended = new AtomicLong();
        Measurement measurement = generator.run(() -> Mono.delay(Duration.ofMillis(1)).then()
                .doOnSuccess(ignored -> ended.incrementAndGet()), () -> {
                });
        assertThat(measurement.warmupNanos()).isBetween(Duration.ofMillis(200).toNanos(),
                Duration.ofMillis(1500 + 500).toNanos());
        // nothing that ended in the warm-up is counted
        assertThat(measurement.operations()).isPositive().isLessThan(ended.get());
        assertThat(measurement.windowNanos()).isEqualTo(Duration.ofMillis(200).toNanos());
    }

    @Test
    void aSetWarmUpLastsItsLength() throws InterruptedException {
        Measurement measurement = new LoadGenerator(2, Duration.ofMillis(300), Duration.ofMillis(100),
                Duration.ofSeconds(10)).run(() -> Mono.delay(Duration.ofMillis(1)).then(), () -> {
                });
        assertThat(measurement.warmupNanos()).isBetween(Duration.ofMillis(300).toNanos(),
                Duration.ofMillis(300 + 500).toNanos());
    }

    @Test
    void refusesALongestWarmUpShorterThanTheWarmUp() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new LoadGenerator(1, Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ZERO)
                        .untilCompilersQuiet(Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .withMessage("longest warm-up must not be shorter than the warm-up PT2S, was PT1S");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new LoadGenerator(1, Duration.ZERO, Duration.ofSeconds(1), Duration.ZERO)
                        .untilCompilersQuiet(Duration.ofSeconds(1), Duration.ZERO))
                .withMessage("quiet stretch must be positive, was PT0S");
    }

    @Test
    void countsFailuresByKindAndKeepsGoing() throws InterruptedException {
        AtomicLong calls = new AtomicLong();
        LoadGenerator generator = new LoadGenerator(2, Duration.ZERO, Duration.ofMillis(500), Duration.ofSeconds(10));
        Measurement measurement = generator.run(() -> Mono.delay(Duration.ofMillis(1)).then(Mono.defer(() ->
                calls.incrementAndGet() % 2 == 0 ? Mono.<Void>error(new WorkloadStatements.StaleReadException(7))
                        : Mono.<Void>empty())), () -> {
        });
        assertThat(measurement.errors()).isPositive();
        assertThat(measurement.operations()).isPositive();
        assertThat(measurement.errorKinds()).containsOnlyKeys("stale read (row not found after its INSERT)");
        assertThat(measurement.errorKinds().values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(measurement.errors());
    }

    @Test
    void measuresTheClientCpuSpentPerOperation() throws InterruptedException {
        // each operation waits 1 ms, then burns 2 ms of CPU: the JVM's CPU time per operation must show the 2 ms
        Measurement measurement = new LoadGenerator(1, Duration.ZERO, Duration.ofMillis(300), Duration.ofSeconds(10))
                .run(() -> Mono.delay(Duration.ofMillis(1)).then(Mono.fromRunnable(() -> {
                    long until = System.nanoTime() + 2_000_000;
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                })), () -> {
                });
        assertThat(measurement.cpuNanos()).isPositive();
        assertThat(measurement.cpuMicrosPerOperation()).isBetween(1_500.0, 20_000.0);
    }

    @Test
    void runsTheHookOnceWhenTheWindowOpens() throws InterruptedException {
        AtomicInteger hooks = new AtomicInteger();
        new LoadGenerator(1, Duration.ofMillis(10), Duration.ofMillis(30), Duration.ofSeconds(10))
                .run(() -> Mono.delay(Duration.ofMillis(1)).then(), hooks::incrementAndGet);
        assertThat(hooks).hasValue(1);
    }

    @Test
    void reportsOperationsThatOutliveTheGraceAsUnfinished() throws InterruptedException {
        Measurement measurement = new LoadGenerator(3, Duration.ZERO, Duration.ofMillis(20), Duration.ofMillis(20))
                .run(Mono::never, () -> {
                });
        assertThat(measurement.unfinished()).isEqualTo(3);
        assertThat(measurement.operations()).isZero();
        assertThat(measurement.percentileMillis(99)).isNaN();
        assertThat(measurement.maxMillis()).isNaN();
    }

    @Test
    void errorKindsNameTheSqlStateAndFoldDigits() {
        assertThat(LoadGenerator.errorKind(new R2dbcTransientResourceException(
                "cannot execute UPDATE in a read-only transaction for row 123", "25006")))
                .isEqualTo("SQLSTATE 25006: cannot execute UPDATE in a read-only transaction for row N");
        assertThat(LoadGenerator.errorKind(new IllegalStateException("pool   of 8\nexhausted")))
                .isEqualTo("IllegalStateException: pool of N exhausted");
        assertThat(LoadGenerator.errorKind(new IllegalStateException("x".repeat(200)))).hasSize(100).endsWith("…");
    }

    @Test
    void checksItsSettings() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new LoadGenerator(0, Duration.ZERO, Duration.ofSeconds(1), Duration.ZERO))
                .withMessage("concurrency must be positive, was 0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new LoadGenerator(1, Duration.ZERO, Duration.ZERO, Duration.ZERO))
                .withMessage("duration must be positive, was PT0S");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new LoadGenerator(1, Duration.ofSeconds(-1), Duration.ofSeconds(1), Duration.ZERO))
                .withMessage("warm-up must not be negative, was PT-1S");
    }

}
