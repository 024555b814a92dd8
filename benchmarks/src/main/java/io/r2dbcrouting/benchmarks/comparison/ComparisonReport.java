package io.r2dbcrouting.benchmarks.comparison;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

import org.jspecify.annotations.Nullable;

/**
 * Writes the report of a run from its files: {@code comparison.csv} and {@code run.properties} in, and
 * {@code comparison.md} (with the JMH summary {@code jmh.md} when the directory has one), {@code throughput.png} and
 * {@code latency.png} out. Run on its own, it renders a run's report again:
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.r2dbcrouting.benchmarks.comparison.ComparisonReport RESULTS_DIR
 * </pre>
 */
public final class ComparisonReport {

    static final String CSV = "comparison.csv";

    static final String MARKDOWN = "comparison.md";

    static final String JMH_MARKDOWN = "jmh.md";

    private ComparisonReport() {
    }

    /**
     * Renders the report of the run in a directory.
     *
     * @param args the results directory
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ComparisonReport <results directory with comparison.csv and run.properties>");
            System.exit(2);
        }
        Path markdown = write(Path.of(args[0]));
        System.out.println("Report: " + markdown.toAbsolutePath());
    }

    /**
     * Reads a run's CSV and {@code run.properties} and writes its Markdown report and charts beside them.
     *
     * @return the Markdown file
     * @throws IOException if a file cannot be read or written
     */
    static Path write(Path directory) throws IOException {
        List<RunResult> results = ResultsCsv.read(Files.readString(directory.resolve(CSV), StandardCharsets.UTF_8));
        RunInfo info = RunInfo.read(Files.readString(directory.resolve(RunInfo.FILE_NAME), StandardCharsets.UTF_8));
        ResultSummary summary = new ResultSummary(results);
        Path jmh = directory.resolve(JMH_MARKDOWN);
        String jmhMarkdown = Files.isRegularFile(jmh) ? Files.readString(jmh, StandardCharsets.UTF_8) : null;
        ComparisonCharts.write(summary, info, directory);
        Path markdown = directory.resolve(MARKDOWN);
        Files.writeString(markdown, render(summary, info, jmhMarkdown), StandardCharsets.UTF_8);
        return markdown;
    }

    /** The Markdown report. */
    static String render(ResultSummary summary, RunInfo info, @Nullable String jmhMarkdown) {
        StringBuilder out = new StringBuilder();
        out.append("# Read/write splitters compared: ").append(info.get("date", "?")).append("\n\n");
        String note = info.get("machine.note", "");
        if (!note.isBlank()) {
            out.append("> **").append(note).append("**\n\n");
        }
        out.append("- Machine: ").append(info.get("machine.cpu", "?")).append(", ")
                .append(info.get("machine.cores", "?")).append(" cores, ").append(info.get("machine.memory", "?"))
                .append("; ").append(info.get("machine.os", "?")).append(" (").append(info.get("machine.kernel", "?"))
                .append("); load average (1/5/15 min) ").append(info.get("machine.load_start", "?"))
                .append(" at the start, ").append(info.get("machine.load_end", "?")).append(" at the end\n");
        out.append("- Software: ").append(info.get("machine.java", "?")).append("; PostgreSQL ")
                .append(info.get("postgresql", "?")).append(" (a primary and two streaming replicas on this machine); ")
                .append(info.get("pgpool", "pgpool-II not run")).append("; r2dbc-postgresql ")
                .append(info.get("r2dbc-postgresql", "?")).append(", r2dbc-pool ").append(info.get("r2dbc-pool", "?"))
                .append("\n");
        out.append("- Load: ").append(info.get("settings.concurrency", "?"))
                .append(" operations in flight (closed loop), ").append(summary.rounds()).append(" rounds; in each round every ")
                .append("contender runs every workload for ").append(info.get("settings.duration_s", "?"))
                .append(" s after a ").append(info.get("settings.warmup_s", "?")).append(" s warm-up")
                .append(info.get("settings.run_warmup_max_s", "").isEmpty() ? ""
                        : " (longer while the JIT compilers were busy, up to " + info.get("settings.run_warmup_max_s", "")
                                + " s)")
                .append(", contenders alternating (the order rotates every round), after ")
                .append(warmupDescription(info)).append("; ")
                .append(info.get("settings.rows", "?")).append(" rows in `bench_items`, random ids; ")
                .append(isolationDescription(info)).append('\n');
        out.append("- Wall time: ").append(info.get("wall_seconds", "?")).append(" s for the comparison\n\n");

        appendHeadline(out, summary);
        appendTargets(out, summary);
        out.append("![Throughput by workload, mean of the rounds with ± one standard deviation](throughput.png)\n\n");
        out.append("![Latency percentiles by workload](latency.png)\n\n");
        for (Workload workload : summary.workloads()) {
            appendWorkload(out, summary, workload);
        }
        appendContenders(out, summary, info);
        appendErrors(out, summary);
        out.append("## How to read this\n\n")
                .append("- Each ratio is taken per round (both contenders measured in the same round, seconds apart) and ")
                .append("shown as the mean over the rounds with the lowest and highest round in brackets.\n")
                .append("- Throughput counts operations that succeeded in the measured window; an operation is a unit ")
                .append("of work with its own connection(s) from the pool, as a request handler would run it.\n")
                .append("- Latency is from subscription to termination of an operation, pool wait included; the ")
                .append("percentiles are the means of the per-round percentiles, max the highest of any round.\n")
                .append("- Statements: where the workload's statements completed, from each server's own ")
                .append("`pg_stat_statements` counters, read before and after each run (BEGIN/COMMIT not counted).\n")
                .append("- Client CPU µs/op: the CPU time of ")
                .append(isolation(info) == Isolation.JVM ? "the contender's own JVM (its agent process: " : "the benchmark's JVM (")
                .append("load generator, driver, pools and the ")
                .append("contender's own code, all threads) during the measured window, divided by the operations that ")
                .append("succeeded. The servers, and pgpool-II, run in other processes and are not in it; so for ")
                .append("pgpool-II it shows only the client side.\n")
                .append("- On one machine the replicas share the primary's CPUs: splitting reads adds no capacity ")
                .append("here, so `free routing` (the router's pools, the caller choosing the pool at no cost) is the ")
                .append("floor the router is measured against.\n\n");
        if (jmhMarkdown != null && !jmhMarkdown.isBlank()) {
            out.append("## JMH microbenchmarks\n\n").append(demoteHeadings(jmhMarkdown)).append('\n');
        }
        return out.toString();
    }

