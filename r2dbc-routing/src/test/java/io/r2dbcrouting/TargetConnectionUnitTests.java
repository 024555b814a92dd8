package io.r2dbcrouting;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.test.MockConnection;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acquisition of a target's real connection: shared, never leaked on cancellation, released by close even while
 * in flight, and not remembered when it fails.
 */
class TargetConnectionUnitTests {

    /** A factory whose connections arrive only when the test says so. */
    static final class ManualFactory implements ConnectionFactory {

        final List<Sinks.One<Connection>> requests = new ArrayList<>();

        @Override
        public Mono<Connection> create() {
            return Mono.defer(() -> {
                Sinks.One<Connection> request = Sinks.one();
                synchronized (this.requests) {
                    this.requests.add(request);
                }
                return request.asMono();
            });
        }

        void deliver(int index, Connection connection) {
            this.requests.get(index).tryEmitValue(connection);
        }

        void fail(int index, Throwable error) {
            this.requests.get(index).tryEmitError(error);
        }

        @Override
        public ConnectionFactoryMetadata getMetadata() {
            return () -> "Manual";
        }
    }

    /** A preparation that is {@code needed} or not, and prepares with {@code step}. */
    static TargetConnection.Preparation preparation(boolean needed, Function<Connection, Mono<Void>> step) {
        return new TargetConnection.Preparation() {
            @Override
            public boolean needed() {
                return needed;
            }

            @Override
            public Mono<Void> prepare(Connection real) {
                return step.apply(real);
            }
        };
    }

    private final ManualFactory factory = new ManualFactory();

    private final TargetConnection target = new TargetConnection(new Target("replica-1", "replicas", this.factory, 1, null, null), preparation(true, real -> Mono.empty()));

    @Test
    void concurrentCallersShareOneAcquisition() {
        MockConnection real = MockConnection.empty();
        List<Connection> received = new ArrayList<>();
        this.target.connection().subscribe(received::add);
        this.target.connection().subscribe(received::add);
        assertThat(this.factory.requests).hasSize(1);
        this.factory.deliver(0, real);
        assertThat(received).containsExactly(real, real);
        assertThat(this.target.held()).isSameAs(real);
        StepVerifier.create(this.target.connection()).expectNext(real).verifyComplete();
        assertThat(this.factory.requests).hasSize(1);
    }

    @Test
    void aConnectionArrivingAfterItsCallerCancelledIsKeptAndReleasedByClose() {
        MockConnection real = MockConnection.empty();
        Disposable caller = this.target.connection().subscribe();
        caller.dispose();
        this.factory.deliver(0, real);
        assertThat(this.target.held()).as("kept, not dropped").isSameAs(real);
        assertThat(real.isCloseCalled()).isFalse();
        StepVerifier.create(this.target.close()).verifyComplete();
        assertThat(real.isCloseCalled()).isTrue();
        assertThat(this.target.held()).isNull();
    }

    @Test
    void closeWaitsForAnAcquisitionInFlightAndReleasesWhatArrives() {
        MockConnection real = MockConnection.empty();
        List<Throwable> callerErrors = new ArrayList<>();
        this.target.connection().subscribe(connection -> { }, callerErrors::add);
        List<String> closed = new ArrayList<>();
        this.target.close().subscribe(null, null, () -> closed.add("closed"));
        assertThat(closed).as("close waits for the connection in flight").isEmpty();
        this.factory.deliver(0, real);
        assertThat(real.isCloseCalled()).isTrue();
        assertThat(closed).containsExactly("closed");
        assertThat(callerErrors).singleElement().satisfies(error ->
            assertThat(error).hasMessage("routing connection is closed (target 'replica-1')"));
        StepVerifier.create(this.target.connection())
            .expectErrorMessage("routing connection is closed (target 'replica-1')")
            .verify(Duration.ofSeconds(5));
    }

    @Test
    void aFailedAcquisitionIsNotRemembered() {
        StepVerifier.create(this.target.connection())
            .then(() -> this.factory.fail(0, new IllegalStateException("server down")))
            .expectErrorMessage("server down")
            .verify(Duration.ofSeconds(5));
        MockConnection real = MockConnection.empty();
        StepVerifier.create(this.target.connection())
            .then(() -> this.factory.deliver(1, real))
            .expectNext(real)
            .verifyComplete();
    }

    @Test
    void aConnectionThatFailsPreparationIsClosedAndTheErrorReported() {
        TargetConnection failing = new TargetConnection(new Target("replica-1", "replicas", this.factory, 1, null, null),
            preparation(true, real -> Mono.error(new IllegalStateException("cannot apply statement timeout"))));
        MockConnection real = MockConnection.empty();
        StepVerifier.create(failing.connection())
            .then(() -> this.factory.deliver(0, real))
            .expectErrorMessage("cannot apply statement timeout")
            .verify(Duration.ofSeconds(5));
        assertThat(real.isCloseCalled()).isTrue();
        assertThat(failing.held()).isNull();
    }

