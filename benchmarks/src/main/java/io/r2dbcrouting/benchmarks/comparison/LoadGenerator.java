package io.r2dbcrouting.benchmarks.comparison;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import io.r2dbc.spi.R2dbcException;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Runs operations at a fixed concurrency for a fixed time and measures them: {@code concurrency} workers, each
 * subscribing to a new operation as soon as its previous one ends (a closed loop, as a service with that many
 * requests in flight), first for a warm-up that is not measured, then for the measured duration. An operation counts
 * when it ends inside the measured window: its latency (subscription to termination) goes into a histogram if it
 * succeeded, its error into a count by kind if it failed. No operation starts after the window; the run waits for
 * those in flight, at most {@code grace}, then cancels them and reports them as unfinished.
 * <p>
 * The generator adds no timer, scheduler hop or lock per operation: a nano-time read at each end and a wait-free
 * histogram record.
 * <p>
 * {@link #untilCompilersQuiet(Duration, Duration)} makes the warm-up last, past its set length, until the JIT compilers
 * have been quiet for a stretch of time (compiling for less than {@link #QUIET_SHARE} of it), so that the window measures
 * compiled code and not its compilation: on a two-core machine the compilers take a minute or more to settle, and
 * switching to another contender or workload sends them back to work.
 */
final class LoadGenerator {

    /** Histogram range: 1 µs to 60 s, three significant digits. Longer operations are recorded as 60 s. */
    static final long LOWEST_NANOS = 1_000;

    static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(60);

    /** The share of a stretch's wall time below which the JIT compilers count as quiet in it. */
    static final double QUIET_SHARE = 0.03;

    private final int concurrency;

    private final Duration warmup;

    private final Duration duration;

    private final Duration grace;

    /** The longest warm-up when it lasts until the compilers are quiet; the set warm-up when it does not. */
    private final Duration longestWarmup;

    /** How long the compilers must have been quiet to end a warm-up that lasts until they are. */
    private final Duration quietStretch;

    /**
     * @throws IllegalArgumentException if concurrency is not positive, a duration is negative or the measured
     *                                  duration is zero
     */
    LoadGenerator(int concurrency, Duration warmup, Duration duration, Duration grace) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be positive, was " + concurrency);
        }
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("warm-up must not be negative, was " + warmup);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be positive, was " + duration);
        }
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative, was " + grace);
        }
        this.concurrency = concurrency;
        this.warmup = warmup;
        this.duration = duration;
        this.grace = grace;
        this.longestWarmup = warmup;
        // never used: with the longest warm-up equal to the set one, the warm-up does not go on
        this.quietStretch = warmup;
    }

    private LoadGenerator(LoadGenerator generator, Duration longestWarmup, Duration quietStretch) {
        this.concurrency = generator.concurrency;
        this.warmup = generator.warmup;
        this.duration = generator.duration;
        this.grace = generator.grace;
        this.longestWarmup = longestWarmup;
        this.quietStretch = quietStretch;
    }

    /**
     * Returns a generator like this one whose warm-up, once its set length has passed, goes on in stretches of
     * {@code quietStretch} while the JIT compilers worked for {@link #QUIET_SHARE} or more of the last one (the
     * set warm-up counting as the first), up to {@code longestWarmup} in all. Compilation comes in bursts: a
     * stretch long enough to span the lulls between them tells a settled JIT from a pause.
     *
     * @throws IllegalArgumentException if {@code longestWarmup} is shorter than the set warm-up, or
     *                                  {@code quietStretch} is not positive
     */
    LoadGenerator untilCompilersQuiet(Duration longestWarmup, Duration quietStretch) {
        if (longestWarmup.compareTo(this.warmup) < 0) {
            throw new IllegalArgumentException("longest warm-up must not be shorter than the warm-up " + this.warmup
                    + ", was " + longestWarmup);
        }
        if (quietStretch.isNegative() || quietStretch.isZero()) {
            throw new IllegalArgumentException("quiet stretch must be positive, was " + quietStretch);
        }
        return new LoadGenerator(this, longestWarmup, quietStretch);
    }

    /**
     * Runs the operations, blocking the calling thread until the run is over.
     *
     * @param operation            a new cold operation per call
     * @param atMeasurementStart   run on the calling thread when the measured window opens (while the load goes
     *                             on), for example to read server counters
     * @return what was measured in the window
     * @throws InterruptedException if the calling thread is interrupted (the operations are cancelled)
     */
    Measurement run(Supplier<? extends Mono<Void>> operation, Runnable atMeasurementStart)
            throws InterruptedException {
        long started = System.nanoTime();
        long compiledBefore = jitMillis();
        Window window = new Window();
        Mono<Void> one = Mono.defer(() -> {
            long begin = System.nanoTime();
            window.inFlight.incrementAndGet();
            return operation.get()
                    .doOnSuccess(ignored -> window.ended(begin, null))
                    .onErrorResume(error -> {
                        window.ended(begin, error);
                        return Mono.empty();
                    });
        });
        // subscribed on another thread: operations that complete at once would otherwise repeat on this one, which
        // must go on to open the window
        CompletableFuture<Void> done = Flux.range(0, this.concurrency)
                .flatMap(worker -> one.repeat(window::open), this.concurrency)
                .then()
                .subscribeOn(Schedulers.boundedElastic())
                .toFuture();
        long unfinished = 0;
        long cpuNanos = -1;
        long jitNanos = -1;
        try {
            long stretchStart = started;
            sleepUntil(started + this.warmup.toNanos());
            while (System.nanoTime() - started < this.longestWarmup.toNanos()
                    && !compilersQuiet(compiledBefore, stretchStart)) {
                stretchStart = System.nanoTime();
                compiledBefore = jitMillis();
                sleepUntil(Math.min(stretchStart + this.quietStretch.toNanos(), started + this.longestWarmup.toNanos()));
            }
            window.open(System.nanoTime(), this.duration.toNanos());
            long cpuAtStart = processCpuNanos();
            long jitAtStart = jitMillis();
            atMeasurementStart.run();
            sleepUntil(window.to);
            long cpuAtEnd = processCpuNanos();
            long jitAtEnd = jitMillis();
            cpuNanos = cpuAtStart < 0 || cpuAtEnd < 0 ? -1 : cpuAtEnd - cpuAtStart;
            jitNanos = jitAtStart < 0 || jitAtEnd < 0 ? -1 : TimeUnit.MILLISECONDS.toNanos(jitAtEnd - jitAtStart);
            done.get(this.grace.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (TimeoutException ex) {
            unfinished = window.inFlight.get();
            done.cancel(true);
        }
        catch (ExecutionException ex) {
            // every error is resumed per operation: this is a bug in the generator itself
            throw new IllegalStateException("The load generator failed", ex.getCause());
        }
        catch (InterruptedException ex) {
            done.cancel(true);
            throw ex;
        }
        Histogram latencies = window.recorder.getIntervalHistogram();
        return new Measurement(latencies.getTotalCount(), window.errors.sum(), unfinished, this.duration.toNanos(),
                latencies, window.errorKinds(), cpuNanos, jitNanos, window.from - started);
    }

    /** Whether the JIT compilers worked less than {@link #QUIET_SHARE} of the time since {@code since}. */
    private static boolean compilersQuiet(long compiledMillisThen, long since) {
        long compiledMillis = jitMillis();
        long elapsed = System.nanoTime() - since;
        // a JVM that does not report compile time is taken as quiet: the set warm-up is all it gets
        return compiledMillisThen < 0 || compiledMillis < 0
                || TimeUnit.MILLISECONDS.toNanos(compiledMillis - compiledMillisThen) < QUIET_SHARE * elapsed;
    }

    /** Time the JIT compilers spent so far, in milliseconds; -1 when the JVM does not report it. */
    static long jitMillis() {
        java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
    }

    /** CPU time of this JVM so far, all threads, in nanoseconds; -1 when the platform does not report it. */
    static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean hotspot) {
            return hotspot.getProcessCpuTime();
        }
        return -1;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long remaining;
        while ((remaining = nanoTime - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(remaining);
        }
    }

    /**
     * A short, bounded description of an error, so that errors group by kind: SQLSTATE and message, digits folded,
     * at most 100 characters.
     */
    static String errorKind(Throwable error) {
        if (error instanceof WorkloadStatements.StaleReadException) {
            return "stale read (row not found after its INSERT)";
        }
        String message = String.valueOf(error.getMessage()).replaceAll("[0-9]+", "N").replaceAll("\\s+", " ").trim();
        String kind;
        if (error instanceof R2dbcException r2dbc && r2dbc.getSqlState() != null) {
            kind = "SQLSTATE " + r2dbc.getSqlState() + ": " + message;
        }
        else {
            kind = error.getClass().getSimpleName() + ": " + message;
        }
        return kind.length() <= 100 ? kind : kind.substring(0, 99) + "…";
    }

    /**
     * The measured window of one run and what ended in it. It opens when the warm-up is over: until then it counts
     * nothing and stays open for new operations.
     */
    private static final class Window {

        volatile long from = Long.MAX_VALUE;

        volatile long to = Long.MAX_VALUE;

        final Recorder recorder = new Recorder(LOWEST_NANOS, HIGHEST_NANOS, 3);

        final LongAdder errors = new LongAdder();

        final Map<String, LongAdder> errorKinds = new ConcurrentHashMap<>();

        final AtomicInteger inFlight = new AtomicInteger();

        void open(long from, long lengthNanos) {
            // to first: an operation that sees the new from also sees the new to
            this.to = from + lengthNanos;
            this.from = from;
        }

        boolean open() {
            return System.nanoTime() < this.to;
        }

        void ended(long begin, @Nullable Throwable error) {
            long end = System.nanoTime();
            this.inFlight.decrementAndGet();
            if (end < this.from || end > this.to) {
                return;
            }
            if (error == null) {
                this.recorder.recordValue(Math.max(LOWEST_NANOS, Math.min(end - begin, HIGHEST_NANOS)));
            }
            else {
                this.errors.increment();
                this.errorKinds.computeIfAbsent(errorKind(error), kind -> new LongAdder()).increment();
            }
        }

        Map<String, Long> errorKinds() {
            Map<String, Long> kinds = new TreeMap<>();
            this.errorKinds.forEach((kind, count) -> kinds.put(kind, count.sum()));
            return kinds;
        }

    }

}
