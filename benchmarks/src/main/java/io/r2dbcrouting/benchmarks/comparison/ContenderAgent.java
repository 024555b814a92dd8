package io.r2dbcrouting.benchmarks.comparison;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.r2dbcrouting.benchmarks.comparison.AgentProtocol.Message;
import io.r2dbcrouting.testcluster.PostgresCluster;
import org.jspecify.annotations.Nullable;

/**
 * One contender of the comparison in a JVM of its own, driven by the coordinator ({@link ComparisonMain} with
 * {@code --isolation jvm}, which starts it) over {@link AgentProtocol}: it opens its contender alone, says
 * {@code ready} (or {@code unavailable}, and exits), then warms up and runs workloads on command, one at a time, and
 * exits when its standard input ends or says {@code quit}. So the contender's code, and every call site of the driver,
 * the pools and Reactor, is compiled with this contender's profile only, as in an application with one connection
 * factory.
 * <pre>
 * java … io.r2dbcrouting.benchmarks.comparison.ContenderAgent --contender router --pool-size 8 --rows 10000 \
 *     [--write-id-base 2000000000000]
 * </pre>
 * The cluster comes from {@link PostgresCluster#start()}: the coordinator sets {@code R2DBC_ROUTING_CLUSTER=external}
 * and the nodes' URLs in the agent's environment, so that the agent connects to the coordinator's cluster and starts
 * nothing; pgpool-II's URL comes from {@code R2DBC_ROUTING_PGPOOL_URL}. Read-your-writes inserts ids from
 * {@code --write-id-base + 1} up, so that agents given disjoint ranges never insert the same key.
 * <p>
 * Standard output carries the protocol only: anything else the agent prints goes to standard error, which the
 * coordinator shows prefixed with the contender's id. The agent reads its input on a thread of its own; when the
 * input ends during a command, the command is interrupted, and an agent that has not exited {@link #EXIT_BOUND} after
 * its input ended halts.
 */
public final class ContenderAgent {

    /** The environment variable with pgpool-II's {@code r2dbc:postgresql:} URL, as {@link ComparisonMain} reads it. */
    static final String PGPOOL_URL_ENV = "R2DBC_ROUTING_PGPOOL_URL";

    /** How long an agent may take to close its contender and exit once told to quit; then it halts. */
    static final Duration EXIT_BOUND = Duration.ofSeconds(20);

    private ContenderAgent() {
    }

