package io.r2dbcrouting.spring.boot;

import java.util.ArrayList;
import java.util.List;

import io.r2dbcrouting.Routing;
import io.r2dbcrouting.RoutingSession;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpCookie;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The per-request routing session, without a database: what the handler sees in its context, and what the response
 * carries back.
 */
class RoutingSessionWebFilterUnitTests {

    private final List<RoutingSession> seen = new ArrayList<>();

    /** A handler that records the routing session of its context. */
    private final WebFilterChain handler = exchange -> Routing.currentSession()
        .doOnNext(this.seen::add)
        .switchIfEmpty(Mono.error(new AssertionError("no routing session in the handler's context")))
        .then();

    @Test
    void everyRequestRunsInAFreshSessionOfItsOwn() {
        RoutingSessionWebFilter filter = RoutingSessionWebFilter.withoutToken();
        run(filter, MockServerHttpRequest.get("/items").build());
        run(filter, MockServerHttpRequest.get("/items").build());

        assertThat(this.seen).hasSize(2);
        assertThat(this.seen.get(0)).isNotSameAs(this.seen.get(1));
        assertThat(this.seen).allSatisfy(session -> {
            assertThat(session.isStuckToPrimary()).isFalse();
            assertThat(session.token()).isEmpty();
        });
    }

    @Test
    void resubscribingTheFilteredRequestStartsAnotherSession() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/items").build());
        Mono<Void> filtered = RoutingSessionWebFilter.withoutToken().filter(exchange, this.handler);
        StepVerifier.create(filtered).verifyComplete();
        StepVerifier.create(filtered).verifyComplete();

        assertThat(this.seen).hasSize(2);
        assertThat(this.seen.get(0)).isNotSameAs(this.seen.get(1));
    }

    @Test
    void aTokenCookieResumesTheClientsSession() {
        MockServerWebExchange exchange = run(RoutingSessionWebFilter.withTokenCookie("R2DBC_ROUTING_SESSION"),
            MockServerHttpRequest.get("/items").cookie(new HttpCookie("R2DBC_ROUTING_SESSION", "r2r1.16b3a28")).build());

        assertThat(this.seen).singleElement().satisfies(session -> assertThat(session.token()).isEqualTo("r2r1.16b3a28"));
        // the client has that token already
        assertThat(exchange.getResponse().getCookies()).isEmpty();
    }

    @Test
    void aTokenHeaderResumesTheClientsSession() {
        run(RoutingSessionWebFilter.withTokenHeader("R2DBC-Routing-Session"),
            MockServerHttpRequest.get("/items").header("R2DBC-Routing-Session", "r2r1.ff").build());

        assertThat(this.seen).singleElement().satisfies(session -> assertThat(session.token()).isEqualTo("r2r1.ff"));
    }

    @Test
    void aMalformedTokenStartsAFreshSession() {
        MockServerWebExchange exchange = run(RoutingSessionWebFilter.withTokenCookie("R2DBC_ROUTING_SESSION"),
            MockServerHttpRequest.get("/items").cookie(new HttpCookie("R2DBC_ROUTING_SESSION", "forged")).build());

        assertThat(this.seen).singleElement().satisfies(session -> assertThat(session.token()).isEmpty());
        assertThat(exchange.getResponse().getStatusCode()).isNull();
    }

    @Test
    void aTokenIsIgnoredWhenNoCarrierIsConfigured() {
        run(RoutingSessionWebFilter.withoutToken(),
            MockServerHttpRequest.get("/items").cookie(new HttpCookie("R2DBC_ROUTING_SESSION", "r2r1.ff")).build());

        assertThat(this.seen).singleElement().satisfies(session -> assertThat(session.token()).isEmpty());
    }

    @Test
    void namesMustNotBeBlank() {
        assertThatIllegalArgumentException().isThrownBy(() -> RoutingSessionWebFilter.withTokenCookie(" "))
            .withMessage("cookieName must not be blank");
        assertThatIllegalArgumentException().isThrownBy(() -> RoutingSessionWebFilter.withTokenHeader(""))
            .withMessage("headerName must not be blank");
    }

    @Test
    void itRunsEarlyUnlessToldOtherwise() {
        assertThat(RoutingSessionWebFilter.withoutToken().getOrder()).isEqualTo(RoutingSessionWebFilter.DEFAULT_ORDER);
        assertThat(RoutingSessionWebFilter.withoutToken().withOrder(5).getOrder()).isEqualTo(5);
    }

    private MockServerWebExchange run(RoutingSessionWebFilter filter, MockServerHttpRequest request) {
        MockServerWebExchange exchange = MockServerWebExchange.from(request);
        StepVerifier.create(filter.filter(exchange, this.handler).then(exchange.getResponse().setComplete()))
            .verifyComplete();
        return exchange;
    }
}
