package io.r2dbcrouting.benchmarks.comparison;

import java.util.List;
import java.util.Map;

import io.r2dbcrouting.benchmarks.comparison.AgentProtocol.Message;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The agent's command line and its {@code ready} reply, and how the coordinator builds an agent's command. */
class ContenderAgentUnitTests {

    @Test
    void parsesItsCommandLineAndWritesItBack() {
        ContenderAgent.Arguments arguments = ContenderAgent.Arguments.parse(new String[] {"--contender", "router",
                "--pool-size", "8", "--rows", "10000", "--write-id-base", "2000000000000"});
        assertThat(arguments).isEqualTo(new ContenderAgent.Arguments("router", 8, 10000, 2_000_000_000_000L));
        assertThat(ContenderAgent.Arguments.parse(arguments.toArgs().toArray(String[]::new))).isEqualTo(arguments);
        assertThat(ContenderAgent.Arguments.parse(new String[] {"--contender", "spring", "--pool-size", "2", "--rows",
                "100"}).writeIdBase()).isZero();
    }

    @Test
    void badArgumentsNameTheOptionAndValue() {
        assertThatIllegalArgumentException().isThrownBy(() -> ContenderAgent.Arguments.parse(new String[] {}))
                .withMessage("--contender ID is required");
        assertThatIllegalArgumentException().isThrownBy(() -> parse("--contender", "hikari"))
                .withMessageStartingWith("--contender: unknown contender 'hikari'; expected one of [direct,");
        assertThatIllegalArgumentException().isThrownBy(() -> parse("--contender", "router", "--rows", "100"))
                .withMessage("--pool-size N is required");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> parse("--contender", "router", "--pool-size", "0", "--rows", "100"))
                .withMessage("--pool-size must be a positive whole number, was '0'");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> parse("--contender", "router", "--pool-size", "8", "--rows", "lots"))
                .withMessage("--rows must be a whole number, was 'lots'");
        assertThatIllegalArgumentException().isThrownBy(() -> parse("--contender", "router", "--pool-size", "8",
                "--rows", "100", "--write-id-base", "-1"))
                .withMessage("--write-id-base must not be negative, was '-1'");
        assertThatIllegalArgumentException().isThrownBy(() -> parse("--contender", "router", "--speed", "1"))
                .withMessage("unknown option --speed");
        assertThatIllegalArgumentException().isThrownBy(() -> parse("--contender"))
                .withMessage("expected --option value pairs, got '--contender' without a value");
    }

    private static ContenderAgent.Arguments parse(String... args) {
        return ContenderAgent.Arguments.parse(args);
    }

    @Test
    void itsReadyReplyCarriesTheDescriptionSupportAndVersions() {
        Contender contender = new DescribedContender();
        Message ready = Message.decode(ContenderAgent.ready(contender, Map.of("pgpool", "pgpool-II 4.3.5 (x)"))
                .encode()).orElseThrow();
        assertThat(ready.verb()).isEqualTo(AgentProtocol.READY);
        assertThat(ready.get("id")).isEqualTo("router-flip");
        assertThat(ready.get("title")).isEqualTo("RoutingConnectionFactory, tx flip");
        assertThat(ready.get("setup")).isEqualTo("a router, default options");
        assertThat(Long.parseLong(ready.get("pid"))).isEqualTo(ProcessHandle.current().pid());
        Map<Workload, WorkloadSupport> supports = AgentContender.supports(ready);
        for (Workload workload : Workload.values()) {
            assertThat(supports.get(workload)).isEqualTo(contender.support(workload));
        }
        assertThat(AgentContender.versions(ready)).containsExactly(Map.entry("pgpool", "pgpool-II 4.3.5 (x)"));
    }

    @Test
    void agentsGetTheCoordinatorsJvmOptionsButNoAgentDebuggerOrRecording() {
        assertThat(AgentLineup.agentJvmArguments(List.of("-Xms1g", "-Xmx1g",
                "-agentlib:jdwp=transport=dt_socket,server=y,address=5005", "-agentpath:/opt/async/libprofiler.so",
                "-javaagent:/opt/jacoco.jar", "-Xdebug", "-Xrunjdwp:transport=dt_socket", "-XX:+UseG1GC",
                "-XX:StartFlightRecording=filename=rec.jfr", "-XX:FlightRecorderOptions=stackdepth=96",
                "-Dfile.encoding=UTF-8")))
                .containsExactly("-Xms1g", "-Xmx1g", "-XX:+UseG1GC", "-Dfile.encoding=UTF-8");
    }

    @Test
    void anAgentsCommandIsThisJavaWithTheOptionsClassPathAndArguments() {
        List<String> command = AgentLineup.command(List.of("-Xmx1g"), "a.jar:b.jar",
                new ContenderAgent.Arguments("spring", 8, 10000, AgentLineup.WRITE_ID_RANGE * 4));
        assertThat(command.get(0)).startsWith(System.getProperty("java.home")).endsWith("java");
        assertThat(command.subList(1, command.size())).containsExactly("-Xmx1g", "-cp", "a.jar:b.jar",
                "io.r2dbcrouting.benchmarks.comparison.ContenderAgent", "--contender", "spring", "--pool-size", "8",
                "--rows", "10000", "--write-id-base", "4000000000000");
    }

    /** A contender that only describes itself. */
    private static final class DescribedContender implements Contender {

        @Override
        public String id() {
            return "router-flip";
        }

        @Override
        public String title() {
            return "RoutingConnectionFactory, tx flip";
        }

        @Override
        public String setup() {
            return "a router, default options";
        }

        @Override
        public WorkloadSupport support(Workload workload) {
            return switch (workload) {
                case MIX -> WorkloadSupport.CORRECT;
                case POINT_READ -> WorkloadSupport.correct("the caller picks, = & %");
                case READ_YOUR_WRITES -> WorkloadSupport.notRun("outside transactions it is the router above");
            };
        }

        @Override
        public Mono<Void> pointRead(int id) {
            return Mono.empty();
        }

        @Override
        public Mono<Void> mixTransaction(int id) {
            return Mono.empty();
        }

        @Override
        public Mono<Void> readYourWrites(long id) {
            return Mono.empty();
        }

    }

}
