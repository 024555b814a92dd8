package io.r2dbcrouting;

import java.util.stream.Stream;

import io.r2dbcrouting.internal.StatementKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.r2dbcrouting.internal.StatementKind.READ;
import static io.r2dbcrouting.internal.StatementKind.SESSION_STATE;
import static io.r2dbcrouting.internal.StatementKind.TRANSACTION_SETTING;
import static io.r2dbcrouting.internal.StatementKind.UNKNOWN;
import static io.r2dbcrouting.internal.StatementKind.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every routing rule of the core as one row: the state in, the decision out.
 */
class RoutingDeciderUnitTests {

    private static final RoutingHint NONE = null;

    private static final RoutingHint PRIMARY = RoutingHint.PRIMARY;

    private static final RoutingHint REPLICA = RoutingHint.REPLICA;

    private static final RoutingHint ANALYTICS = RoutingHint.group("analytics");

    /** Flags: s = serializable, r = read-only transaction, w = transaction wrote, p = pinned, t = session stuck. */
    static Stream<Arguments> rules() {
        return Stream.of(
            // rule, kind, hint, flags, sticky, replicas, expected
            arguments("auto-commit read goes to a replica", READ, NONE, "", true, true, "replica (read)"),
            arguments("write goes to the primary", WRITE, NONE, "", true, true, "primary (write)"),
            arguments("unknown goes to the primary", UNKNOWN, NONE, "", true, true, "primary (write)"),
            arguments("session state goes to the primary", SESSION_STATE, NONE, "", true, true, "primary (write)"),
            arguments("transaction setting goes with the reads", TRANSACTION_SETTING, NONE, "", true, true, "replica (read)"),
            arguments("read after a write in the transaction is sticky", READ, NONE, "w", true, true, "primary (sticky after write)"),
            arguments("transaction setting after the flip goes to the primary", TRANSACTION_SETTING, NONE, "w", true, true, "primary (sticky after write)"),
            arguments("without stickiness reads go back to a replica", READ, NONE, "w", false, true, "replica (read)"),
            arguments("session stuck sends reads to the primary", READ, NONE, "t", true, true, "primary (sticky after write)"),
            arguments("session stuck without stickiness is ignored", READ, NONE, "t", false, true, "replica (read)"),
            arguments("pinned connection keeps reads on the primary", READ, NONE, "p", true, true, "primary (sticky after write)"),
            arguments("pinned even without stickiness", READ, NONE, "p", false, true, "primary (sticky after write)"),
            arguments("forced primary", READ, PRIMARY, "", true, true, "primary (forced)"),
            arguments("forced replica beats stickiness", READ, REPLICA, "w", true, true, "replica (forced)"),
            arguments("forced replica beats a pinned connection", READ, REPLICA, "p", true, true, "replica (forced)"),
            arguments("forced replica never takes a write", WRITE, REPLICA, "", true, true, "primary (write)"),
            arguments("forced replica without replicas falls back", READ, REPLICA, "", true, false, "primary (fallback to primary)"),
            arguments("group takes reads", READ, ANALYTICS, "", true, true, "group 'analytics' (group)"),
            arguments("group takes writes", WRITE, ANALYTICS, "w", true, true, "group 'analytics' (group)"),
            arguments("group beats serializable", READ, ANALYTICS, "s", true, true, "group 'analytics' (group)"),
            arguments("no replicas: reads to the primary", READ, NONE, "", true, false, "primary (fallback to primary)"),
            arguments("serializable goes to the primary", READ, NONE, "s", true, true, "primary (serializable isolation)"),
            arguments("serializable beats forced replica", READ, REPLICA, "s", true, true, "primary (serializable isolation)"),
            arguments("serializable read-only still on the primary", READ, NONE, "sr", true, true, "primary (serializable isolation)"),
            arguments("read-only transaction reads on a replica", READ, NONE, "r", true, true, "replica (read)"),
            arguments("read-only transaction keeps writes on the replica", WRITE, NONE, "r", true, true, "replica (read)"),
            arguments("read-only transaction can be forced to the primary", READ, PRIMARY, "r", true, true, "primary (forced)"),
            arguments("read-only transaction of a stuck session runs on the primary", READ, NONE, "rt", true, true, "primary (sticky after write)"),
            arguments("read-only transaction without replicas", READ, NONE, "r", true, false, "primary (fallback to primary)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void decides(String rule, StatementKind kind, RoutingHint hint, String flags, boolean sticky, boolean replicas, String expected) {
        RoutingDecider decider = new RoutingDecider(sticky);
        Decision decision = decider.decide(kind, hint, flags.contains("s"), flags.contains("r"), flags.contains("w"),
            flags.contains("p"), flags.contains("t"), replicas);
        assertThat(decision).hasToString(expected);
    }
}