    /** Where the contenders ran ({@code settings.isolation}; runs from before the setting all ran in one JVM). */
    static String isolationDescription(RunInfo info) {
        if (isolation(info) == Isolation.JVM) {
            return "isolation `jvm`: each contender in a JVM of its own (an agent process with the coordinator's JVM "
                    + "options and pools of its own), one under load at a time";
        }
        return "isolation `shared`: every contender in one JVM, over shared pools";
    }

    private static Isolation isolation(RunInfo info) {
        return Isolation.of(info.get("settings.isolation", Isolation.SHARED.id()));
    }

    /** The unmeasured warm-up before the first round, as {@code run.properties} recorded it. */
    static String warmupDescription(RunInfo info) {
        String seconds = info.get("warmup.seconds", "");
        if (isolation(info) == Isolation.JVM) {
            StringJoiner agents = new StringJoiner(", ");
            for (String contender : info.contenders()) {
                String agentSeconds = info.get("warmup." + contender + ".seconds", "");
                if (!agentSeconds.isEmpty()) {
                    agents.add(contender + " " + agentSeconds + " s"
                            + (Boolean.parseBoolean(info.get("warmup." + contender + ".quiet", "false")) ? ""
                                    : " (stopped at its maximum with the JIT compilers still busy)"));
                }
            }
            String perAgent = info.get("warmup.concurrency_per_agent", "");
            return "an unmeasured warm-up in every contender's JVM at the same time, each with its own workloads "
                    + "mixed" + (perAgent.isEmpty() ? "" : " (" + perAgent + " operations in flight in each)")
                    + ", until its JIT compilers were quiet for " + ComparisonMain.MIXED_QUIET_STRETCH.toSeconds()
                    + " s: " + (agents.length() == 0 ? "none" : agents.toString());
        }
        if (seconds.isEmpty()) {
            // results from before the mixed warm-up
            return "an unmeasured pass over every contender and workload for three warm-ups each";
        }
        return "an unmeasured warm-up of " + seconds + " s with every contender and workload mixed, "
                + (Boolean.parseBoolean(info.get("warmup.quiet", "false"))
                        ? "until the JIT compilers were quiet for " + ComparisonMain.MIXED_QUIET_STRETCH.toSeconds()
                                + " s"
                        : "stopped at its maximum with the JIT compilers still busy");
    }

