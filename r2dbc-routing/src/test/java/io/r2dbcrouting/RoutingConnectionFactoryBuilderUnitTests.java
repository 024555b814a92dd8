package io.r2dbcrouting;

import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.test.MockConnectionFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The builder checks each argument at once and the cross-field rules at {@code build()}, with messages that name the
 * setting and the bad value.
 */
class RoutingConnectionFactoryBuilderUnitTests {

    private final ConnectionFactory factory = MockConnectionFactory.empty();

    @Test
    void buildsWithDefaults() {
        RoutingConnectionFactory routing = RoutingConnectionFactory.builder().primary(this.factory).replica(this.factory).build();
        assertThat(routing.isEnabled()).isTrue();
        assertThat(routing.getStrategy()).isEqualTo(RoutingStrategy.ROUND_ROBIN);
        assertThat(routing).hasToString("RoutingConnectionFactory[primary=primary, replicas=[replica-1(weight 1)], groups=[], "
            + "strategy=ROUND_ROBIN, stickyAfterWrite=true, enabled=true, healthCheckInterval=PT1S, fallbackToPrimary=true, "
            + "readConsistency=STICKY]");
    }

    @Test
    void rejectsAMissingPrimary() {
        assertThatThrownBy(() -> RoutingConnectionFactory.builder().replica(this.factory).build())
            .isInstanceOf(IllegalStateException.class)
            .hasMessage("primary must be set: call primary(ConnectionFactory) before build()");
    }

    @Test
    void rejectsASecondPrimary() {
        assertThatThrownBy(() -> RoutingConnectionFactory.builder().primary(this.factory).primary("other", this.factory))
            .isInstanceOf(IllegalStateException.class)
            .hasMessage("primary is already set to 'primary'; only one primary can be configured");
    }

    @Test
    void rejectsBadWeights() {
        assertThatThrownBy(() -> RoutingConnectionFactory.builder().replica("r2", this.factory, 0))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("weight must be positive, was 0 for replica 'r2'");
        assertThatThrownBy(() -> RoutingConnectionFactory.builder().replica("r3", this.factory, -4))
            .hasMessage("weight must be positive, was -4 for replica 'r3'");
    }

    @Test
    void rejectsDuplicateNames() {
        assertThatThrownBy(() -> RoutingConnectionFactory.builder().primary(this.factory).replica("primary", this.factory, 1))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("duplicate target name 'primary' (replica): every primary, replica and group member needs its own name");
        assertThatThrownBy(() -> RoutingConnectionFactory.builder().group("a", this.factory).group("a", this.factory))
            .hasMessage("duplicate group name 'a'");
    }

    @Test
    void rejectsNullsAndBlanks() {
        assertThatThrownBy(() -> RoutingConnectionFactory.builder().primary(null))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("primary connection factory must not be null");
        assertThatThrownBy(() -> RoutingConnectionFactory.builder().primary(" ", this.factory))
            .hasMessage("primary name must not be null or blank, was ' '");
        assertThatThrownBy(() -> RoutingConnectionFactory.builder().replica("r", null, 1))
            .hasMessage("connection factory of replica 'r' must not be null");
        assertThatThrownBy(() -> RoutingConnectionFactory.builder().group("g"))
            .hasMessage("group 'g' needs at least one connection factory");
        assertThatThrownBy(() -> RoutingConnectionFactory.builder().strategy(null))
            .hasMessage("strategy must not be null");
        assertThatThrownBy(() -> RoutingConnectionFactory.builder().primaryFunctions("audit.log", ""))
            .hasMessage("primary function name must not be null or blank, was ''");
        assertThatThrownBy(() -> RoutingConnectionFactory.builder().primaryFunctions("a.b.c"))
            .hasMessage("function name must be 'name' or 'schema.name' of unquoted identifiers, was 'a.b.c'");
        assertThatThrownBy(() -> Routing.group(""))
            .hasMessage("group name must not be null or blank, was ''");
    }

    @Test
    void namesGroupMembersAfterTheGroup() {
        RoutingConnectionFactory routing = RoutingConnectionFactory.builder().primary(this.factory)
            .group("solo", this.factory).group("pair", this.factory, this.factory).build();
        assertThat(routing.group("solo").targets).extracting(target -> target.name).containsExactly("solo");
        assertThat(routing.group("pair").targets).extracting(target -> target.name).containsExactly("pair-1", "pair-2");
        assertThatThrownBy(() -> routing.group("nope"))
            .hasMessage("unknown routing group 'nope'; the groups are [solo, pair]");
    }
}
