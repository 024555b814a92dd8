package io.r2dbcrouting.spring.boot;

import java.util.function.Function;

import io.r2dbcrouting.ReadConsistency;
import io.r2dbcrouting.Routing;
import io.r2dbcrouting.RoutingSession;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * Runs every request of a WebFlux application in a routing session of its own ({@link Routing#session()}): once the
 * request has written, its later reads go to the primary, so a handler that saves and then reads back sees its write.
 * The session ends with the request: stickiness never leaks into another request, and concurrent requests never share
 * it.
 * <p>
 * In {@link ReadConsistency#CAUSAL} mode the session also has a token, the position of its last write
 * ({@link RoutingSession#token()}). This filter can carry it to the client's next request, in a cookie or a header,
 * and resume it there ({@link Routing#session(String)}): that request's reads then go only to replicas that have
 * replayed the write, else to the primary. The token is written when the response is committed, so it covers the
 * writes made before the first byte of the body; a malformed token from a client is ignored. In
 * {@link ReadConsistency#STICKY} mode there is no token and nothing is written.
 * <p>
 * Spring Boot registers one when {@code r2dbc.routing.web.enabled} is true (the default). Thread-safe.
 */
public final class RoutingSessionWebFilter implements WebFilter, Ordered {

    /** The default name of the token cookie. */
    public static final String DEFAULT_COOKIE_NAME = "R2DBC_ROUTING_SESSION";

    /** The default name of the token header. */
    public static final String DEFAULT_HEADER_NAME = "R2DBC-Routing-Session";

    /**
     * The default order: early, so that filters after it (security, auditing) read and write inside the session.
     */
    public static final int DEFAULT_ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

    private final RoutingProperties.TokenCarrier carrier;

    private final String name;

    private final int order;

    private RoutingSessionWebFilter(RoutingProperties.TokenCarrier carrier, String name, int order) {
        this.carrier = carrier;
        this.name = name;
        this.order = order;
    }

    /**
     * A filter that gives every request a fresh session and carries no token between requests.
     *
     * @return a new filter
     */
    public static RoutingSessionWebFilter withoutToken() {
        return new RoutingSessionWebFilter(RoutingProperties.TokenCarrier.NONE, "", DEFAULT_ORDER);
    }

    /**
     * A filter that carries the session token in a cookie ({@code HttpOnly}, {@code SameSite=Lax}, path {@code /},
     * {@code Secure} on HTTPS, ending with the browser session).
     *
     * @param cookieName the cookie's name
     * @return a new filter
     * @throws IllegalArgumentException if the name is blank
     */
    public static RoutingSessionWebFilter withTokenCookie(String cookieName) {
        Assert.hasText(cookieName, "cookieName must not be blank");
        return new RoutingSessionWebFilter(RoutingProperties.TokenCarrier.COOKIE, cookieName, DEFAULT_ORDER);
    }

    /**
     * A filter that reads the session token from a request header and returns it in the same response header; the
     * client copies it into its next requests.
     *
     * @param headerName the header's name
     * @return a new filter
     * @throws IllegalArgumentException if the name is blank
     */
    public static RoutingSessionWebFilter withTokenHeader(String headerName) {
        Assert.hasText(headerName, "headerName must not be blank");
        return new RoutingSessionWebFilter(RoutingProperties.TokenCarrier.HEADER, headerName, DEFAULT_ORDER);
    }

    /**
     * This filter at another position in the chain.
     *
     * @param order the order, as {@link Ordered} reads it
     * @return a new filter
     */
    public RoutingSessionWebFilter withOrder(int order) {
        return new RoutingSessionWebFilter(this.carrier, this.name, order);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String received = receivedToken(exchange.getRequest());
        return Routing.currentSession()
            .doOnNext(session -> exchange.getResponse().beforeCommit(() -> {
                sendToken(exchange, received, session.token());
                return Mono.empty();
            }))
            .then(Mono.defer(() -> chain.filter(exchange)))
            .contextWrite(session(received));
    }

    private static Function<Context, Context> session(@Nullable String token) {
        if (token != null) {
            try {
                return Routing.session(token);
            } catch (IllegalArgumentException malformed) {
                // a client's cookie or header is not ours to trust: start afresh
            }
        }
        return Routing.session();
    }

    private @Nullable String receivedToken(ServerHttpRequest request) {
        switch (this.carrier) {
            case COOKIE:
                HttpCookie cookie = request.getCookies().getFirst(this.name);
                return cookie == null ? null : cookie.getValue();
            case HEADER:
                return request.getHeaders().getFirst(this.name);
            default:
                return null;
        }
    }

    private void sendToken(ServerWebExchange exchange, @Nullable String received, String token) {
        if (!StringUtils.hasLength(token) || token.equals(received)) {
            return;
        }
        ServerHttpResponse response = exchange.getResponse();
        switch (this.carrier) {
            case COOKIE:
                response.addCookie(ResponseCookie.from(this.name, token)
                    .path("/")
                    .httpOnly(true)
                    .sameSite("Lax")
                    .secure(exchange.getRequest().getSslInfo() != null)
                    .build());
                break;
            case HEADER:
                response.getHeaders().set(this.name, token);
                break;
            default:
                break;
        }
    }

    @Override
    public int getOrder() {
        return this.order;
    }

    @Override
    public String toString() {
        return "RoutingSessionWebFilter[token=" + this.carrier
            + (this.carrier == RoutingProperties.TokenCarrier.NONE ? "" : " '" + this.name + "'") + "]";
    }
}
