package io.r2dbcrouting.samples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.r2dbc.spi.ColumnMetadata;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import io.r2dbc.spi.Statement;
import io.r2dbcrouting.Routing;
import io.r2dbcrouting.RoutingConnectionFactory;
import io.r2dbcrouting.RoutingReason;
import io.r2dbcrouting.RoutingSession;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The demo's steps: each routing rule exercised once through a {@link RoutingConnectionFactory}, with the server
 * that answered read from the answer itself ({@code inet_server_port()}) and compared with the rule.
 * <p>
 * Steps run one after another, each blocking until done (fine in a demo, never on a reactive path): the weighted
 * round-robin count relies on no other subscription picking a replica meanwhile. Not thread-safe; use once.
 */
final class RoutingWalkthrough {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final int READS = 300;

    private static final String WHO = ServerNames.WHO_ANSWERS;

    private static final String WHO_AND_ROLE = "SELECT inet_server_port(), pg_is_in_recovery()";

    private static final String READ_BACK = "SELECT inet_server_port(), count(*) FROM " + RoutingDemo.TABLE + " WHERE id = $1";

    private final RoutingConnectionFactory routing;

    private final RoutingConnectionFactory disabled;

    private final ServerNames servers;

    private final Expected primary;

    private final Expected anyReplica;

    private final Expected group;

    private final String weightedCounts;

    private final StepTable table;

    private final List<StepResult> steps = new ArrayList<>();

    private @Nullable ReplicaScenes replicaScenes;

    /**
     * The factories and cluster controls of the replica-awareness scenes: a router that checks replicas every 200 ms,
     * the same in CAUSAL mode, and the faults the local cluster script can make.
     *
     * @param monitored    STICKY router checking replicas every 200 ms
     * @param causal       the same with {@code readConsistency(CAUSAL)}
     * @param stopReplica2 stops replica-2 (returns once it is down)
     * @param startReplica2 starts it again (returns once it streams)
     * @param pauseReplay1 pauses WAL replay on replica-1
     * @param resumeReplay1 resumes it
     */
    record ReplicaScenes(RoutingConnectionFactory monitored, RoutingConnectionFactory causal, Runnable stopReplica2,
                         Runnable startReplica2, Runnable pauseReplay1, Runnable resumeReplay1) {
    }

    /**
     * Adds the failover and read-your-writes scenes (they stop a replica and pause replay, so only with a cluster
     * whose nodes the demo controls).
     */
    RoutingWalkthrough withReplicaScenes(ReplicaScenes scenes) {
        this.replicaScenes = scenes;
        return this;
    }

    /**
     * @param routing    the factory under test: a primary, {@code replica-1} (weight 2), {@code replica-2} (weight 1)
     *                   and the {@code analytics} group
     * @param disabled   the same targets with {@code enabled(false)}
     * @param servers    the names of the servers by port
     * @param groupLabel the label ({@link ServerNames#label}) of the server and database the group points at
     * @param table      where each step is printed as it completes
     */
    RoutingWalkthrough(RoutingConnectionFactory routing, RoutingConnectionFactory disabled, ServerNames servers,
                       String groupLabel, StepTable table) {
        this.routing = routing;
        this.disabled = disabled;
        this.servers = servers;
        this.primary = new Expected(RoutingDemo.PRIMARY, Set.of(RoutingDemo.PRIMARY));
        this.anyReplica = new Expected("a replica", Set.of(RoutingDemo.REPLICA_1, RoutingDemo.REPLICA_2));
        this.group = new Expected(groupLabel, Set.of(groupLabel));
        this.weightedCounts = RoutingDemo.REPLICA_1 + "=" + (READS * 2 / 3) + ", " + RoutingDemo.REPLICA_2 + "=" + (READS / 3);
        this.table = table;
    }

