package io.r2dbcrouting;

import java.time.Duration;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Routing hints and routing sessions, carried in the Reactor {@link Context}: never in thread-locals.
 * <pre class="code">
 * repo.findById(id).contextWrite(Routing.primary());          // read from the primary
 * repo.findAll().contextWrite(Routing.replica());              // read from a replica even when stuck to the primary
 * repo.count().contextWrite(Routing.group("analytics"));       // everything to the "analytics" bind group
 * handler.handle(request).contextWrite(Routing.session());     // read-your-writes for one unit of work
 * </pre>
 * A hint applies to everything subscribed under it. The router reads it from the context of each statement's
 * subscriber, falling back to the context the connection was created under, so a hint on one query inside a longer
 * transaction applies to that query alone. When hints are nested, the innermost one (closest to the query) wins.
 * Whatever the hint, a mutating statement never goes to a replica.
 */
public final class Routing {

    private static final Object HINT_KEY = Routing.class.getName() + ".hint";

    private static final Object SESSION_KEY = Routing.class.getName() + ".session";

    private static final Object STALENESS_KEY = Routing.class.getName() + ".maxStaleness";

    private static final Function<Context, Context> PRIMARY = context -> context.put(HINT_KEY, RoutingHint.PRIMARY);

    private static final Function<Context, Context> REPLICA = context -> context.put(HINT_KEY, RoutingHint.REPLICA);

    private static final Function<Context, Context> SESSION = context -> context.put(SESSION_KEY, new RoutingSession());

    private Routing() {
    }

    /**
     * Sends everything subscribed under it to the primary (the default group).
     *
     * @return a function for {@code contextWrite}
     */
    public static Function<Context, Context> primary() {
        return PRIMARY;
    }

    /**
     * Sends reads subscribed under it to a replica (the read group), even inside a transaction that is stuck to the
     * primary. Mutating statements still go to the primary. With no replica configured, reads go to the primary.
     *
     * @return a function for {@code contextWrite}
     */
    public static Function<Context, Context> replica() {
        return REPLICA;
    }

    /**
     * Sends every statement subscribed under it, reads and writes, to the named bind group: a database of its own.
     * A name that the factory does not know fails at subscription with an error naming the groups that exist.
     *
     * @param name the group name given to {@code RoutingConnectionFactory.Builder#group}
     * @return a function for {@code contextWrite}
     * @throws IllegalArgumentException if {@code name} is {@code null} or blank
     */
    public static Function<Context, Context> group(String name) {
        Assert.notBlank(name, "group name");
        RoutingHint hint = RoutingHint.group(name);
        return context -> context.put(HINT_KEY, hint);
    }

    /**
     * Starts a fresh routing session for every subscription under it: sticky-after-write then spans all the
     * connections and statements of that subscription (see {@link RoutingSession}).
     *
     * @return a function for {@code contextWrite}
     */
    public static Function<Context, Context> session() {
        return SESSION;
    }

    /**
     * Like {@link #session()}, resuming the read-your-writes position of an earlier session from its
     * {@link RoutingSession#token()}: in {@link ReadConsistency#CAUSAL} mode, reads under it go only to replicas that
     * have replayed that session's writes (else to the primary). An empty token starts a fresh session.
     *
     * @param token a token from {@link RoutingSession#token()}, or the empty string
     * @return a function for {@code contextWrite}
     * @throws IllegalArgumentException if the token is {@code null} or not a routing session token (a web filter
     *                                  taking tokens from clients should treat that as "no token")
     */
    public static Function<Context, Context> session(String token) {
        Assert.notNull(token, "token");
        long position = RoutingSession.parseToken(token);
        return context -> context.put(SESSION_KEY, new RoutingSession(position));
    }

    /**
     * Bounds how stale the reads subscribed under it may be: they go only to replicas known to be at most this far
     * behind the primary (by the background monitor's last check), else to the primary.
     *
     * @param staleness how far behind a replica may be, zero or more
     * @return a function for {@code contextWrite}
     * @throws IllegalArgumentException if {@code staleness} is {@code null} or negative
     */
    public static Function<Context, Context> maxStaleness(Duration staleness) {
        Assert.notNull(staleness, "staleness");
        Assert.isTrue(!staleness.isNegative(), "staleness must not be negative, was " + staleness);
        Long nanos = staleness.toNanos();
        return context -> context.put(STALENESS_KEY, nanos);
    }

    /**
     * The routing session of the subscriber's context.
     *
     * @return the session, or empty when no {@link #session()} is in the context
     */
    public static Mono<RoutingSession> currentSession() {
        return Mono.deferContextual(context -> Mono.justOrEmpty(session(context)));
    }

    static @Nullable RoutingHint hint(ContextView context) {
        return context.getOrDefault(HINT_KEY, null);
    }

    static @Nullable RoutingSession session(ContextView context) {
        return context.getOrDefault(SESSION_KEY, null);
    }

    /** The staleness bound of the context in nanoseconds, or -1. */
    static long maxStalenessNanos(ContextView context) {
        Long nanos = context.getOrDefault(STALENESS_KEY, null);
        return nanos == null ? -1 : nanos;
    }
}
