package io.r2dbcrouting.benchmarks.comparison;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.r2dbcrouting.benchmarks.comparison.AgentProtocol.Message;

/**
 * A {@link ContenderAgent} as the coordinator sees it: the child process, a thread that reads its replies into a
 * queue, and a thread that shows its standard error on the coordinator's, each line prefixed with the contender's id.
 * Every wait for a reply is bounded; a reply that says {@code error}, an agent that exits and a wait that times out are
 * all an {@link IllegalStateException} naming the agent.
 * <p>
 * {@link #close()} closes the agent's input (the agent quits), waits for it to exit, and destroys it if it does not.
 * Not thread-safe: one thread drives an agent.
 */
final class ContenderAgentProcess implements AutoCloseable {

    /** How long {@link #close()} waits for the agent to exit after its input was closed, before destroying it. */
    static final Duration EXIT_WAIT = ContenderAgent.EXIT_BOUND.plusSeconds(5);

    /** How long a destroyed agent is given to go before it is killed, and after that. */
    static final Duration DESTROY_WAIT = Duration.ofSeconds(5);

    /** Put into the reply queue when the agent's output ends. */
    private static final Message END = new Message("end-of-output");

    private final String id;

    private final Process process;

    private final BufferedWriter input;

    private final BlockingQueue<Message> replies = new LinkedBlockingQueue<>();

    private boolean ended;

    private ContenderAgentProcess(String id, Process process) {
        this.id = id;
        this.process = process;
        this.input = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
    }

    /**
     * Starts an agent.
     *
     * @param id          the contender's id, for messages and the console prefix
     * @param command     the agent's command line
     * @param environment added to (and overriding) the coordinator's environment
     * @param console     where the agent's standard error, and any line of its standard output that is not a
     *                    message, is shown
     * @throws IOException if the process cannot be started
     */
    static ContenderAgentProcess start(String id, List<String> command, Map<String, String> environment,
            PrintStream console) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        ContenderAgentProcess agent = new ContenderAgentProcess(id, builder.start());
        String prefix = "[" + id + "] ";
        daemon("agent-" + id + "-stdout", () -> agent.readReplies(line -> console.println(prefix + line)));
        daemon("agent-" + id + "-stderr", () -> forward(agent.process.getErrorStream(), line -> console.println(prefix
                + line)));
        return agent;
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    private void readReplies(Consumer<String> console) {
        try {
            forward(this.process.getInputStream(), line -> {
                try {
                    Optional<Message> message = Message.decode(line);
                    if (message.isPresent()) {
                        this.replies.add(message.get());
                    }
                    else {
                        console.accept(line);
                    }
                }
                catch (IllegalArgumentException ex) {
                    console.accept("malformed agent message, ignored: " + ex.getMessage());
                }
            });
        }
        finally {
            this.replies.add(END);
        }
    }

    private static void forward(InputStream stream, Consumer<String> lines) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.accept(line);
            }
        }
        catch (IOException ex) {
            // the process is gone; its exit code says more
        }
    }

    String id() {
        return this.id;
    }

    long pid() {
        return this.process.pid();
    }

    boolean isAlive() {
        return this.process.isAlive();
    }

    /**
     * Sends a command.
     *
     * @throws IllegalStateException if the agent cannot be written to (it exited)
     */
    void send(Message command) {
        try {
            this.input.write(command.encode());
            this.input.newLine();
            this.input.flush();
        }
        catch (IOException ex) {
            throw new IllegalStateException("Cannot send '" + command.verb() + "' to agent '" + this.id + "': "
                    + exitDescription(), ex);
        }
    }

    /**
     * The next reply, of any verb but {@code error}.
     *
     * @param awaiting what the reply answers, for messages
     * @throws IllegalStateException if the reply is an error, the agent's output ends, or no reply comes in time
     * @throws InterruptedException  if the calling thread is interrupted
     */
    Message await(String awaiting, Duration timeout) throws InterruptedException {
        Message reply = this.ended ? END : this.replies.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (reply == null) {
            throw new IllegalStateException("Agent '" + this.id + "' did not answer " + awaiting + " within "
                    + timeout.toSeconds() + " s");
        }
        if (reply == END) {
            this.ended = true;
            throw new IllegalStateException("Agent '" + this.id + "' " + exitDescription() + " before it answered "
                    + awaiting + " (its standard error is on the console, prefixed [" + this.id + "])");
        }
        if (reply.is(AgentProtocol.ERROR)) {
            throw new IllegalStateException("Agent '" + this.id + "' failed: " + reply.fields().getOrDefault("message",
                    "(no message)"));
        }
        return reply;
    }

    /**
     * The next reply, which must have the verb.
     *
     * @throws IllegalStateException as {@link #await(String, Duration)}, and if the reply has another verb
     */
    Message await(String verb, String awaiting, Duration timeout) throws InterruptedException {
        Message reply = await(awaiting, timeout);
        if (!reply.is(verb)) {
            throw new IllegalStateException("Agent '" + this.id + "' answered '" + reply.verb() + "' to " + awaiting
                    + ", expected '" + verb + "'");
        }
        return reply;
    }

    private String exitDescription() {
        try {
            if (this.process.waitFor(2, TimeUnit.SECONDS)) {
                return "exited with code " + this.process.exitValue();
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        return "closed its output";
    }

    /** Closes the agent's input, which tells it to quit. Idempotent. */
    void closeInput() {
        try {
            this.input.close();
        }
        catch (IOException ex) {
            // it is gone already
        }
    }

    /**
     * Waits for the agent to exit.
     *
     * @return whether it has exited
     */
    boolean awaitExit(Duration timeout) throws InterruptedException {
        return this.process.waitFor(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    }

    /**
     * Destroys the agent if it is still running: terminated, then killed {@link #DESTROY_WAIT} later, then waited for
     * as long again.
     *
     * @return whether it has exited
     */
    boolean destroy() throws InterruptedException {
        if (!this.process.isAlive()) {
            return true;
        }
        this.process.destroy();
        if (this.process.waitFor(DESTROY_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            return true;
        }
        this.process.destroyForcibly();
        return this.process.waitFor(DESTROY_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Kills the agent at once, without waiting: for the coordinator's shutdown hook. */
    void kill() {
        closeInput();
        this.process.destroyForcibly();
    }

    /**
     * Closes the agent's input, waits at most {@link #EXIT_WAIT} for it to exit, then destroys it.
     *
     * @throws IllegalStateException if it is still running after all that
     */
    @Override
    public void close() {
        closeInput();
        try {
            if (!awaitExit(EXIT_WAIT) && !destroy()) {
                throw new IllegalStateException("Agent '" + this.id + "' (pid " + pid() + ") is still running after "
                        + "it was killed");
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

}
