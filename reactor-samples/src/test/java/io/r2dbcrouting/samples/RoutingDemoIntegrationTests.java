package io.r2dbcrouting.samples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import io.r2dbcrouting.RoutingReason;
import io.r2dbcrouting.testcluster.PostgresCluster;
import io.r2dbcrouting.testcluster.PostgresClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the demo's walkthrough on the shared test cluster and checks that every step was answered by the server its
 * rule names, so the demo cannot silently drift from the router's behaviour.
 */
@ExtendWith(PostgresClusterExtension.class)
class RoutingDemoIntegrationTests {

    @Test
    void everyStepIsAnsweredByTheServerItsRuleNames(PostgresCluster cluster) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<StepResult> steps = RoutingDemo.run(cluster, new PrintStream(printed, true, StandardCharsets.UTF_8));
        String table = printed.toString(StandardCharsets.UTF_8);

        // 20 routing rules, plus the failover and read-your-writes scenes when the cluster's nodes can be stopped
        int expected = cluster.canStopReplicas() ? 24 : 20;
        assertThat(steps).as(table).hasSize(expected).allSatisfy(step -> assertThat(step.answered())
            .as("step %d (%s): %s", step.number(), step.title(), step.sql())
            .isIn(step.acceptable()));
        assertThat(steps.stream().map(StepResult::reason).filter(Objects::nonNull).collect(Collectors.toSet()))
            .as("the rules the walkthrough shows")
            .contains(RoutingReason.READ, RoutingReason.WRITE, RoutingReason.STICKY, RoutingReason.FORCED,
                RoutingReason.GROUP);
        assertThat(table).endsWith(expected + " steps, all answered by the expected server" + System.lineSeparator());
    }
}