    /**
     * Runs every step, printing each as it completes.
     *
     * @return the steps in order
     * @throws RuntimeException if a statement fails or a step times out (after 30 seconds)
     */
    List<StepResult> walk() {
        this.table.header();
        autoCommit();
        transaction();
        primaryOnlyReads();
        hints();
        routingSession();
        sessionState();
        weightedRoundRobin();
        routingDisabled();
        if (this.replicaScenes != null) {
            failover(this.replicaScenes);
            readYourWrites(this.replicaScenes);
        }
        return List.copyOf(this.steps);
    }

    private void autoCommit() {
        this.table.section("Auto-commit statements: reads to a replica, writes to the primary");
        step("read", WHO_AND_ROLE, RoutingReason.READ,
            "a read goes to a replica, picked per create() by weighted round-robin",
            this.anyReplica, onConnection(this.routing, c -> ask(c, WHO_AND_ROLE)));
        String insert = insert("keyboard");
        step("write", insert, RoutingReason.WRITE,
            "a write goes to the primary",
            this.primary, onConnection(this.routing, c -> ask(c, insert)));
    }

    private void transaction() {
        this.table.section("A transaction starts on a replica, moves to the primary at its first write, lets go at commit");
        String insert = insert("mouse");
        List<Answer> answers = new ArrayList<>(4);
        Mono.usingWhen(this.routing.create(), c -> Mono.from(c.beginTransaction())
                .then(ask(c, WHO)).doOnNext(answers::add)
                .then(ask(c, insert)).doOnNext(answers::add)
                .flatMap(inserted -> ask(c, READ_BACK, inserted.get("id"))).doOnNext(answers::add)
                .then(Mono.from(c.commitTransaction()))
                .then(ask(c, WHO)).doOnNext(answers::add),
            Connection::close)
            .block(TIMEOUT);
        Answer first = answers.get(0);
        int firstStep = step("read before any write", "beginTransaction(); " + WHO, RoutingReason.READ,
            "the transaction begins on the replica its connection was given", this.anyReplica, first);
        step("first write", insert, RoutingReason.WRITE,
            "the first write moves the transaction to the primary", this.primary, answers.get(1));
        step("read after the write", READ_BACK + "   -- $1 = " + answers.get(1).get("id"), RoutingReason.STICKY,
            "sticky after write: later reads stay on the primary and see the uncommitted row (count=1)",
            this.primary, answers.get(2));
        step("read after commit", "commitTransaction(); " + WHO, RoutingReason.READ,
            "commit ends the stickiness: reads go back to the connection's replica",
            sameReplicaAs(first, firstStep), answers.get(3));
    }

    private void primaryOnlyReads() {
        this.table.section("Reads that lock or have side effects run on the primary");
        String forUpdate = "SELECT inet_server_port(), id FROM " + RoutingDemo.TABLE + " ORDER BY id LIMIT 1 FOR UPDATE";
        step("SELECT ... FOR UPDATE", forUpdate, RoutingReason.WRITE,
            "a locking read takes row locks, which a hot standby cannot",
            this.primary, onConnection(this.routing, c -> ask(c, forUpdate)));
        String nextval = "SELECT inet_server_port(), nextval('" + RoutingDemo.SEQUENCE + "')";
        step("SELECT nextval(...)", nextval, RoutingReason.WRITE,
            "nextval() changes a sequence: side-effecting functions run on the primary",
            this.primary, onConnection(this.routing, c -> ask(c, nextval)));
    }

