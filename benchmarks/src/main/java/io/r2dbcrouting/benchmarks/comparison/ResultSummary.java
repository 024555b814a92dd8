package io.r2dbcrouting.benchmarks.comparison;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * The figures of a run, per workload and contender, over its rounds: means with their spread, and ratios of one
 * contender to another taken round by round (both measured in the same round, a few seconds apart, so that the
 * machine's drift cancels out) before they are averaged.
 */
final class ResultSummary {

    /** The floor the router is measured against. */
    static final String FREE_ROUTING = "free-routing";

    static final String DIRECT = "direct";

    static final String ROUTER = "router";

    static final String SPRING = "spring";

    static final String PGPOOL = "pgpool";

    private final List<RunResult> results;

    private final List<Workload> workloads;

    private final List<String> contenders;

    private final List<String> servers;

    ResultSummary(List<RunResult> results) {
        this.results = List.copyOf(results);
        Set<Workload> workloads = new LinkedHashSet<>();
        Set<String> contenders = new LinkedHashSet<>();
        Set<String> servers = new LinkedHashSet<>();
        for (RunResult result : results) {
            workloads.add(result.workload());
            contenders.add(result.contender());
            servers.addAll(result.statements().keySet());
        }
        // report order: the workloads' and the known contenders' own order, then any other contender as it came
        this.workloads = workloads.stream().sorted().toList();
        this.contenders = contenders.stream()
                .sorted(java.util.Comparator.comparingInt(ResultSummary::rank))
                .toList();
        this.servers = List.copyOf(servers);
    }

    private static int rank(String contender) {
        int index = ContenderLineup.ALL.indexOf(contender);
        return index < 0 ? ContenderLineup.ALL.size() : index;
    }

    List<Workload> workloads() {
        return this.workloads;
    }

    /** Contender ids in {@link ContenderLineup#ALL}'s order, then others in the order of their first result. */
    List<String> contenders() {
        return this.contenders;
    }

    /** Server names in the order of the counters. */
    List<String> servers() {
        return this.servers;
    }

    /** The number of measured rounds. */
    int rounds() {
        return this.results.stream().mapToInt(RunResult::round).max().orElse(0);
    }

    /** The contender's title, or its id if it has no result. */
    String title(String contender) {
        return this.results.stream().filter(result -> result.contender().equals(contender)).map(RunResult::title)
                .findFirst().orElse(contender);
    }

    /** A short name for chart axes, legends and wide tables. */
    String shortTitle(String contender) {
        return switch (contender) {
            case DIRECT -> "direct pool";
            case FREE_ROUTING -> "free routing";
            case ROUTER -> "router";
            case "router-flip" -> "router (tx flip)";
            case SPRING -> "Spring routing";
            case PGPOOL -> "pgpool-II";
            case "multi-host" -> "multi-host";
            default -> title(contender);
        };
    }

    /** Every contender with a result for the workload, run or not, in contender order. */
    List<Row> rows(Workload workload) {
        List<Row> rows = new ArrayList<>();
        for (String contender : this.contenders) {
            row(workload, contender).ifPresent(rows::add);
        }
        return rows;
    }

    Optional<Row> row(Workload workload, String contender) {
        List<RunResult> runs = new ArrayList<>();
        RunResult notRun = null;
        for (RunResult result : this.results) {
            if (result.workload() == workload && result.contender().equals(contender)) {
                if (result.wasRun()) {
                    runs.add(result);
                }
                else {
                    notRun = result;
                }
            }
        }
        if (runs.isEmpty()) {
            return Optional.ofNullable(notRun).map(Row::notRun);
        }
        RunResult first = runs.get(0);
        long operations = 0;
        long errors = 0;
        double max = Double.NaN;
        Map<String, Long> statements = new LinkedHashMap<>();
        Map<String, Long> errorKinds = new TreeMap<>();
        for (RunResult run : runs) {
            operations += run.operations();
            errors += run.errors();
            if (!Double.isNaN(run.maxMillis())) {
                max = Double.isNaN(max) ? run.maxMillis() : Math.max(max, run.maxMillis());
            }
            run.statements().forEach((server, count) -> statements.merge(server, count, Long::sum));
            run.errorKinds().forEach((kind, count) -> errorKinds.merge(kind, count, Long::sum));
        }
        return Optional.of(new Row(contender, first.title(), first.support(), first.note(), runs.size(),
                spread(runs, RunResult::throughput), spread(runs, RunResult::p50Millis),
                spread(runs, RunResult::p95Millis), spread(runs, RunResult::p99Millis), max,
                spread(runs, RunResult::cpuMicros), operations, errors, statements, errorKinds,
                spread(runs, run -> run.errors())));
    }

    /**
     * {@code metric(a) / metric(b)} in every round where both ran the workload, and the spread of those ratios.
     *
     * @return {@link Spread#NONE} if they never ran it in the same round
     */
    Spread ratio(Workload workload, String a, String b, ToDoubleFunction<RunResult> metric) {
        Map<Integer, RunResult> byRound = new TreeMap<>();
        for (RunResult result : this.results) {
            if (result.wasRun() && result.workload() == workload && result.contender().equals(b)) {
                byRound.put(result.round(), result);
            }
        }
        List<Double> ratios = new ArrayList<>();
        for (RunResult result : this.results) {
            if (result.wasRun() && result.workload() == workload && result.contender().equals(a)) {
                RunResult other = byRound.get(result.round());
                if (other != null) {
                    double denominator = metric.applyAsDouble(other);
                    ratios.add(denominator == 0 ? Double.NaN : metric.applyAsDouble(result) / denominator);
                }
            }
        }
        return Spread.of(ratios.stream().mapToDouble(Double::doubleValue).toArray());
    }

    Spread throughputRatio(Workload workload, String a, String b) {
        return ratio(workload, a, b, RunResult::throughput);
    }

    Spread p99Ratio(Workload workload, String a, String b) {
        return ratio(workload, a, b, RunResult::p99Millis);
    }

    private static Spread spread(List<RunResult> runs, ToDoubleFunction<RunResult> metric) {
        return Spread.of(runs.stream().mapToDouble(metric).toArray());
    }

    /**
     * One contender on one workload over all its rounds.
     *
     * @param throughput     successful operations per second, over rounds
     * @param p50            latency percentiles in milliseconds, over rounds (the mean of per-round percentiles)
     * @param max            the longest latency of any round
 * @param cpuMicros      client CPU time per successful operation in microseconds, over rounds
     * @param operations     successful operations, all rounds
     * @param errors         failed operations, all rounds
     * @param statements     workload statements each server completed, all rounds
     * @param errorKinds     failed operations by kind, all rounds
     * @param errorsPerRound failed operations, over rounds
     */
    record Row(String contender, String title, WorkloadSupport.Kind support, String note, int rounds,
            Spread throughput, Spread p50, Spread p95, Spread p99, double max, Spread cpuMicros, long operations,
            long errors,
            Map<String, Long> statements, Map<String, Long> errorKinds, Spread errorsPerRound) {

        static Row notRun(RunResult result) {
            return new Row(result.contender(), result.title(), result.support(), result.note(), 0, Spread.NONE,
                    Spread.NONE, Spread.NONE, Spread.NONE, Double.NaN, Spread.NONE, 0, 0, Map.of(), Map.of(),
                    Spread.NONE);
        }

        boolean wasRun() {
            return this.rounds > 0;
        }

        /** Failed operations as a share of all that ended, 0 to 1. */
        double errorRate() {
            long ended = this.operations + this.errors;
            return ended == 0 ? 0 : this.errors / (double) ended;
        }

        /** The servers' shares of the counted statements, 0 to 1, in server order. */
        Map<String, Double> statementShares() {
            long total = this.statements.values().stream().mapToLong(Long::longValue).sum();
            Map<String, Double> shares = new LinkedHashMap<>();
            this.statements.forEach((server, count) -> shares.put(server, total == 0 ? 0 : count / (double) total));
            return shares;
        }

    }

}