    private static void appendHeadline(StringBuilder out, ResultSummary summary) {
        out.append("## The router against the others\n\n");
        out.append("Throughput of `RoutingConnectionFactory` divided by each contender's (higher is better for the ")
                .append("router), and its p99 latency divided by theirs (lower is better).\n\n");
        List<String> others = new ArrayList<>();
        for (String contender : summary.contenders()) {
            if (!contender.equals(ResultSummary.ROUTER)) {
                others.add(contender);
            }
        }
        out.append("| Workload |");
        for (String other : others) {
            out.append(" ÷ ").append(cell(summary.shortTitle(other))).append(" |");
        }
        out.append(" p99 ÷ free routing | p99 ÷ pgpool-II | router errors |\n|---|");
        out.append("---:|".repeat(others.size())).append("---:|---:|---:|\n");
        for (Workload workload : summary.workloads()) {
            Optional<ResultSummary.Row> router = summary.row(workload, ResultSummary.ROUTER);
            if (router.isEmpty() || !router.get().wasRun()) {
                continue;
            }
            out.append("| ").append(workload.title()).append(" |");
            for (String other : others) {
                out.append(' ').append(summary.throughputRatio(workload, ResultSummary.ROUTER, other).format(2))
                        .append(" |");
            }
            out.append(' ').append(summary.p99Ratio(workload, ResultSummary.ROUTER, ResultSummary.FREE_ROUTING)
                    .format(2)).append(" | ")
                    .append(summary.p99Ratio(workload, ResultSummary.ROUTER, ResultSummary.PGPOOL).format(2))
                    .append(" | ").append(router.get().errors()).append(" |\n");
        }
        out.append('\n');
    }

    /** The issue's targets, measured: none is asserted anywhere, they are only reported. */
    static List<TargetResult> targets(ResultSummary summary) {
        List<TargetResult> targets = new ArrayList<>();
        for (Workload workload : List.of(Workload.POINT_READ, Workload.MIX)) {
            String on = " (" + workload.title().toLowerCase(Locale.ROOT) + ")";
            targets.add(TargetResult.atLeast("router throughput ≥ 0.97 × free routing" + on,
                    summary.throughputRatio(workload, ResultSummary.ROUTER, ResultSummary.FREE_ROUTING), 0.97));
            targets.add(TargetResult.atLeast("router throughput ≥ Spring's routing factory" + on,
                    summary.throughputRatio(workload, ResultSummary.ROUTER, ResultSummary.SPRING), 1.0));
            targets.add(TargetResult.atMost("router p99 within 5% of free routing" + on,
                    summary.p99Ratio(workload, ResultSummary.ROUTER, ResultSummary.FREE_ROUTING), 1.05));
        }
        targets.add(TargetResult.atLeast("router throughput ≥ 4 × pgpool-II (point reads)",
                summary.throughputRatio(Workload.POINT_READ, ResultSummary.ROUTER, ResultSummary.PGPOOL), 4.0));
        targets.add(TargetResult.atLeast("router throughput ≥ 2.5 × pgpool-II (90/10 mix)",
                summary.throughputRatio(Workload.MIX, ResultSummary.ROUTER, ResultSummary.PGPOOL), 2.5));
        for (Workload workload : List.of(Workload.POINT_READ, Workload.MIX)) {
            targets.add(TargetResult.atMost("router p99 ≤ 0.4 × pgpool-II's (" + workload.title().toLowerCase(Locale.ROOT)
                    + ")", summary.p99Ratio(workload, ResultSummary.ROUTER, ResultSummary.PGPOOL), 0.4));
        }
        targets.add(TargetResult.atMost("router: zero errors on the mix",
                summary.row(Workload.MIX, ResultSummary.ROUTER).map(ResultSummary.Row::errorsPerRound)
                        .orElse(Spread.NONE), 0));
        return targets;
    }

    private static void appendTargets(StringBuilder out, ResultSummary summary) {
        out.append("## Targets\n\n");
        out.append("| Target | Measured: mean (lowest–highest round) | |\n|---|---:|---|\n");
        for (TargetResult target : targets(summary)) {
            out.append("| ").append(cell(target.description())).append(" | ")
                    .append(target.measured().format(target.threshold() == 0 ? 0 : 2)).append(" | ")
                    .append(target.verdict()).append(" |\n");
        }
        out.append('\n');
    }

    private static void appendWorkload(StringBuilder out, ResultSummary summary, Workload workload) {
        out.append("## ").append(workload.title()).append(": ").append(workload.description()).append("\n\n");
        StringJoiner servers = new StringJoiner(" / ");
        summary.servers().forEach(servers::add);
        out.append("| Contender | Throughput, ops/s | ÷ free routing | ÷ direct pool | p50 ms | p95 ms | p99 ms | max ms ")
                .append("| p99 ÷ free routing | Client CPU µs/op | Errors | Statements: ").append(servers)
                .append(" | Notes |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        for (ResultSummary.Row row : summary.rows(workload)) {
            out.append("| ").append(cell(row.title())).append(" | ");
            if (!row.wasRun()) {
                out.append("not run | – | – | – | – | – | – | – | – | – | – | ").append(cell(notes(row))).append(" |\n");
                continue;
            }
            out.append(row.throughput().format(0)).append(" | ")
                    .append(summary.throughputRatio(workload, row.contender(), ResultSummary.FREE_ROUTING).format(2))
                    .append(" | ")
                    .append(summary.throughputRatio(workload, row.contender(), ResultSummary.DIRECT).format(2))
                    .append(" | ").append(millis(row.p50().mean())).append(" | ").append(millis(row.p95().mean()))
                    .append(" | ").append(millis(row.p99().mean())).append(" | ").append(millis(row.max()))
                    .append(" | ")
                    .append(summary.p99Ratio(workload, row.contender(), ResultSummary.FREE_ROUTING).format(2))
                    .append(" | ").append(row.cpuMicros().format(1))
                    .append(" | ").append(errors(row)).append(" | ").append(shares(row)).append(" | ")
                    .append(cell(notes(row))).append(" |\n");
        }
        out.append('\n');
    }

