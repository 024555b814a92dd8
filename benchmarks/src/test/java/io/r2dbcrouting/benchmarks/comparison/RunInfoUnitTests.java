package io.r2dbcrouting.benchmarks.comparison;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RunInfoUnitTests {

    @Test
    void roundTripsInOrderAndListsTheContenders() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("date", "2026-11-22 10:00 UTC");
        values.put("contender.router.title", "RoutingConnectionFactory");
        values.put("contender.router.setup", "a = b\nc");
        values.put("contender.pgpool.title", "pgpool-II");
        RunInfo read = RunInfo.read(new RunInfo(values).write());
        assertThat(read.values().keySet()).containsExactly("date", "contender.router.title", "contender.router.setup",
                "contender.pgpool.title");
        assertThat(read.get("contender.router.setup")).isEqualTo("a = b c");
        assertThat(read.contenders()).containsExactly("router", "pgpool");
        assertThat(read.get("missing", "fallback")).isEqualTo("fallback");
    }

    @Test
    void namesALineWithoutEquals() {
        assertThatIllegalArgumentException().isThrownBy(() -> RunInfo.read("a=1\n# comment\nnonsense\n"))
                .withMessage("run.properties line 3 must be key=value, was 'nonsense'");
    }

    @Test
    void describesTheMachine() {
        assertThat(RunInfo.describeMachine()).containsKeys("machine.cpu", "machine.cores", "machine.memory",
                "machine.os", "machine.kernel", "machine.java");
    }

}
