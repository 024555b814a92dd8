package io.r2dbcrouting;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoutingSessionUnitTests {

    @Test
    void aSessionWithoutWritesHasAnEmptyToken() {
        assertThat(new RoutingSession().token()).isEmpty();
    }

    @Test
    void theTokenCarriesTheRequiredPositionAndOnlyRaisesIt() {
        RoutingSession session = new RoutingSession();
        session.requirePosition(Lsn.parse("16/B374D848"));
        session.requirePosition(Lsn.parse("0/10"));           // an older position never lowers it
        String token = session.token();
        assertThat(token).isEqualTo("r2r1.16b374d848");
        RoutingSession resumed = Routing.session(Routing.session(token).apply(Context.empty()));
        assertThat(resumed.requiredPosition()).isEqualTo(Lsn.parse("16/B374D848"));
        assertThat(resumed).isNotSameAs(session);
        resumed.reset();
        assertThat(resumed.token()).isEmpty();
        assertThat(resumed.isStuckToPrimary()).isFalse();
    }

    @Test
    void everySubscriptionGetsItsOwnSession() {
        Mono<RoutingSession> current = Routing.currentSession().contextWrite(Routing.session());
        assertThat(current.block()).isNotSameAs(current.block());
        assertThat(Routing.currentSession().block()).isNull();
        assertThat(Routing.session(Routing.session("").apply(Context.empty())).token()).isEmpty();
    }

    @Test
    void rejectsWhatIsNotAToken() {
        assertThatThrownBy(() -> Routing.session("r2r1.")).hasMessage("not a routing session token: 'r2r1.'");
        assertThatThrownBy(() -> Routing.session("r2r1.xyz")).hasMessage("not a routing session token: 'r2r1.xyz'");
        assertThatThrownBy(() -> Routing.session("16/B374D848")).hasMessage("not a routing session token: '16/B374D848'");
        assertThatThrownBy(() -> Routing.session("r2r1.11111111111111111")).hasMessage("not a routing session token: 'r2r1.11111111111111111'");
        assertThatThrownBy(() -> Routing.session((String) null)).hasMessage("token must not be null");
        assertThatThrownBy(() -> Routing.maxStaleness(Duration.ofMillis(-1))).hasMessage("staleness must not be negative, was PT-0.001S");
    }
}
