package io.r2dbcrouting.benchmarks.comparison;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.r2dbcrouting.testcluster.PostgresCluster;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Runs the comparison: sets up the tables, opens every contender, then measures each contender on each workload,
 * round after round, contenders alternating (the order rotates every round, so that none always follows the same
 * one), and writes the CSV, {@code run.properties}, the Markdown report and the charts into one directory.
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.r2dbcrouting.benchmarks.comparison.ComparisonMain \
 *     [--duration 5] [--warmup 1] [--rounds 3] [--concurrency 32] [--pool-size 8] [--rows 10000] \
 *     [--contenders direct,router,…] [--workloads point-read,…] [--pgpool-url r2dbc:postgresql://…] \
 *     [--machine-note "…"] [--isolation shared|jvm] --out benchmarks/results/DATE
 * </pre>
 * With {@code --isolation shared} (the default) every contender runs in this JVM, over pools they share. With
 * {@code --isolation jvm} each contender runs in a {@link ContenderAgent} JVM of its own, started by this one with the
 * same class path and JVM options ({@link AgentLineup}); this JVM still alternates the runs, one contender under load
 * at a time, reads the servers' counters around each run, and writes the same files. The agents warm up all at once,
 * each with its own contender's workloads mixed, and are stopped at the end, or when this JVM fails or exits.
 * The cluster comes from {@link PostgresCluster#start()} ({@code PGR_BASE_PORT}, {@code PGR_DATA_DIR}, …): a running
 * one is used and left running. {@code scripts/run-comparison.sh} does all of this, pgpool-II included.
 */
public final class ComparisonMain {

    /** The mixed warm-up runs at least this many times {@code --warmup}: 15 s by default. */
    static final int WARMUP_MINIMUM_FACTOR = 15;

    /** The mixed warm-up runs at most about this many times {@code --warmup}: 30 s by default. */
    static final int WARMUP_MAXIMUM_FACTOR = 30;

    /**
     * The warm-up before each measured run lasts {@code --warmup}, and longer while the JIT compilers are busy, up to
     * this many times {@code --warmup}: 6 s by default.
     */
    static final int RUN_WARMUP_MAXIMUM_FACTOR = 6;

    /** How long the compilers must be quiet to end the warm-up of a measured run (once its set length has passed). */
    static final Duration RUN_QUIET_STRETCH = Duration.ofSeconds(1);

    /**
     * How long the compilers must be quiet to end the mixed warm-up: they compile in bursts, and across every
     * contender's code the lulls between bursts last a second or two.
     */
    static final Duration MIXED_QUIET_STRETCH = Duration.ofSeconds(5);

    private ComparisonMain() {
    }

    /**
     * Runs the comparison; exits with 2 on a bad argument.
     *
     * @param args see the class description
     * @throws Exception if the run fails
     */
    public static void main(String[] args) throws Exception {
        Settings settings;
        try {
            settings = Settings.parse(args);
        }
        catch (IllegalArgumentException ex) {
            System.err.println("ComparisonMain: " + ex.getMessage());
            System.err.println("usage: ComparisonMain --out DIR [--duration S] [--warmup S] [--rounds N] "
                    + "[--concurrency N] [--pool-size N] [--rows N] [--contenders a,b] [--workloads a,b] "
                    + "[--pgpool-url URL] [--machine-note TEXT] [--isolation shared|jvm]");
            System.exit(2);
            return;
        }
        Path markdown = run(settings);
        System.out.println("Report: " + markdown.toAbsolutePath());
        // reactor-netty's event loops are not daemons
        System.exit(0);
    }

    static Path run(Settings settings) throws Exception {
        Files.createDirectories(settings.out());
        long started = System.nanoTime();
        Map<String, String> info = new LinkedHashMap<>();
        Instant now = Instant.now();
        info.put("date", DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC).format(now));
        info.putAll(RunInfo.describeMachine());
        info.put("machine.load_start", RunInfo.loadAverage());
        if (!settings.machineNote().isBlank()) {
            info.put("machine.note", settings.machineNote());
        }
        info.put("settings.concurrency", Integer.toString(settings.concurrency()));
        info.put("settings.warmup_s", seconds(settings.warmup()));
        info.put("settings.duration_s", seconds(settings.duration()));
        info.put("settings.run_warmup_max_s", seconds(runPlan(settings).longestWarmup()));
        info.put("settings.rounds", Integer.toString(settings.rounds()));
        info.put("settings.pool_size", Integer.toString(settings.poolSize()));
        info.put("settings.rows", Integer.toString(settings.rows()));
        info.put("settings.isolation", settings.isolation().id());
        info.put("r2dbc-postgresql", mavenVersion("org.postgresql", "r2dbc-postgresql"));
        info.put("r2dbc-pool", mavenVersion("io.r2dbc", "r2dbc-pool"));

        List<RunResult> results = new ArrayList<>();
        try (PostgresCluster cluster = PostgresCluster.start()) {
            try (java.sql.Connection primary = cluster.jdbcConnection(cluster.primary())) {
                info.put("postgresql", show(primary, "SHOW server_version"));
                WorkloadStatements.createTables(primary, settings.rows());
            }
            cluster.awaitReplicasCaughtUp(Duration.ofSeconds(60));
            try (ServerCounters counters = ServerCounters.open(cluster)) {
                if (settings.isolation() == Isolation.JVM) {
                    results.addAll(measureInAgents(settings, cluster, counters, info));
                }
                else {
                    results.addAll(measureShared(settings, cluster, counters, info));
                }
            }
        }
        info.put("machine.load_end", RunInfo.loadAverage());
        info.put("wall_seconds", Long.toString(Duration.ofNanos(System.nanoTime() - started).toSeconds()));
        Files.writeString(settings.out().resolve(ComparisonReport.CSV), ResultsCsv.write(results),
                StandardCharsets.UTF_8);
        Files.writeString(settings.out().resolve(RunInfo.FILE_NAME), new RunInfo(info).write(),
                StandardCharsets.UTF_8);
        return ComparisonReport.write(settings.out());
    }

    /** Every contender in this JVM, over shared pools: the comparison as it always ran. */
    private static List<RunResult> measureShared(Settings settings, PostgresCluster cluster, ServerCounters counters,
            Map<String, String> info) throws InterruptedException {
        try (ContenderLineup lineup = ContenderLineup.open(cluster, settings.poolSize(), settings.pgpoolUrl(),
                settings.contenders())) {
            describe(info, lineup.versions(), lineup.contenders(), lineup.unavailable());
            AtomicLong writeIds = new AtomicLong();
            LoadGenerator generator = runPlan(settings).generator();
            return measure(settings, lineup.contenders(), counters, () -> {
                // JIT and pools, unmeasured: every contender and workload mixed, operation by operation in random
                // order, as a service runs them, until the compilers are quiet. Warming each up in turn for a few
                // seconds left the first rounds compiling, and compiled each path with one workload's profile, so
                // that the next workload sent the compilers back to work for whichever contender ran first after
                // the switch
                List<Supplier<Mono<Void>>> everything = mixedOperations(lineup.contenders(), settings.workloads(),
                        settings.rows(), writeIds);
                if (everything.isEmpty()) {
                    return;
                }
                // its last second is the "window", measured only for the compilers' time in it
                LoadPlan warmupPlan = mixedWarmupPlan(settings);
                Measurement warmup = warmupPlan.generator().run(randomOf(everything), () -> {
                });
                boolean quiet = warmupPlan.endedQuiet(warmup);
                Duration warmedUp = Duration.ofNanos(warmup.warmupNanos() + warmup.windowNanos());
                info.put("warmup.seconds", seconds(warmedUp));
                info.put("warmup.quiet", Boolean.toString(quiet));
                System.out.printf(Locale.ROOT, "Warm-up: %.1f s, %s; in its last second the compilers' threads worked "
                        + "%d ms%n", warmedUp.toMillis() / 1000.0,
                        quiet ? "until the JIT compilers were quiet for " + MIXED_QUIET_STRETCH.toSeconds() + " s"
                                : "stopped at its maximum",
                        warmup.jitNanos() / 1_000_000);
            }, (contender, workload, atMeasurementStart) -> generator.run(operations(workload, contender,
                    settings.rows(), writeIds), atMeasurementStart));
        }
    }

    /**
     * Each contender in an agent JVM of its own ({@link AgentLineup}); this JVM alternates them as in the shared mode
     * and reads the servers' counters around each run.
     */
    private static List<RunResult> measureInAgents(Settings settings, PostgresCluster cluster,
            ServerCounters counters, Map<String, String> info) throws InterruptedException {
        try (AgentLineup lineup = AgentLineup.open(cluster, settings.contenders(), settings.poolSize(),
                settings.rows(), settings.pgpoolUrl(), System.err)) {
            describe(info, lineup.versions(), lineup.contenders(), lineup.unavailable());
            info.put("agents.jvm_options", String.join(" ",
                    AgentLineup.agentJvmArguments(ManagementFactory.getRuntimeMXBean().getInputArguments())));
            for (AgentContender contender : lineup.contenders()) {
                info.put("agent." + contender.id() + ".pid", Long.toString(contender.agent().pid()));
            }
            LoadPlan plan = runPlan(settings);
            return measure(settings, lineup.contenders(), counters, () -> {
                // each agent warms up its own contender's workloads mixed, all agents at once; each stops on its own
                // when its compilers are quiet
                LoadPlan warmupPlan = agentsWarmupPlan(settings, lineup.contenders().size());
                info.put("warmup.concurrency_per_agent", Integer.toString(warmupPlan.concurrency()));
                Map<String, Measurement> warmups = lineup.warmUp(warmupPlan, settings.workloads());
                Map<String, String> perAgent = new LinkedHashMap<>();
                long longest = 0;
                boolean allQuiet = true;
                for (Map.Entry<String, Measurement> entry : warmups.entrySet()) {
                    Measurement warmup = entry.getValue();
                    boolean quiet = warmupPlan.endedQuiet(warmup);
                    long warmedUp = warmup.warmupNanos() + warmup.windowNanos();
                    longest = Math.max(longest, warmedUp);
                    allQuiet &= quiet;
                    perAgent.put("warmup." + entry.getKey() + ".seconds", seconds(Duration.ofNanos(warmedUp)));
                    perAgent.put("warmup." + entry.getKey() + ".quiet", Boolean.toString(quiet));
                    System.out.printf(Locale.ROOT, "Warm-up of %-12s in its JVM: %.1f s, %s; in its last second its "
                            + "compilers' threads worked %d ms%n", entry.getKey(), warmedUp / 1e9,
                            quiet ? "until its JIT compilers were quiet for " + MIXED_QUIET_STRETCH.toSeconds() + " s"
                                    : "stopped at its maximum",
                            warmup.jitNanos() / 1_000_000);
                }
                info.put("warmup.seconds", seconds(Duration.ofNanos(longest)));
                info.put("warmup.quiet", Boolean.toString(allQuiet));
                info.putAll(perAgent);
            }, (contender, workload, atMeasurementStart) -> contender.run(workload, plan, atMeasurementStart));
        }
    }

    private static void describe(Map<String, String> info, Map<String, String> versions,
            List<? extends ContenderDescription> contenders, Map<String, String> unavailableContenders) {
        info.putAll(versions);
        for (ContenderDescription contender : contenders) {
            info.put("contender." + contender.id() + ".title", contender.title());
            info.put("contender." + contender.id() + ".setup", contender.setup());
        }
        List<String> unavailable = new ArrayList<>();
        unavailableContenders.forEach((id, reason) -> unavailable.add(id + " (" + reason + ")"));
        if (!unavailable.isEmpty()) {
            info.put("unavailable", String.join("; ", unavailable));
            unavailable.forEach(line -> System.out.println("Left out: " + line));
        }
    }

    /** The mixed warm-up before the first round: 15 to 30 {@code --warmup}s, until the compilers are quiet. */
    static LoadPlan mixedWarmupPlan(Settings settings) {
        return new LoadPlan(settings.concurrency(), settings.warmup().multipliedBy(WARMUP_MINIMUM_FACTOR),
                Duration.ofSeconds(1), Duration.ofSeconds(30), settings.warmup().multipliedBy(WARMUP_MAXIMUM_FACTOR),
                MIXED_QUIET_STRETCH);
    }

    /**
     * The mixed warm-up of the agents, all at once: as {@link #mixedWarmupPlan(Settings)}, but with
     * {@code --concurrency} operations in flight across all agents (at least one per agent), so that the machine carries
     * the load of one measured run and every agent's JIT compilers get their share of the CPU, which seven full loads
     * would take.
     */
    static LoadPlan agentsWarmupPlan(Settings settings, int agents) {
        LoadPlan mixed = mixedWarmupPlan(settings);
        int concurrency = Math.max(1, (settings.concurrency() + Math.max(agents, 1) - 1) / Math.max(agents, 1));
        return new LoadPlan(concurrency, mixed.warmup(), mixed.duration(), mixed.grace(), mixed.longestWarmup(),
                mixed.quietStretch());
    }

    /** Each measured run: {@code --warmup}, longer while the compilers are busy, then {@code --duration}. */
    static LoadPlan runPlan(Settings settings) {
        return new LoadPlan(settings.concurrency(), settings.warmup(), settings.duration(), Duration.ofSeconds(30),
                settings.warmup().multipliedBy(RUN_WARMUP_MAXIMUM_FACTOR), RUN_QUIET_STRETCH);
    }

    /**
     * Measures every contender on every workload it runs, round after round, the order of the contenders rotating
     * every round, after the warm-up; reads the servers' counters around each run.
     */
    private static <C extends ContenderDescription> List<RunResult> measure(Settings settings, List<C> contenders,
            ServerCounters counters, WarmUp warmUp, Runner<C> runner) throws InterruptedException {
        List<RunResult> results = new ArrayList<>();
        int cells = 0;
        for (C contender : contenders) {
            for (Workload workload : settings.workloads()) {
                if (contender.support(workload).runs()) {
                    cells++;
                }
                else {
                    results.add(RunResult.notRun(workload, contender));
                }
            }
        }
        long perCell = settings.warmup().plus(settings.duration()).toMillis();
        LoadPlan mixedWarmup = mixedWarmupPlan(settings);
        Duration warmupMinimum = mixedWarmup.warmup();
        Duration warmupMaximum = mixedWarmup.longestWarmup();
        System.out.printf(Locale.ROOT, "Comparison: %d contenders, %d runs per round (each %.1f s), %d rounds, "
                + "after a mixed warm-up of %d to %d s%s: about %d s%n", contenders.size(), cells, perCell / 1000.0,
                settings.rounds(), warmupMinimum.toSeconds(), warmupMaximum.toSeconds(),
                settings.isolation() == Isolation.JVM ? " in each contender's own JVM, all at once" : "",
                (cells * settings.rounds() * perCell) / 1000 + warmupMinimum.toSeconds());
        if (cells > 0) {
            warmUp.run();
        }
        for (int round = 1; round <= settings.rounds(); round++) {
            List<C> order = rotate(contenders, round - 1);
            for (Workload workload : settings.workloads()) {
                for (C contender : order) {
                    if (!contender.support(workload).runs()) {
                        continue;
                    }
                    long[][] before = new long[1][];
                    Measurement measurement = runner.run(contender, workload, () -> before[0] = readCounters(counters));
                    long[] delta = ServerCounters.delta(before[0], readCounters(counters));
                    Map<String, Long> statements = new LinkedHashMap<>();
                    for (int i = 0; i < delta.length; i++) {
                        statements.put(counters.names().get(i), delta[i]);
                    }
                    RunResult result = RunResult.measured(round, workload, contender, measurement, statements);
                    results.add(result);
                    System.out.printf(Locale.ROOT, "round %d/%d  %-16s  %-12s %9.0f ops/s  p50 %6s ms  p99 %6s ms  "
                            + "cpu %5.1f us/op (jit %4.1f)  warm-up %4.1f s  errors %6d  statements %s%n", round,
                            settings.rounds(),
                            workload.id(), contender.id(), result.throughput(), ComparisonReport.millis(result.p50Millis()),
                            ComparisonReport.millis(result.p99Millis()), result.cpuMicros(),
                            measurement.jitMicrosPerOperation(), measurement.warmupNanos() / 1e9, result.errors(),
                            statements.values());
                }
            }
        }
        return results;
    }

    /** Every operation of every contender and workload it runs, for a mixed warm-up. */
    static List<Supplier<Mono<Void>>> mixedOperations(List<? extends Contender> contenders, List<Workload> workloads,
            int rows, AtomicLong writeIds) {
        List<Supplier<Mono<Void>>> everything = new ArrayList<>();
        for (Contender contender : contenders) {
            for (Workload workload : workloads) {
                if (contender.support(workload).runs()) {
                    everything.add(operations(workload, contender, rows, writeIds));
                }
            }
        }
        return everything;
    }

    /**
     * An operation of one of the suppliers per call, picked at random.
     *
     * @throws IllegalArgumentException if there is none
     */
    static Supplier<Mono<Void>> randomOf(List<Supplier<Mono<Void>>> operations) {
        if (operations.isEmpty()) {
            throw new IllegalArgumentException("no operation to pick from: the contender runs none of the workloads");
        }
        List<Supplier<Mono<Void>>> copy = List.copyOf(operations);
        return () -> copy.get(ThreadLocalRandom.current().nextInt(copy.size())).get();
    }

    /** A new operation of the workload per call, on random rows; read-your-writes inserts ids 1, 2, 3, … */
    static Supplier<Mono<Void>> operations(Workload workload, Contender contender, int rows, AtomicLong writeIds) {
        return switch (workload) {
            case POINT_READ -> () -> contender.pointRead(ThreadLocalRandom.current().nextInt(1, rows + 1));
            case MIX -> () -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                int id = random.nextInt(1, rows + 1);
                return random.nextDouble() < Workload.MIX_TRANSACTION_SHARE ? contender.mixTransaction(id)
                        : contender.pointRead(id);
            };
            case READ_YOUR_WRITES -> () -> contender.readYourWrites(writeIds.incrementAndGet());
        };
    }

    static <T> List<T> rotate(List<T> list, int by) {
        if (list.isEmpty()) {
            return list;
        }
        List<T> rotated = new ArrayList<>(list.size());
        int start = Math.floorMod(by, list.size());
        rotated.addAll(list.subList(start, list.size()));
        rotated.addAll(list.subList(0, start));
        return rotated;
    }

    private static long[] readCounters(ServerCounters counters) {
        try {
            return counters.read();
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Cannot read pg_stat_statements", ex);
        }
    }

    private static String show(java.sql.Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }

    private static String mavenVersion(String groupId, String artifactId) {
        String resource = "/META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
        try (InputStream in = ComparisonMain.class.getResourceAsStream(resource)) {
            if (in == null) {
                return "?";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "?");
        }
        catch (IOException ex) {
            return "?";
        }
    }

    private static String seconds(Duration duration) {
        double seconds = duration.toMillis() / 1000.0;
        return seconds == Math.rint(seconds) ? Long.toString((long) seconds)
                : String.format(Locale.ROOT, "%.1f", seconds);
    }

    /** The warm-up before the first round; run only when some contender runs some workload. */
    @FunctionalInterface
    private interface WarmUp {

        void run() throws InterruptedException;

    }

    /** One measured run of a contender on a workload. */
    @FunctionalInterface
    private interface Runner<C> {

        Measurement run(C contender, Workload workload, Runnable atMeasurementStart) throws InterruptedException;

    }

    /**
     * The command line.
     *
     * @param pgpoolUrl {@code --pgpool-url}, else the environment's {@code R2DBC_ROUTING_PGPOOL_URL}, else none
     */
    record Settings(Path out, Duration duration, Duration warmup, int rounds, int concurrency, int poolSize, int rows,
            List<String> contenders, List<Workload> workloads, @Nullable String pgpoolUrl, String machineNote,
            Isolation isolation) {

        /**
         * @throws IllegalArgumentException naming the bad option and value
         */
        static Settings parse(String[] args) {
            Map<String, String> options = OptionPairs.parse(args, List.of("out", "duration", "warmup", "rounds",
                    "concurrency", "pool-size", "rows", "contenders", "workloads", "pgpool-url", "machine-note",
                    "isolation"));
            String out = options.get("out");
            if (out == null || out.isBlank()) {
                throw new IllegalArgumentException("--out DIR is required");
            }
            List<Workload> workloads = new ArrayList<>();
            for (String id : list(options.getOrDefault("workloads", "point-read,mix-90-10,read-your-writes"))) {
                workloads.add(Workload.of(id));
            }
            List<String> contenders = list(options.getOrDefault("contenders", String.join(",", ContenderLineup.ALL)));
            for (String id : contenders) {
                if (!ContenderLineup.ALL.contains(id)) {
                    throw new IllegalArgumentException("--contenders: unknown contender '" + id + "'; expected some of "
                            + ContenderLineup.ALL);
                }
            }
            String pgpoolUrl = options.getOrDefault("pgpool-url", System.getenv("R2DBC_ROUTING_PGPOOL_URL"));
            return new Settings(Path.of(out), seconds(options, "duration", "5", false),
                    seconds(options, "warmup", "1", true), positive(options, "rounds", "3"),
                    positive(options, "concurrency", "32"), positive(options, "pool-size", "8"),
                    positive(options, "rows", "10000"), contenders, workloads,
                    pgpoolUrl == null || pgpoolUrl.isBlank() ? null : pgpoolUrl,
                    options.getOrDefault("machine-note", ""),
                    Isolation.of(options.getOrDefault("isolation", Isolation.SHARED.id())));
        }

        private static List<String> list(String value) {
            List<String> items = new ArrayList<>();
            Arrays.stream(value.split(",")).map(String::trim).filter(item -> !item.isEmpty()).forEach(items::add);
            if (items.isEmpty()) {
                throw new IllegalArgumentException("a list option must name at least one item, was '" + value + "'");
            }
            return items;
        }

        private static Duration seconds(Map<String, String> options, String name, String fallback, boolean zeroOk) {
            String value = options.getOrDefault(name, fallback);
            double seconds;
            try {
                seconds = Double.parseDouble(value);
            }
            catch (NumberFormatException ex) {
                throw new IllegalArgumentException("--" + name + " must be a number of seconds, was '" + value + "'");
            }
            if (seconds < 0 || (!zeroOk && seconds == 0) || Double.isNaN(seconds) || seconds > 3600) {
                throw new IllegalArgumentException("--" + name + " must be " + (zeroOk ? "0" : "more than 0")
                        + " to 3600 seconds, was '" + value + "'");
            }
            return Duration.ofMillis(Math.round(seconds * 1000));
        }

        private static int positive(Map<String, String> options, String name, String fallback) {
            String value = options.getOrDefault(name, fallback);
            try {
                int number = Integer.parseInt(value);
                if (number >= 1) {
                    return number;
                }
            }
            catch (NumberFormatException ex) {
                // reported below
            }
            throw new IllegalArgumentException("--" + name + " must be a positive whole number, was '" + value + "'");
        }

    }

}