    private void hints() {
        this.table.section("Hints in the Reactor context override the automatic choice");
        step("read under Routing.primary()", WHO_AND_ROLE + "   .contextWrite(Routing.primary())", RoutingReason.FORCED,
            "Routing.primary() sends even reads to the primary",
            this.primary, onConnection(this.routing, c -> ask(c, WHO_AND_ROLE)).contextWrite(Routing.primary()));

        String insert = insert("monitor");
        List<Answer> answers = new ArrayList<>(3);
        Mono.usingWhen(this.routing.create(), c -> Mono.from(c.beginTransaction())
                .then(ask(c, insert)).doOnNext(answers::add)
                .then(ask(c, WHO).contextWrite(Routing.replica())).doOnNext(answers::add)
                .then(ask(c, WHO)).doOnNext(answers::add)
                .then(Mono.from(c.rollbackTransaction())),
            Connection::close)
            .block(TIMEOUT);
        step("tx: write", "beginTransaction(); " + insert, RoutingReason.WRITE,
            "the transaction writes, so it is stuck to the primary", this.primary, answers.get(0));
        step("tx: read under Routing.replica()", WHO + "   .contextWrite(Routing.replica())", RoutingReason.FORCED,
            "Routing.replica() on this one query sends it to a replica, sticky transaction or not",
            this.anyReplica, answers.get(1));
        step("tx: next read, no hint", WHO + "; rollbackTransaction()", RoutingReason.STICKY,
            "the hint applied to that query alone: the transaction is still stuck to the primary",
            this.primary, answers.get(2));

        String database = "SELECT inet_server_port(), current_database()";
        step("read under Routing.group(\"analytics\")", database + "   .contextWrite(Routing.group(\"analytics\"))",
            RoutingReason.GROUP, "a bind group gets every statement, reads and writes, on its own database",
            this.group, onConnection(this.routing, c -> ask(c, database)).contextWrite(Routing.group("analytics")));
    }

    private void routingSession() {
        this.table.section("A routing session reads its own writes, across connections, until reset()");
        String insert = insert("cable");
        List<Answer> answers = new ArrayList<>(3);
        onConnection(this.routing, c -> ask(c, insert)).doOnNext(answers::add)
            .then(onConnection(this.routing, c -> ask(c, WHO))).doOnNext(answers::add)
            .then(Routing.currentSession().doOnNext(RoutingSession::reset))
            .then(onConnection(this.routing, c -> ask(c, WHO))).doOnNext(answers::add)
            .contextWrite(Routing.session())
            .block(TIMEOUT);
        step("session: write", insert + "   .contextWrite(Routing.session())", RoutingReason.WRITE,
            "a write goes to the primary and marks the session as having written", this.primary, answers.get(0));
        step("session: read, new connection", WHO, RoutingReason.STICKY,
            "after a successful write, the session's reads go to the primary", this.primary, answers.get(1));
        step("session: read after reset()", "RoutingSession.reset(); " + WHO, RoutingReason.READ,
            "reset() lets the session's reads go to replicas again", this.anyReplica, answers.get(2));
    }

    private void sessionState() {
        this.table.section("Statements that set session state pin the connection to the primary");
        String set = "SET application_name = 'routing-demo'";
        String show = "SELECT inet_server_port(), current_setting('application_name')";
        List<Answer> answers = new ArrayList<>(2);
        Mono.usingWhen(this.routing.create(), c -> ask(c, WHO).doOnNext(answers::add)
                .then(update(c, set))
                .then(ask(c, show)).doOnNext(answers::add),
            Connection::close)
            .block(TIMEOUT);
        step("read before SET", WHO, RoutingReason.READ,
            "nothing special yet: a read goes to the connection's replica", this.anyReplica, answers.get(0));
        step("read after SET", set + "; " + show, RoutingReason.STICKY,
            "SET ran on the primary and pinned the connection there: later reads must see the setting",
            this.primary, answers.get(1));
    }

    private void weightedRoundRobin() {
        this.table.section("Replicas share the reads by weight (replica-1: 2, replica-2: 1)");
        Map<String, Long> counts = Flux.range(0, READS)
            .concatMap(i -> onConnection(this.routing, c -> ask(c, WHO)))
            .collect(Collectors.groupingBy(Answer::server, TreeMap::new, Collectors.counting()))
            .block(TIMEOUT);
        String answered = Objects.requireNonNull(counts).entrySet().stream()
            .map(entry -> entry.getKey() + "=" + entry.getValue())
            .collect(Collectors.joining(", "));
        step(READS + " reads, one create() each", READS + " x " + WHO, RoutingReason.READ,
            "smooth weighted round-robin: of every 3 connections, 2 read from replica-1 and 1 from replica-2",
            new Expected(this.weightedCounts, Set.of(this.weightedCounts)), answered, "");
    }

