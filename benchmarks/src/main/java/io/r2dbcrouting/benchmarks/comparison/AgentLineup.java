package io.r2dbcrouting.benchmarks.comparison;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import io.r2dbcrouting.benchmarks.comparison.AgentProtocol.Message;
import io.r2dbcrouting.testcluster.PostgresCluster;
import org.jspecify.annotations.Nullable;

/**
 * The contenders of a run with {@code --isolation jvm}: one {@link ContenderAgent} process per contender, started
 * together with the coordinator's class path and JVM options ({@link #agentJvmArguments(List)}), each opening its own
 * contender alone against the coordinator's cluster. A contender its agent cannot open is left out with the reason,
 * as {@link ContenderLineup} leaves it out; an agent that fails otherwise fails the run.
 * <p>
 * {@link #close()} closes every agent's input, waits for them to exit (a bounded wait), and destroys those that do
 * not; a shutdown hook kills any agent still running when the coordinator exits without closing the lineup. Not
 * thread-safe: the coordinator's thread drives it.
 */
final class AgentLineup implements AutoCloseable {

    /**
     * Read-your-writes ids per agent: agent {@code i} (in {@link ContenderLineup#ALL}'s order) inserts ids from
     * {@code i × WRITE_ID_RANGE + 1} up, so agents never insert the same primary key.
     */
    static final long WRITE_ID_RANGE = 1_000_000_000_000L;

    /** How long the agents have, together, to start and open their contenders. */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final List<ContenderAgentProcess> agents;

    private final List<AgentContender> contenders;

    private final Map<String, String> unavailable;

    private final Map<String, String> versions;

    private final Thread shutdownHook;

    private AgentLineup(List<ContenderAgentProcess> agents, List<AgentContender> contenders,
            Map<String, String> unavailable, Map<String, String> versions, Thread shutdownHook) {
        this.agents = List.copyOf(agents);
        this.contenders = List.copyOf(contenders);
        this.unavailable = Collections.unmodifiableMap(new LinkedHashMap<>(unavailable));
        this.versions = Collections.unmodifiableMap(new LinkedHashMap<>(versions));
        this.shutdownHook = shutdownHook;
    }

    /**
     * Starts an agent per wanted contender, all at once, and waits until each is ready or has said why it is not.
     *
     * @param wanted    contender ids from {@link ContenderLineup#ALL}, in any order
     * @param pgpoolUrl pgpool-II's URL, or {@code null}
     * @param console   where the agents' standard error is shown
     * @throws IllegalStateException if an agent cannot be started, fails or does not answer in time (every agent
     *                               started is stopped first)
     * @throws InterruptedException  if the calling thread is interrupted (every agent started is stopped first)
     */
    static AgentLineup open(PostgresCluster cluster, List<String> wanted, int poolSize, int rows,
            @Nullable String pgpoolUrl, PrintStream console) throws InterruptedException {
        List<String> jvmArguments = agentJvmArguments(ManagementFactory.getRuntimeMXBean().getInputArguments());
        Map<String, String> environment = environment(cluster, pgpoolUrl);
        // read by the shutdown hook's thread
        List<ContenderAgentProcess> agents = new CopyOnWriteArrayList<>();
        Thread hook = new Thread(() -> agents.forEach(ContenderAgentProcess::kill), "contender-agents-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        List<AgentContender> contenders = new ArrayList<>();
        Map<String, String> unavailable = new LinkedHashMap<>();
        Map<String, String> versions = new LinkedHashMap<>();
        try {
            for (int i = 0; i < ContenderLineup.ALL.size(); i++) {
                String id = ContenderLineup.ALL.get(i);
                if (!wanted.contains(id)) {
                    continue;
                }
                ContenderAgent.Arguments arguments = new ContenderAgent.Arguments(id, poolSize, rows,
                        i * WRITE_ID_RANGE);
                List<String> command = command(jvmArguments, System.getProperty("java.class.path"), arguments);
                try {
                    agents.add(ContenderAgentProcess.start(id, command, environment, console));
                }
                catch (IOException ex) {
                    throw new IllegalStateException("Cannot start the agent of '" + id + "': " + ex.getMessage(), ex);
                }
            }
            long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
            for (ContenderAgentProcess agent : agents) {
                Message first = agent.await("its start", Duration.ofNanos(deadline - System.nanoTime()));
                if (first.is(AgentProtocol.READY)) {
                    contenders.add(AgentContender.of(agent, first));
                    versions.putAll(AgentContender.versions(first));
                }
                else if (first.is(AgentProtocol.UNAVAILABLE)) {
                    unavailable.put(agent.id(), first.get("reason"));
                }
                else {
                    throw new IllegalStateException("Agent '" + agent.id() + "' answered '" + first.verb()
                            + "' at its start, expected 'ready' or 'unavailable'");
                }
            }
        }
        catch (RuntimeException | InterruptedException ex) {
            try {
                new AgentLineup(agents, contenders, unavailable, versions, hook).close();
            }
            catch (RuntimeException closeFailure) {
                ex.addSuppressed(closeFailure);
            }
            throw ex;
        }
        return new AgentLineup(agents, contenders, unavailable, versions, hook);
    }

    /**
     * The coordinator's JVM options for its agents: all of them but those that attach an agent or a debugger or
     * start a flight recording, which would clash between processes (one port, one file).
     */
    static List<String> agentJvmArguments(List<String> inputArguments) {
        return inputArguments.stream()
                .filter(argument -> !argument.startsWith("-agentlib:") && !argument.startsWith("-agentpath:")
                        && !argument.startsWith("-javaagent:") && !argument.equals("-Xdebug")
                        && !argument.startsWith("-Xrunjdwp") && !argument.startsWith("-XX:StartFlightRecording")
                        && !argument.startsWith("-XX:FlightRecorderOptions"))
                .collect(Collectors.toList());
    }

    /** The command line of an agent: this JVM's {@code java}, the options, the class path, the agent's arguments. */
    static List<String> command(List<String> jvmArguments, String classPath, ContenderAgent.Arguments arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArguments);
        command.add("-cp");
        command.add(classPath);
        command.add(ContenderAgent.class.getName());
        command.addAll(arguments.toArgs());
        return command;
    }