    @Test
    void closeIsIdempotent() {
        MockConnection real = MockConnection.empty();
        this.target.connection().subscribe();
        this.factory.deliver(0, real);
        assertThat(this.target.held()).isSameAs(real);
        StepVerifier.create(this.target.close().then(this.target.close())).verifyComplete();
        assertThat(real.isCloseCalled()).isTrue();
    }

    @Test
    void aConnectionHandedOverAtOnceIsReturnedAsAValueAndCounted() {
        MockConnection real = MockConnection.empty();
        Target immediate = new Target("replica-1", "replicas", new ImmediateFactory(Mono.just(real)), 1, null, null);
        TargetConnection connection = new TargetConnection(immediate, preparation(false, ignored -> Mono.empty()));
        StepVerifier.create(connection.connection()).expectNext(real).verifyComplete();
        assertThat(connection.held()).isSameAs(real);
        assertThat(immediate.acquisitions()).isEqualTo(1);
        assertThat(immediate.acquisitionFailures()).isZero();
        assertThat(immediate.acquisitionNanos()).as("nobody waited, so no waiting time").isZero();
    }

    @Test
    void aConnectionReleasedByACloseRightAfterItsHandoverIsReportedAsClosed() {
        MockConnection real = MockConnection.empty();
        AtomicReference<TargetConnection> self = new AtomicReference<>();
        // the pool hands the connection over at once, and a close from elsewhere releases it before the caller looks
        Mono<Connection> handedOverThenClosed = Mono.fromDirect(Flux.<Connection>just(real)
            .doOnComplete(() -> self.get().close().subscribe()));
        Target immediate = new Target("replica-1", "replicas", new ImmediateFactory(handedOverThenClosed), 1, null, null);
        TargetConnection connection = new TargetConnection(immediate, preparation(false, ignored -> Mono.empty()));
        self.set(connection);
        StepVerifier.create(connection.connection())
            .expectErrorMessage("routing connection is closed (target 'replica-1')")
            .verify(Duration.ofSeconds(5));
        assertThat(real.isCloseCalled()).isTrue();
    }

    @Test
    void theWaitForAConnectionThatArrivesLaterIsTimed() throws InterruptedException {
        MockConnection real = MockConnection.empty();
        this.target.connection().subscribe();
        Thread.sleep(20);
        this.factory.deliver(0, real);
        assertThat(this.target.target.acquisitions()).isEqualTo(1);
        assertThat(this.target.target.acquisitionNanos()).isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos());
    }

    @Test
    void aFactoryThatCompletesEmptyIsReportedAndCounted() {
        Target empty = new Target("replica-1", "replicas", new ImmediateFactory(Mono.empty()), 1, null, null);
        TargetConnection connection = new TargetConnection(empty, preparation(false, ignored -> Mono.empty()));
        StepVerifier.create(connection.connection())
            .expectErrorMessage("connection factory of 'replica-1' completed without a connection")
            .verify(Duration.ofSeconds(5));
        assertThat(empty.acquisitionFailures()).isEqualTo(1);
        // nothing held and nothing in flight: close has nothing to wait for
        assertThat(connection.held()).isNull();
        StepVerifier.create(connection.close()).expectComplete().verify(Duration.ofSeconds(5));
    }

    @Test
    void aFactoryThatThrowsIsReportedAsAnErrorSignal() {
        ConnectionFactory throwing = new ImmediateFactory(null);
        TargetConnection connection = new TargetConnection(new Target("replica-1", "replicas", throwing, 1, null, null),
            preparation(false, ignored -> Mono.empty()));
        StepVerifier.create(connection.connection())
            .expectErrorMessage("factory is broken")
            .verify(Duration.ofSeconds(5));
        // nothing held and nothing in flight: close has nothing to wait for
        assertThat(connection.held()).isNull();
        StepVerifier.create(connection.close()).expectComplete().verify(Duration.ofSeconds(5));
    }

    /** A factory that answers at once with the given Mono, or throws from create() when given none. */
    private static final class ImmediateFactory implements ConnectionFactory {

        private final Mono<Connection> answer;

        ImmediateFactory(Mono<Connection> answer) {
            this.answer = answer;
        }

        @Override
        public Mono<Connection> create() {
            if (this.answer == null) {
                throw new IllegalStateException("factory is broken");
            }
            return this.answer;
        }

        @Override
        public ConnectionFactoryMetadata getMetadata() {
            return () -> "Immediate";
        }
    }
}