    private void routingDisabled() {
        this.table.section("Routing disabled: RoutingConnectionFactory.builder()...enabled(false)");
        step("read, routing disabled", WHO_AND_ROLE, null,
            "enabled(false) hands out the primary's own connections: everything runs there",
            this.primary, onConnection(this.disabled, c -> ask(c, WHO_AND_ROLE)));
    }

    private void failover(ReplicaScenes scenes) {
        this.table.section("Failover: a replica stops; reads carry on without a single error");
        onConnection(scenes.monitored(), c -> ask(c, WHO)).block(TIMEOUT);      // the monitor starts with the first create()
        Map<String, Long> during;
        scenes.stopReplica2().run();
        try {
            during = Flux.range(0, 60)
                .concatMap(i -> onConnection(scenes.monitored(), c -> ask(c, WHO)).map(Answer::server)
                    .onErrorResume(error -> Mono.just("FAILED: " + error.getMessage())))
                .collect(Collectors.groupingBy(name -> name, TreeMap::new, Collectors.counting()))
                .block(TIMEOUT);
        } finally {
            scenes.startReplica2().run();
        }
        String answered = Objects.requireNonNull(during).entrySet().stream()
            .map(entry -> entry.getKey() + "=" + entry.getValue()).collect(Collectors.joining(", "));
        String expected = RoutingDemo.REPLICA_1 + "=60";
        step("60 reads, replica-2 stopped", "pg_ctl stop replica-2; 60 x " + WHO, RoutingReason.READ,
            "a failed read is run again on another replica before the caller sees it; the monitor takes replica-2 out",
            new Expected(expected, Set.of(expected)), answered, "");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Map<String, Long> after = Map.of();
        while (System.nanoTime() < deadline && !after.containsKey(RoutingDemo.REPLICA_2)) {
            after = Flux.range(0, 6)
                .concatMap(i -> onConnection(scenes.monitored(), c -> ask(c, WHO)).map(Answer::server))
                .collect(Collectors.groupingBy(name -> name, TreeMap::new, Collectors.counting()))
                .block(TIMEOUT);
        }
        step("reads after restarting replica-2", "pg_ctl start replica-2; " + WHO, RoutingReason.READ,
            "a check passes and replica-2 is back in rotation",
            new Expected("replica-2 among them", Set.of(RoutingDemo.REPLICA_2)),
            after.containsKey(RoutingDemo.REPLICA_2) ? RoutingDemo.REPLICA_2 : "not back within 20 s", "");
    }

