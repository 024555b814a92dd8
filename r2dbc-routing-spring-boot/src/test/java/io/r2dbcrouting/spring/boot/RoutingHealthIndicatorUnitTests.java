package io.r2dbcrouting.spring.boot;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.r2dbcrouting.RoutingHealth;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * From the router's health report to Actuator's: the primary decides the status, every target is in the details.
 */
class RoutingHealthIndicatorUnitTests {

    private static final RoutingHealth.Target PRIMARY_UP = new RoutingHealth.Target("primary", "primary", true,
        Duration.ofMillis(3), null, null, null);

    private static final RoutingHealth.Target REPLICA_UP = new RoutingHealth.Target("replicas", "replica-1", true,
        Duration.ofMillis(2), null, 0L, Duration.ofMillis(12));

    private static final RoutingHealth.Target REPLICA_DOWN = new RoutingHealth.Target("replicas", "replica-2", false,
        Duration.ofSeconds(5), "Connection refused", null, null);

    @Test
    void upWithEveryTargetInTheDetails() {
        Health health = RoutingHealthIndicator.health(new RoutingHealth(List.of(PRIMARY_UP, REPLICA_UP)));

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsExactly(
            Map.entry("primary", Map.of("group", "primary", "status", "UP", "responseTimeMillis", 3L)),
            Map.entry("replica-1", Map.of("group", "replicas", "status", "UP", "responseTimeMillis", 2L,
                "lagBytes", 0L, "lagMillis", 12L)));
    }

    @Test
    void aReplicaDownLeavesTheStatusUpAndShowsInItsDetails() {
        Health health = RoutingHealthIndicator.health(new RoutingHealth(List.of(PRIMARY_UP, REPLICA_UP, REPLICA_DOWN)));

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails().get("replica-2")).isEqualTo(Map.of("group", "replicas", "status", "DOWN",
            "responseTimeMillis", 5000L, "error", "Connection refused"));
    }

    @Test
    void thePrimaryDownIsDown() {
        RoutingHealth.Target primaryDown = new RoutingHealth.Target("primary", "primary", false, Duration.ofSeconds(5),
            "timeout", null, null);

        assertThat(RoutingHealthIndicator.health(new RoutingHealth(List.of(primaryDown, REPLICA_UP))).getStatus())
            .isEqualTo(Status.DOWN);
    }
}
