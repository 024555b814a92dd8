package io.r2dbcrouting.benchmarks.comparison;

import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

import io.r2dbcrouting.benchmarks.comparison.AgentProtocol.Message;

/**
 * A contender that runs in its agent's JVM ({@code --isolation jvm}), as described by the agent's {@code ready}
 * reply, and measured there on command.
 */
final class AgentContender implements ContenderDescription {

    /** How long the coordinator waits for a reply beyond the plan's own length. */
    static final Duration REPLY_SLACK = Duration.ofSeconds(60);

    private final ContenderAgentProcess agent;

    private final String id;

    private final String title;

    private final String setup;

    private final Map<Workload, WorkloadSupport> supports;

    private AgentContender(ContenderAgentProcess agent, String id, String title, String setup,
            Map<Workload, WorkloadSupport> supports) {
        this.agent = agent;
        this.id = id;
        this.title = title;
        this.setup = setup;
        this.supports = new EnumMap<>(supports);
    }

    /**
     * The contender of a {@code ready} reply.
     *
     * @throws IllegalArgumentException if the reply lacks a field or names another contender than the agent's
     */
    static AgentContender of(ContenderAgentProcess agent, Message ready) {
        String id = ready.get("id");
        if (!id.equals(agent.id())) {
            throw new IllegalArgumentException("agent '" + agent.id() + "' is ready with contender '" + id + "'");
        }
        return new AgentContender(agent, id, ready.get("title"), ready.get("setup"), supports(ready));
    }

    /**
     * What a {@code ready} reply says the contender can do with each workload.
     *
     * @throws IllegalArgumentException if the reply lacks a workload or names an unknown kind
     */
    static Map<Workload, WorkloadSupport> supports(Message ready) {
        Map<Workload, WorkloadSupport> supports = new EnumMap<>(Workload.class);
        for (Workload workload : Workload.values()) {
            supports.put(workload, new WorkloadSupport(WorkloadSupport.Kind.of(ready.get("support." + workload.id())),
                    ready.get("note." + workload.id())));
        }
        return supports;
    }

    /** The versions a {@code ready} reply reports ({@code pgpool}), by name. */
    static Map<String, String> versions(Message ready) {
        Map<String, String> versions = new LinkedHashMap<>();
        ready.fields().forEach((key, value) -> {
            if (key.startsWith("version.")) {
                versions.put(key.substring("version.".length()), value);
            }
        });
        return versions;
    }

    @Override
    public String id() {
        return this.id;
    }

    @Override
    public String title() {
        return this.title;
    }

    @Override
    public String setup() {
        return this.setup;
    }

    @Override
    public WorkloadSupport support(Workload workload) {
        return this.supports.get(workload);
    }

    ContenderAgentProcess agent() {
        return this.agent;
    }

    /**
     * Runs the workload in the agent as the plan says, blocking until the agent answers.
     *
     * @param atMeasurementStart run on the calling thread when the agent says its window opened
     * @throws IllegalStateException if the agent fails, exits or does not answer in time
     * @throws InterruptedException  if the calling thread is interrupted
     */
    Measurement run(Workload workload, LoadPlan plan, Runnable atMeasurementStart) throws InterruptedException {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("workload", workload.id());
        fields.putAll(AgentProtocol.planFields(plan));
        this.agent.send(new Message(AgentProtocol.RUN, fields));
        String awaiting = "'run' of " + workload.id();
        this.agent.await(AgentProtocol.MEASURING, awaiting, plan.longestWarmup().plus(REPLY_SLACK));
        atMeasurementStart.run();
        Message result = this.agent.await(AgentProtocol.RESULT, awaiting,
                plan.duration().plus(plan.grace()).plus(REPLY_SLACK));
        return AgentProtocol.measurement(result.fields());
    }

}