    private void readYourWrites(ReplicaScenes scenes) {
        this.table.section("Read-your-writes by WAL position (CAUSAL), with replay paused on replica-1");
        onConnection(scenes.causal(), c -> ask(c, WHO)).block(TIMEOUT);
        onConnection(scenes.monitored(), c -> ask(c, WHO)).block(TIMEOUT);
        scenes.pauseReplay1().run();
        try {
            int rounds = 30;
            int saw = 0;
            Map<String, Long> servedBy = new TreeMap<>();
            for (int i = 0; i < rounds; i++) {
                Answer read = writeThenRead(scenes.causal(), "causal-" + i, true);
                servedBy.merge(read.server(), 1L, Long::sum);
                if (Long.valueOf(1).equals(read.get("count"))) {
                    saw++;
                }
            }
            String served = servedBy.entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining(", "));
            String expected = rounds + "/" + rounds + " saw their write";
            step("CAUSAL: write, read back", "INSERT …; SELECT … WHERE id = $1   .contextWrite(Routing.session())",
                RoutingReason.READ, "a read goes only to a replica that has replayed the session's commit (here replica-2, "
                    + "never the paused replica-1), else to the primary; served by " + served,
                new Expected(expected, Set.of(expected)), saw + "/" + rounds + " saw their write", "");
            int stale = 0;
            for (int i = 0; i < 6; i++) {
                Answer read = writeThenRead(scenes.monitored(), "sticky-" + i, false);
                if (Long.valueOf(0).equals(read.get("count"))) {
                    stale++;
                }
            }
            step("STICKY, no session", "INSERT …; SELECT … WHERE id = $1", RoutingReason.READ,
                "without a session or CAUSAL mode a read right after a commit may land on the paused replica and miss it",
                new Expected("some stale reads", Set.of("some stale reads")), stale > 0 ? "some stale reads" : "no stale read",
                stale + " of 6 reads missed their write");
        } finally {
            scenes.resumeReplay1().run();
        }
    }

    /** Inserts a row on one connection and reads it back on another; the answer has the reader's server and count. */
    private Answer writeThenRead(RoutingConnectionFactory factory, String item, boolean inSession) {
        Mono<Answer> roundTrip = onConnection(factory, c -> ask(c, insert(item)))
            .flatMap(inserted -> onConnection(factory, c -> ask(c, READ_BACK, inserted.get("id"))));
        return Objects.requireNonNull((inSession ? roundTrip.contextWrite(Routing.session()) : roundTrip).block(TIMEOUT));
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static String insert(String item) {
        return "INSERT INTO " + RoutingDemo.TABLE + " (item) VALUES ('" + item + "') RETURNING inet_server_port(), id";
    }

    private Expected sameReplicaAs(Answer answer, int step) {
        return this.anyReplica.servers().contains(answer.server())
            ? new Expected(answer.server() + " (as step " + step + ")", Set.of(answer.server()))
            : this.anyReplica;
    }

    private int step(String title, String sql, @Nullable RoutingReason reason, String rule, Expected expected,
                     Mono<Answer> answer) {
        return step(title, sql, reason, rule, expected, Objects.requireNonNull(answer.block(TIMEOUT), title));
    }

    private int step(String title, String sql, @Nullable RoutingReason reason, String rule, Expected expected,
                     Answer answer) {
        return step(title, sql, reason, rule, expected, answer.server(), answer.detail());
    }

    private int step(String title, String sql, @Nullable RoutingReason reason, String rule, Expected expected,
                     String answered, String detail) {
        StepResult step = new StepResult(this.steps.size() + 1, title, sql, reason, rule, expected.description(),
            expected.servers(), answered, detail);
        this.steps.add(step);
        this.table.row(step);
        return step.number();
    }

    private static <T> Mono<T> onConnection(ConnectionFactory factory, Function<Connection, Mono<T>> work) {
        return Mono.usingWhen(factory.create(), work, Connection::close);
    }

    /** Runs a query whose first column is {@code inet_server_port()} and returns its only row. */
    private Mono<Answer> ask(Connection connection, String sql, @Nullable Object... bindings) {
        return Mono.defer(() -> {
            Statement statement = connection.createStatement(sql);
            for (int i = 0; i < bindings.length; i++) {
                statement.bind(i, Objects.requireNonNull(bindings[i], "binding"));
            }
            return Flux.from(statement.execute())
                .concatMap(result -> result.map((row, metadata) -> answer(row, metadata)))
                .single();
        });
    }

    private static Mono<Long> update(Connection connection, String sql) {
        return Mono.defer(() -> Flux.from(connection.createStatement(sql).execute())
            .concatMap(Result::getRowsUpdated)
            .reduce(0L, Long::sum));
    }

    private Answer answer(Row row, RowMetadata metadata) {
        Map<String, @Nullable Object> columns = new LinkedHashMap<>();
        List<? extends ColumnMetadata> columnMetadatas = metadata.getColumnMetadatas();
        for (int i = 1; i < columnMetadatas.size(); i++) {
            columns.put(columnMetadatas.get(i).getName(), row.get(i));
        }
        Object database = columns.get("current_database");
        String server = this.servers.label(row.get(0, Integer.class), database == null ? null : database.toString());
        return new Answer(server, Collections.unmodifiableMap(columns));
    }

    /** Which server answered, and the other columns of its row. */
    private record Answer(String server, Map<String, @Nullable Object> columns) {

        @Nullable Object get(String column) {
            return this.columns.get(column);
        }

        String detail() {
            return this.columns.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining(", "));
        }
    }

    /** The server a rule expects: a description for people and the names that satisfy it. */
    private record Expected(String description, Set<String> servers) {
    }
}