    /**
     * Serves the coordinator until its input ends; exits with 0 then, 1 if the contender could not be opened or
     * served, 2 on a bad argument.
     *
     * @param args see the class description
     */
    public static void main(String[] args) {
        PrintStream replies = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        // whatever else prints to standard output must not mix with the protocol
        System.setOut(System.err);
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        }
        catch (IllegalArgumentException ex) {
            System.err.println("ContenderAgent: " + ex.getMessage());
            System.err.println("usage: ContenderAgent --contender ID --pool-size N --rows N [--write-id-base N]");
            System.exit(2);
            return;
        }
        int status;
        try {
            status = serve(arguments, System.in, replies, System.getenv(PGPOOL_URL_ENV));
        }
        catch (RuntimeException | Error ex) {
            ex.printStackTrace();
            status = 1;
        }
        // reactor-netty's event loops are not daemons
        System.exit(status);
    }

    /**
     * Opens the contender, answers {@code ready} or {@code unavailable}, then runs commands until the input ends.
     * Private to {@link #main(String[])}: once it returns, the process halts unless it exits within
     * {@link #EXIT_BOUND}.
     *
     * @param pgpoolUrl pgpool-II's URL, or {@code null}
     * @return the exit status: 0 when the input ended or said quit, 1 when the contender could not be opened
     */
    private static int serve(Arguments arguments, InputStream input, PrintStream replies, @Nullable String pgpoolUrl) {
        Commands commands = Commands.start(input, Thread.currentThread());
        try {
            return serve(arguments, commands, replies, pgpoolUrl);
        }
        finally {
            commands.exiting();
        }
    }

    private static int serve(Arguments arguments, Commands commands, PrintStream replies, @Nullable String pgpoolUrl) {
        String id = arguments.contender();
        try (PostgresCluster cluster = PostgresCluster.start();
                ContenderLineup lineup = ContenderLineup.open(cluster, arguments.poolSize(), pgpoolUrl, List.of(id))) {
            if (lineup.contenders().isEmpty()) {
                reply(replies, new Message(AgentProtocol.UNAVAILABLE,
                        Map.of("id", id, "reason", lineup.unavailable().getOrDefault(id, "not opened"))));
                return 0;
            }
            Contender contender = lineup.contenders().get(0);
            reply(replies, ready(contender, lineup.versions()));
            AtomicLong writeIds = new AtomicLong(arguments.writeIdBase());
            while (true) {
                Message command = commands.next();
                if (command == null || command.is(AgentProtocol.QUIT)) {
                    return 0;
                }
                try {
                    reply(replies, execute(command, contender, arguments.rows(), writeIds, replies));
                }
                catch (InterruptedException ex) {
                    // the input ended during the command
                    return 0;
                }
                catch (RuntimeException ex) {
                    if (commands.ended()) {
                        return 0;
                    }
                    ex.printStackTrace();
                    reply(replies, error(command.verb() + " failed: " + describe(ex)));
                }
                finally {
                    commands.done();
                }
            }
        }
        catch (RuntimeException ex) {
            // the cluster, the shared pools or their closing: the coordinator stops the comparison
            ex.printStackTrace();
            reply(replies, error("contender '" + id + "' cannot be served: " + describe(ex)));
            return 1;
        }
    }

    private static Message execute(Message command, Contender contender, int rows, AtomicLong writeIds,
            PrintStream replies) throws InterruptedException {
        switch (command.verb()) {
            case AgentProtocol.WARM_UP: {
                List<Workload> workloads = new ArrayList<>();
                for (String workload : command.get("workloads").split(",")) {
                    workloads.add(Workload.of(workload));
                }
                Measurement warmup = AgentProtocol.plan(command.fields()).generator()
                        .run(ComparisonMain.randomOf(ComparisonMain.mixedOperations(List.of(contender), workloads, rows,
                                writeIds)), () -> {
                        });
                return new Message(AgentProtocol.WARMED_UP, AgentProtocol.measurementFields(warmup));
            }
            case AgentProtocol.RUN: {
                Workload workload = Workload.of(command.get("workload"));
                if (!contender.support(workload).runs()) {
                    throw new IllegalArgumentException("contender '" + contender.id() + "' does not run workload '"
                            + workload.id() + "'");
                }
                Measurement measurement = AgentProtocol.plan(command.fields()).generator()
                        .run(ComparisonMain.operations(workload, contender, rows, writeIds),
                                () -> reply(replies, new Message(AgentProtocol.MEASURING)));
                return new Message(AgentProtocol.RESULT, AgentProtocol.measurementFields(measurement));
            }
            default:
                throw new IllegalArgumentException("unknown command '" + command.verb() + "'; expected "
                        + AgentProtocol.WARM_UP + ", " + AgentProtocol.RUN + " or " + AgentProtocol.QUIT);
        }
    }

    /** The {@code ready} reply: the contender's description, what it can do with each workload, versions found. */
    static Message ready(ContenderDescription contender, Map<String, String> versions) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", contender.id());
        fields.put("title", contender.title());
        fields.put("setup", contender.setup());
        fields.put("pid", Long.toString(ProcessHandle.current().pid()));
        for (Workload workload : Workload.values()) {
            WorkloadSupport support = contender.support(workload);
            fields.put("support." + workload.id(), support.kind().id());
            fields.put("note." + workload.id(), support.note());
        }
        versions.forEach((name, version) -> fields.put("version." + name, version));
        return new Message(AgentProtocol.READY, fields);
    }

    static Message error(String message) {
        return new Message(AgentProtocol.ERROR, Map.of("message", message));
    }

    private static void reply(PrintStream replies, Message message) {
        replies.println(message.encode());
    }

    private static String describe(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    /**
     * The command line.
     *
     * @param writeIdBase read-your-writes inserts ids from this plus one up
     */
    record Arguments(String contender, int poolSize, int rows, long writeIdBase) {

        /**
         * @throws IllegalArgumentException naming the bad option and value
         */
        static Arguments parse(String[] args) {
            Map<String, String> options = OptionPairs.parse(args,
                    List.of("contender", "pool-size", "rows", "write-id-base"));
            String contender = options.get("contender");
            if (contender == null) {
                throw new IllegalArgumentException("--contender ID is required");
            }
            if (!ContenderLineup.ALL.contains(contender)) {
                throw new IllegalArgumentException("--contender: unknown contender '" + contender + "'; expected one of "
                        + ContenderLineup.ALL);
            }
            long writeIdBase = number(options, "write-id-base", "0");
            if (writeIdBase < 0) {
                throw new IllegalArgumentException("--write-id-base must not be negative, was '" + writeIdBase + "'");
            }
            return new Arguments(contender, positive(options, "pool-size"), positive(options, "rows"), writeIdBase);
        }

        /** The command line that {@link #parse(String[])} reads back. */
        List<String> toArgs() {
            return List.of("--contender", this.contender, "--pool-size", Integer.toString(this.poolSize), "--rows",
                    Integer.toString(this.rows), "--write-id-base", Long.toString(this.writeIdBase));
        }

        private static int positive(Map<String, String> options, String name) {
            String value = options.get(name);
            if (value == null) {
                throw new IllegalArgumentException("--" + name + " N is required");
            }
            long number = number(options, name, value);
            if (number < 1 || number > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("--" + name + " must be a positive whole number, was '" + value
                        + "'");
            }
            return (int) number;
        }

        private static long number(Map<String, String> options, String name, String fallback) {
            String value = options.getOrDefault(name, fallback);
            try {
                return Long.parseLong(value);
            }
            catch (NumberFormatException ex) {
                throw new IllegalArgumentException("--" + name + " must be a whole number, was '" + value + "'", ex);
            }
        }

    }

    /**
     * The commands on the agent's input, read by a thread of its own. When the input ends, a command in progress is
     * interrupted, {@link #next()} answers {@code null}, and the process halts if it has not exited
     * {@link #EXIT_BOUND} later.
     */
    private static final class Commands {

        private static final String END = "\u0000end";

        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        private final Thread worker;

        private final Object lock = new Object();

        /** Guarded by {@link #lock}. */
        private boolean busy;

        /** Guarded by {@link #lock}. */
        private boolean ended;

        /** Guarded by {@link #lock}. */
        private boolean exiting;

        private Commands(Thread worker) {
            this.worker = worker;
        }

        static Commands start(InputStream input, Thread worker) {
            Commands commands = new Commands(worker);
            Thread reader = new Thread(() -> commands.read(input), "contender-agent-input");
            reader.setDaemon(true);
            reader.start();
            return commands;
        }

        private void read(InputStream input) {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    this.lines.add(line);
                }
            }
            catch (IOException ex) {
                System.err.println("ContenderAgent: cannot read the coordinator's commands, quitting: " + ex);
            }
            synchronized (this.lock) {
                this.ended = true;
                if (this.busy) {
                    this.worker.interrupt();
                }
            }
            this.lines.add(END);
            exiting();
        }

        /** The next command; {@code null} when the input has ended. Marks the agent busy until {@link #done()}. */
        @Nullable
        Message next() {
            while (true) {
                String line;
                try {
                    line = this.lines.take();
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return null;
                }
                synchronized (this.lock) {
                    if (this.ended || line.equals(END)) {
                        return null;
                    }
                    Optional<Message> message;
                    try {
                        message = Message.decode(line);
                    }
                    catch (IllegalArgumentException ex) {
                        System.err.println("ContenderAgent: ignoring a malformed command: " + ex.getMessage());
                        continue;
                    }
                    if (message.isEmpty()) {
                        System.err.println("ContenderAgent: ignoring a line that is not a command: '" + line + "'");
                        continue;
                    }
                    this.busy = true;
                    return message.get();
                }
            }
        }

        /** The command from {@link #next()} is over; an interrupt it did not see is cleared. */
        void done() {
            synchronized (this.lock) {
                this.busy = false;
            }
            Thread.interrupted();
        }

        boolean ended() {
            synchronized (this.lock) {
                return this.ended;
            }
        }

        /** Halts the process if it has not exited {@link #EXIT_BOUND} from now. Idempotent. */
        void exiting() {
            synchronized (this.lock) {
                if (this.exiting) {
                    return;
                }
                this.exiting = true;
            }
            Thread watchdog = new Thread(() -> {
                try {
                    TimeUnit.MILLISECONDS.sleep(EXIT_BOUND.toMillis());
                }
                catch (InterruptedException ex) {
                    return;
                }
                System.err.println("ContenderAgent: still running " + EXIT_BOUND.toSeconds() + " s after it was told "
                        + "to quit: halting");
                Runtime.getRuntime().halt(3);
            }, "contender-agent-exit-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
        }

    }

}
