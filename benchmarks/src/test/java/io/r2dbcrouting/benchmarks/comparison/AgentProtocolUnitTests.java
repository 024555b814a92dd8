package io.r2dbcrouting.benchmarks.comparison;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.r2dbcrouting.benchmarks.comparison.AgentProtocol.Message;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AgentProtocolUnitTests {

    @Test
    void aMessageIsOneLineOfPercentEncodedFieldsThatReadsBack() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("title", "RoutingConnectionFactory, tx flip");
        fields.put("setup", "a = b & c: 100% …\nsecond line\ttab");
        fields.put("note.point-read", "");
        Message message = new Message(AgentProtocol.READY, fields);

        String line = message.encode();
        assertThat(line).startsWith("r2r-agent ready title=RoutingConnectionFactory%2C+tx+flip setup=a+%3D+b+%26")
                .doesNotContain("\n", "\t").contains(" note.point-read=");
        Message read = Message.decode(line).orElseThrow();
        assertThat(read).isEqualTo(message);
        assertThat(read.fields().keySet()).containsExactly("title", "setup", "note.point-read");
        assertThat(read.is(AgentProtocol.READY)).isTrue();
        assertThat(Message.decode(new Message(AgentProtocol.QUIT).encode())).contains(new Message(AgentProtocol.QUIT));
    }

    @Test
    void linesWithoutThePrefixAreNotMessages() {
        assertThat(Message.decode("OpenJDK 64-Bit Server VM warning: Sharing is only supported for boot loader classes"))
                .isEmpty();
        assertThat(Message.decode("r2r-agentready")).isEmpty();
        assertThat(Message.decode("")).isEmpty();
    }

    @Test
    void malformedMessagesAreNamed() {
        assertThatIllegalArgumentException().isThrownBy(() -> Message.decode("r2r-agent  "))
                .withMessage("agent message without a verb: 'r2r-agent  '");
        assertThatIllegalArgumentException().isThrownBy(() -> Message.decode("r2r-agent run workload"))
                .withMessage("agent message field 1 must be key=value, was 'workload' in 'r2r-agent run workload'");
        assertThatIllegalArgumentException().isThrownBy(() -> Message.decode("r2r-agent run a=1 a=2"))
                .withMessage("agent message field 'a' appears twice in 'r2r-agent run a=1 a=2'");
        assertThatIllegalArgumentException().isThrownBy(() -> Message.decode("r2r-agent run a=%zz"))
                .withMessageStartingWith("agent message field 1 has a malformed value: 'a=%zz'");
        assertThatIllegalArgumentException().isThrownBy(() -> Message.decode("r2r-agent Run"))
                .withMessage("verb must be a lower-case name ([a-z0-9._-]), was 'Run'");
        assertThatIllegalArgumentException().isThrownBy(() -> new Message("run", Map.of("bad key", "1")))
                .withMessage("field name must be a lower-case name ([a-z0-9._-]), was 'bad key'");
        assertThatIllegalArgumentException().isThrownBy(() -> new Message("run").get("workload"))
                .withMessage("agent message 'run' has no field 'workload': []");
    }

    @Test
    void aMeasurementReadsBackWithItsLatenciesAndErrorKinds() {
        Histogram latencies = new Histogram(LoadGenerator.LOWEST_NANOS, LoadGenerator.HIGHEST_NANOS, 3);
        for (long nanos = 1_000; nanos < 50_000_000; nanos += 7_919) {
            latencies.recordValue(nanos);
        }
        latencies.recordValue(LoadGenerator.HIGHEST_NANOS);
        Map<String, Long> errorKinds = new LinkedHashMap<>();
        errorKinds.put("SQLSTATE 25006: cannot execute UPDATE in a read-only transaction", 120L);
        errorKinds.put("stale read (row not found after its INSERT)", 3L);
        errorKinds.put("odd: a,b:c=d%e …", 1L);
        Measurement measurement = new Measurement(latencies.getTotalCount(), 124, 2, 5_000_000_000L, latencies,
                errorKinds, 1_234_567_890L, -1, 3_000_000_001L);

        Message message = Message.decode(new Message(AgentProtocol.RESULT,
                AgentProtocol.measurementFields(measurement)).encode()).orElseThrow();
        Measurement read = AgentProtocol.measurement(message.fields());

        assertThat(read.operations()).isEqualTo(measurement.operations());
        assertThat(read.errors()).isEqualTo(124);
        assertThat(read.unfinished()).isEqualTo(2);
        assertThat(read.windowNanos()).isEqualTo(5_000_000_000L);
        assertThat(read.cpuNanos()).isEqualTo(1_234_567_890L);
        assertThat(read.jitNanos()).isEqualTo(-1);
        assertThat(read.warmupNanos()).isEqualTo(3_000_000_001L);
        assertThat(read.errorKinds()).isEqualTo(errorKinds);
        assertThat(read.latencies()).isEqualTo(latencies);
        assertThat(read.percentileMillis(99)).isEqualTo(measurement.percentileMillis(99));
        assertThat(read.maxMillis()).isEqualTo(measurement.maxMillis());
    }

    @Test
    void anEmptyMeasurementReadsBack() {
        Measurement empty = new Measurement(0, 0, 0, 1_000_000_000L,
                new Histogram(LoadGenerator.LOWEST_NANOS, LoadGenerator.HIGHEST_NANOS, 3), Map.of(), -1, -1, 0);
        Map<String, String> fields = AgentProtocol.measurementFields(empty);
        assertThat(fields.get("error_kinds")).isEmpty();
        Measurement read = AgentProtocol.measurement(fields);
        assertThat(read.latencies().getTotalCount()).isZero();
        assertThat(read.errorKinds()).isEmpty();
        assertThat(read.percentileMillis(50)).isNaN();
    }

    @Test
    void badMeasurementFieldsAreNamed() {
        Map<String, String> fields = new LinkedHashMap<>(AgentProtocol.measurementFields(new Measurement(0, 0, 0, 1,
                new Histogram(LoadGenerator.LOWEST_NANOS, LoadGenerator.HIGHEST_NANOS, 3), Map.of(), -1, -1, 0)));
        fields.put("operations", "many");
        assertThatIllegalArgumentException().isThrownBy(() -> AgentProtocol.measurement(fields))
                .withMessage("agent measurement field 'operations' must be a whole number, was 'many'");
        fields.remove("operations");
        assertThatIllegalArgumentException().isThrownBy(() -> AgentProtocol.measurement(fields))
                .withMessageStartingWith("agent measurement has no field 'operations': [errors, unfinished,");
        assertThatIllegalArgumentException().isThrownBy(() -> AgentProtocol.histogram("not-a-histogram"))
                .withMessage("latencies must be a compressed histogram in URL-safe Base64, was 'not-a-histogram'");
        assertThatIllegalArgumentException().isThrownBy(() -> AgentProtocol.errorKinds("3:ok,oops"))
                .withMessage("error kinds must be count:kind pairs, was 'oops'");
    }

    @Test
    void aLoadPlanReadsBack() {
        LoadPlan plan = new LoadPlan(32, Duration.ofMillis(1000), Duration.ofMillis(2500), Duration.ofSeconds(30),
                Duration.ofSeconds(6), Duration.ofSeconds(1));
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("workload", "mix-90-10");
        fields.putAll(AgentProtocol.planFields(plan));
        Message message = Message.decode(new Message(AgentProtocol.RUN, fields).encode()).orElseThrow();
        assertThat(message.encode()).isEqualTo("r2r-agent run workload=mix-90-10 concurrency=32 warmup_ms=1000 "
                + "longest_warmup_ms=6000 quiet_ms=1000 duration_ms=2500 grace_ms=30000");
        assertThat(AgentProtocol.plan(message.fields())).isEqualTo(plan);
        assertThat(plan.longest()).isEqualTo(Duration.ofMillis(38_500));
        assertThatIllegalArgumentException().isThrownBy(() -> AgentProtocol.plan(Map.of("concurrency", "32")))
                .withMessage("agent plan has no field 'warmup_ms': [concurrency]");
    }

}