    private static void appendContenders(StringBuilder out, ResultSummary summary, RunInfo info) {
        out.append("## Contenders\n\n");
        for (String contender : summary.contenders()) {
            out.append("- **").append(info.get("contender." + contender + ".title", summary.title(contender)))
                    .append("** (`").append(contender).append("`): ")
                    .append(info.get("contender." + contender + ".setup", "")).append('\n');
        }
        String unavailable = info.get("unavailable", "");
        if (!unavailable.isBlank()) {
            out.append("- Not measured in this run: ").append(unavailable).append('\n');
        }
        out.append('\n');
    }

    private static void appendErrors(StringBuilder out, ResultSummary summary) {
        List<String> lines = new ArrayList<>();
        for (Workload workload : summary.workloads()) {
            for (ResultSummary.Row row : summary.rows(workload)) {
                for (Map.Entry<String, Long> kind : row.errorKinds().entrySet()) {
                    lines.add("| " + workload.title() + " | " + cell(row.title()) + " | " + kind.getValue() + " | "
                            + cell(kind.getKey()) + " |");
                }
            }
        }
        if (lines.isEmpty()) {
            return;
        }
        out.append("## Errors\n\n| Workload | Contender | Count | Error |\n|---|---|---:|---|\n");
        lines.forEach(line -> out.append(line).append('\n'));
        out.append('\n');
    }

    private static String notes(ResultSummary.Row row) {
        return switch (row.support()) {
            case CORRECT -> row.note();
            case WRONG_ROUTE -> "⚠ routes wrongly: " + row.note();
            case NOT_RUN -> "not run: " + row.note();
        };
    }

    private static String errors(ResultSummary.Row row) {
        if (row.errors() == 0) {
            return "0";
        }
        return String.format(Locale.ROOT, "%d (%.1f%%)", row.errors(), row.errorRate() * 100);
    }

    private static String shares(ResultSummary.Row row) {
        StringJoiner shares = new StringJoiner(" / ");
        row.statementShares().values().forEach(share -> shares.add(String.format(Locale.ROOT, "%.0f%%", share * 100)));
        return shares.length() == 0 ? "–" : shares.toString();
    }

    static String millis(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        return String.format(Locale.ROOT, value >= 100 ? "%.0f" : value >= 10 ? "%.1f" : "%.2f", value);
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    /** JMH's summary under our headings: its title dropped, every other heading one level down. */
    static String demoteHeadings(String markdown) {
        StringBuilder out = new StringBuilder();
        for (String line : markdown.split("\n", -1)) {
            if (line.startsWith("# ")) {
                out.append("Source: ").append(line.substring(2).trim()).append('\n');
            }
            else if (line.startsWith("#")) {
                out.append('#').append(line).append('\n');
            }
            else {
                out.append(line).append('\n');
            }
        }
        return out.toString().stripTrailing() + "\n";
    }

    /**
     * A target of the issue and how the run measured against it.
     *
     * @param atLeast   whether the measured value must be at least (else at most) the threshold
     */
    record TargetResult(String description, Spread measured, double threshold, boolean atLeast) {

        static TargetResult atLeast(String description, Spread measured, double threshold) {
            return new TargetResult(description, measured, threshold, true);
        }

        static TargetResult atMost(String description, Spread measured, double threshold) {
            return new TargetResult(description, measured, threshold, false);
        }

        private boolean meets(double value) {
            return this.atLeast ? value >= this.threshold : value <= this.threshold;
        }

        /** {@code met}, {@code met on average, not in every round}, {@code missed} or {@code not measured}. */
        String verdict() {
            if (this.measured.isEmpty()) {
                return "not measured";
            }
            if (!meets(this.measured.mean())) {
                return "✗ missed";
            }
            return meets(this.measured.min()) && meets(this.measured.max()) ? "✓ met" : "✓ met on average, not in every round";
        }

    }

}
