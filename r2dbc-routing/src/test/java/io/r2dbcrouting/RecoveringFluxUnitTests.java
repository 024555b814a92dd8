package io.r2dbcrouting;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.publisher.TestPublisher;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator behind read failover: wrapping with positions, one switch to a fallback that is asked only for the
 * unmet demand, failures passed on when there is no fallback, and cancellation reaching whichever source is current.
 */
class RecoveringFluxUnitTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static final RecoveringFlux.Fallback<String> NONE = (failure, delivered) -> null;

    @Test
    void wrapsEachItemWithItsPositionAndCompletes() {
        StepVerifier.create(new RecoveringFlux<>(Flux.just("a", "b", "c"), (item, index) -> item + index, NONE))
            .expectNext("a0", "b1", "c2")
            .expectComplete()
            .verify(TIMEOUT);
    }

    @Test
    void withoutAFallbackTheFailureIsPassedOn() {
        StepVerifier.create(new RecoveringFlux<>(Flux.concat(Flux.just("a"), Flux.error(new IllegalStateException("gone"))),
                null, NONE))
            .expectNext("a")
            .expectErrorMessage("gone")
            .verify(TIMEOUT);
    }

    @Test
    void continuesFromTheFallbackAskingOnlyForTheUnmetDemand() {
        TestPublisher<String> source = TestPublisher.create();
        List<Long> fallbackRequests = new ArrayList<>();
        List<Long> deliveredAtFailure = new ArrayList<>();
        Flux<String> fallback = Flux.just("x", "y", "z").doOnRequest(fallbackRequests::add);
        RecoveringFlux<String> flux = new RecoveringFlux<>(source, (item, index) -> item + index, (failure, delivered) -> {
            deliveredAtFailure.add(delivered);
            return fallback;
        });
        StepVerifier.create(flux, 5)
            .then(() -> source.next("a", "b"))
            .expectNext("a0", "b1")
            .then(() -> source.error(new IllegalStateException("connection lost")))
            .expectNext("x", "y", "z")
            .expectComplete()
            .verify(TIMEOUT);
        assertThat(deliveredAtFailure).containsExactly(2L);
        assertThat(fallbackRequests).as("5 requested, 2 delivered: the fallback is asked for 3").containsExactly(3L);
    }

    @Test
    void demandArrivingDuringTheSwitchReachesTheFallback() {
        TestPublisher<String> source = TestPublisher.create();
        Sinks.Many<String> fallback = Sinks.many().unicast().onBackpressureBuffer();
        RecoveringFlux<String> flux = new RecoveringFlux<>(source, null, (failure, delivered) -> fallback.asFlux());
        StepVerifier.create(flux, 1)
            .then(() -> source.error(new IllegalStateException("connection lost")))
            .thenRequest(2)
            .then(() -> {
                fallback.tryEmitNext("x");
                fallback.tryEmitNext("y");
                fallback.tryEmitNext("z");
                fallback.tryEmitComplete();
            })
            .expectNext("x", "y", "z")
            .expectComplete()
            .verify(TIMEOUT);
    }

    @Test
    void switchesOnlyOnce() {
        List<Long> asked = new ArrayList<>();
        RecoveringFlux<String> flux = new RecoveringFlux<>(Flux.error(new IllegalStateException("first")), null,
            (failure, delivered) -> {
                asked.add(delivered);
                return Flux.error(new IllegalStateException("second"));
            });
        StepVerifier.create(flux).expectErrorMessage("second").verify(TIMEOUT);
        assertThat(asked).containsExactly(0L);
    }

    @Test
    void aFallbackThatThrowsReportsThatWithTheFailureSuppressed() {
        RecoveringFlux<String> flux = new RecoveringFlux<>(Flux.error(new IllegalStateException("first")), null,
            (failure, delivered) -> {
                throw new IllegalArgumentException("no fallback today");
            });
        StepVerifier.create(flux)
            .expectErrorSatisfies(error -> {
                assertThat(error).hasMessage("no fallback today");
                assertThat(error.getSuppressed()).singleElement().satisfies(suppressed ->
                    assertThat(suppressed).hasMessage("first"));
            })
            .verify(TIMEOUT);
    }

    @Test
    void cancellationReachesTheCurrentSource() {
        TestPublisher<String> source = TestPublisher.create();
        TestPublisher<String> fallback = TestPublisher.create();
        RecoveringFlux<String> flux = new RecoveringFlux<>(source, null, (failure, delivered) -> fallback);
        StepVerifier.create(flux)
            .then(() -> source.error(new IllegalStateException("connection lost")))
            .then(fallback::assertWasSubscribed)
            .thenCancel()
            .verify(TIMEOUT);
        fallback.assertCancelled();
    }

    @Test
    void aFallbackSubscribedAfterCancellationIsCancelledAtOnce() {
        TestPublisher<String> source = TestPublisher.create();
        AtomicBoolean fallbackCancelled = new AtomicBoolean();
        Sinks.One<Boolean> failNow = Sinks.one();
        RecoveringFlux<String> flux = new RecoveringFlux<>(source, null,
            (failure, delivered) -> failNow.asMono().thenMany(Flux.just("late")).doOnCancel(() -> fallbackCancelled.set(true)));
        StepVerifier.create(flux)
            .then(() -> source.error(new IllegalStateException("connection lost")))
            .thenCancel()
            .verify(TIMEOUT);
        assertThat(fallbackCancelled).as("the fallback's subscription is cancelled with the subscriber").isTrue();
    }

    @Test
    void theSubscribersContextReachesTheSource() {
        Flux<String> source = Flux.deferContextual(context -> Flux.just(context.get("who").toString()));
        StepVerifier.create(new RecoveringFlux<>(source, null, NONE).contextWrite(context -> context.put("who", "caller")))
            .expectNext("caller")
            .expectComplete()
            .verify(TIMEOUT);
    }
}
