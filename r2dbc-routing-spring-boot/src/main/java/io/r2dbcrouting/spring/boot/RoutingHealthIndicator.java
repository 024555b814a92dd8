package io.r2dbcrouting.spring.boot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.r2dbcrouting.RoutingConnectionFactory;
import io.r2dbcrouting.RoutingHealth;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.ReactiveHealthIndicator;
import org.springframework.boot.actuate.health.Status;
import reactor.core.publisher.Mono;

/**
 * The health of a {@link RoutingConnectionFactory} for Spring Boot Actuator: {@code UP} while the primary is up,
 * {@code DOWN} when it is not, with every target's state in the details. A replica or group member that is down
 * leaves the status {@code UP} (reads go to the other replicas, or to the primary) and shows in its details.
 * <pre class="code">
 * "r2dbc": {
 *   "status": "UP",
 *   "details": {
 *     "primary":   { "group": "primary",  "status": "UP", "responseTimeMillis": 3 },
 *     "replica-1": { "group": "replicas", "status": "UP", "responseTimeMillis": 2, "lagBytes": 0, "lagMillis": 0 },
 *     "replica-2": { "group": "replicas", "status": "DOWN", "responseTimeMillis": 5000, "error": "..." }
 *   }
 * }
 * </pre>
 * Each check acquires a connection from every target and validates it with the server
 * ({@link RoutingConnectionFactory#healthCheck()}).
 */
public final class RoutingHealthIndicator implements ReactiveHealthIndicator {

    private final RoutingConnectionFactory factory;

    /**
     * Creates an indicator.
     *
     * @param factory the router to check
     */
    public RoutingHealthIndicator(RoutingConnectionFactory factory) {
        this.factory = factory;
    }

    @Override
    public Mono<Health> health() {
        return this.factory.healthCheck()
            .map(RoutingHealthIndicator::health)
            .onErrorResume(failure -> Mono.just(Health.down(failure).build()));
    }

    static Health health(RoutingHealth health) {
        List<RoutingHealth.Target> targets = health.targets();
        // the report lists the primary first
        boolean primaryUp = !targets.isEmpty() && targets.get(0).up();
        Health.Builder builder = primaryUp ? Health.up() : Health.down();
        for (RoutingHealth.Target target : targets) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("group", target.group());
            details.put("status", (target.up() ? Status.UP : Status.DOWN).getCode());
            details.put("responseTimeMillis", target.responseTime().toMillis());
            if (target.error() != null) {
                details.put("error", target.error());
            }
            if (target.lagBytes() != null) {
                details.put("lagBytes", target.lagBytes());
            }
            if (target.lag() != null) {
                details.put("lagMillis", target.lag().toMillis());
            }
            builder.withDetail(target.name(), details);
        }
        return builder.build();
    }
}