    /**
     * The agents' environment: the coordinator's cluster as an external one (the agents connect to it and start
     * nothing), and pgpool-II's URL. Credentials travel here, not on the command line.
     */
    static Map<String, String> environment(PostgresCluster cluster, @Nullable String pgpoolUrl) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("R2DBC_ROUTING_CLUSTER", "external");
        environment.put("R2DBC_ROUTING_PRIMARY_URL", cluster.r2dbcUrl(cluster.primary()));
        environment.put("R2DBC_ROUTING_REPLICA_URLS",
                cluster.replicas().stream().map(cluster::r2dbcUrl).collect(Collectors.joining(",")));
        environment.put(ContenderAgent.PGPOOL_URL_ENV, pgpoolUrl == null ? "" : pgpoolUrl);
        return environment;
    }

    /** The contenders whose agents are ready, in {@link ContenderLineup#ALL}'s order. */
    List<AgentContender> contenders() {
        return this.contenders;
    }

    /** Contenders left out, with the reason their agent gave. */
    Map<String, String> unavailable() {
        return this.unavailable;
    }

    /** Versions the agents found while opening their contenders ({@code pgpool}). */
    Map<String, String> versions() {
        return this.versions;
    }

    /**
     * Warms every ready agent up at the same time, each with its contender's workloads mixed, and waits for them all.
     * An agent whose contender runs none of the workloads is left alone.
     *
     * @return each warmed-up contender's warm-up, by id
     * @throws IllegalStateException if an agent fails, exits or does not answer in time
     * @throws InterruptedException  if the calling thread is interrupted
     */
    Map<String, Measurement> warmUp(LoadPlan plan, List<Workload> workloads) throws InterruptedException {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("workloads", workloads.stream().map(Workload::id).collect(Collectors.joining(",")));
        fields.putAll(AgentProtocol.planFields(plan));
        List<AgentContender> warming = this.contenders.stream()
                .filter(contender -> workloads.stream().anyMatch(workload -> contender.support(workload).runs()))
                .collect(Collectors.toList());
        for (AgentContender contender : warming) {
            contender.agent().send(new Message(AgentProtocol.WARM_UP, fields));
        }
        long deadline = System.nanoTime() + plan.longest().plus(AgentContender.REPLY_SLACK).toNanos();
        Map<String, Measurement> warmups = new LinkedHashMap<>();
        for (AgentContender contender : warming) {
            Message reply = contender.agent().await(AgentProtocol.WARMED_UP, "'warm-up'",
                    Duration.ofNanos(deadline - System.nanoTime()));
            warmups.put(contender.id(), AgentProtocol.measurement(reply.fields()));
        }
        return warmups;
    }

    /**
     * Stops every agent: closes their inputs, waits for them to exit (at most {@link ContenderAgentProcess#EXIT_WAIT}
     * in all), then destroys those still running.
     *
     * @throws IllegalStateException if an agent is still running after it was killed
     */
    @Override
    public void close() {
        this.agents.forEach(ContenderAgentProcess::closeInput);
        long deadline = System.nanoTime() + ContenderAgentProcess.EXIT_WAIT.toNanos();
        List<String> survivors = new ArrayList<>();
        boolean interrupted = false;
        for (ContenderAgentProcess agent : this.agents) {
            try {
                if (interrupted || !agent.awaitExit(Duration.ofNanos(deadline - System.nanoTime()))) {
                    System.err.println("Agent '" + agent.id() + "' did not exit after its input was closed: "
                            + "destroying it");
                    if (interrupted) {
                        agent.kill();
                    }
                    else if (!agent.destroy()) {
                        survivors.add(agent.id() + " (pid " + agent.pid() + ")");
                    }
                }
            }
            catch (InterruptedException ex) {
                interrupted = true;
                agent.kill();
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
        }
        catch (IllegalStateException ex) {
            // the JVM is shutting down: the hook runs anyway and finds nothing alive
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (!survivors.isEmpty()) {
            throw new IllegalStateException("Agents still running after they were killed: " + survivors);
        }
    }

}
