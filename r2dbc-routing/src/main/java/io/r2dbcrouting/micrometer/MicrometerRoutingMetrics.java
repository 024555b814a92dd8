package io.r2dbcrouting.micrometer;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.r2dbcrouting.RoutingConnectionFactory;
import io.r2dbcrouting.RoutingReason;
import io.r2dbcrouting.RoutingStats;

/**
 * Binds a {@link RoutingConnectionFactory}'s counters to a Micrometer {@link MeterRegistry}. The meters read the
 * factory's own counters when the registry is scraped, so routing records nothing extra per statement.
 * <pre class="code">
 * new MicrometerRoutingMetrics(routing).bindTo(registry);
 * </pre>
 * <table>
 * <caption>Meters (tags: {@code target}, {@code group}, and any common tags given)</caption>
 * <tr><th>Name</th><th>Type</th><th>What</th></tr>
 * <tr><td>{@value #STATEMENTS}</td><td>function counter, also tagged {@code reason}</td><td>statements routed to the target for
 *   that reason ({@code read}, {@code write}, {@code sticky}, {@code forced}, {@code group}, {@code fallback},
 *   {@code isolation})</td></tr>
 * <tr><td>{@value #ACQUISITIONS}</td><td>function timer</td><td>real connections acquired from the target and the time it took</td></tr>
 * <tr><td>{@value #ACQUISITION_FAILURES}</td><td>function counter</td><td>acquisitions that failed</td></tr>
 * <tr><td>{@value #POOL_PREFIX}{@code acquired|idle|pending|allocated|max}</td><td>gauge</td><td>the target's r2dbc-pool
 *   statistics, for targets that are a {@code ConnectionPool}</td></tr>
 * </table>
 * Tags are bounded: one value per target name, group and reason, never SQL text.
 */
public final class MicrometerRoutingMetrics implements MeterBinder {

    /** Statements routed, by target and reason. */
    public static final String STATEMENTS = "r2dbc.routing.statements";

    /** Connection acquisitions per target. */
    public static final String ACQUISITIONS = "r2dbc.routing.acquisitions";

    /** Failed connection acquisitions per target. */
    public static final String ACQUISITION_FAILURES = "r2dbc.routing.acquisition.failures";

    /** The prefix of the pool gauges. */
    public static final String POOL_PREFIX = "r2dbc.routing.pool.";

    private final RoutingConnectionFactory factory;

    private final Tags commonTags;

    /**
     * Creates a binder for a factory.
     *
     * @param factory the factory whose counters to expose
     */
    public MicrometerRoutingMetrics(RoutingConnectionFactory factory) {
        this(factory, Tags.empty());
    }

    /**
     * Creates a binder for a factory, adding tags to every meter (for example the name of the application's
     * database when it has several routing factories).
     *
     * @param factory    the factory whose counters to expose
     * @param commonTags tags added to every meter
     */
    public MicrometerRoutingMetrics(RoutingConnectionFactory factory, Iterable<Tag> commonTags) {
        if (factory == null) {
            throw new IllegalArgumentException("factory must not be null");
        }
        this.factory = factory;
        this.commonTags = Tags.of(commonTags);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        List<RoutingStats.Target> targets = this.factory.stats().targets();
        for (RoutingStats.Target target : targets) {
            String name = target.name();
            Tags tags = this.commonTags.and("target", name, "group", target.group());
            for (RoutingReason reason : RoutingReason.values()) {
                FunctionCounter.builder(STATEMENTS, this.factory, factory -> factory.stats().target(name).routed().get(reason))
                    .description("Statements routed to the target, by reason")
                    .tags(tags.and("reason", reason.tag()))
                    .register(registry);
            }
            FunctionTimer.builder(ACQUISITIONS, this.factory,
                    factory -> factory.stats().target(name).acquisitions(),
                    factory -> factory.stats().target(name).acquisitionTime().toNanos(), TimeUnit.NANOSECONDS)
                .description("Real connections acquired from the target by the router")
                .tags(tags)
                .register(registry);
            FunctionCounter.builder(ACQUISITION_FAILURES, this.factory, factory -> factory.stats().target(name).acquisitionFailures())
                .description("Connection acquisitions from the target that failed")
                .tags(tags)
                .register(registry);
            if (target.pool() != null) {
                gauge(registry, "acquired", name, tags, RoutingStats.Pool::acquired);
                gauge(registry, "idle", name, tags, RoutingStats.Pool::idle);
                gauge(registry, "pending", name, tags, RoutingStats.Pool::pending);
                gauge(registry, "allocated", name, tags, RoutingStats.Pool::allocated);
                gauge(registry, "max", name, tags, RoutingStats.Pool::max);
            }
        }
    }

    private void gauge(MeterRegistry registry, String what, String target, Tags tags, ToDoubleFunction<RoutingStats.Pool> value) {
        Gauge.builder(POOL_PREFIX + what, this.factory, factory -> {
                RoutingStats.Pool pool = factory.stats().target(target).pool();
                return pool == null ? Double.NaN : value.applyAsDouble(pool);
            })
            .description("Connections " + what + " in the target's pool")
            .tags(tags)
            .register(registry);
    }
}
