package io.r2dbcrouting.spring.boot;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbcrouting.Routing;
import io.r2dbcrouting.RoutingConnectionFactory;
import io.r2dbcrouting.micrometer.MicrometerRoutingMetrics;
import io.r2dbcrouting.testcluster.PostgresCluster;
import io.r2dbcrouting.testcluster.PostgresClusterExtension;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.data.r2dbc.R2dbcDataAutoConfiguration;
import org.springframework.boot.autoconfigure.r2dbc.R2dbcAutoConfiguration;
import org.springframework.boot.autoconfigure.r2dbc.R2dbcTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.r2dbc.dialect.DialectResolver;
import org.springframework.data.r2dbc.dialect.PostgresDialect;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The auto-configured router on the real cluster, used the way Spring applications use a {@code ConnectionFactory}:
 * {@code DatabaseClient}, {@code R2dbcTransactionManager} and {@code TransactionalOperator}, Spring Data's dialect,
 * Actuator's health and Micrometer. Every check asks the server that answered: {@code pg_is_in_recovery()} and
 * {@code inet_server_port()}, or its own {@code pg_stat_statements}.
 */
@ExtendWith(PostgresClusterExtension.class)
class RoutingAutoConfigurationIntegrationTests {

    private static final String TABLE = "routing_spring_boot_items";

    private static final String WHO_ANSWERS = "SELECT pg_is_in_recovery() AS replica, inet_server_port() AS port";

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static PostgresCluster cluster;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(RoutingAutoConfiguration.class, R2dbcAutoConfiguration.class,
            R2dbcDataAutoConfiguration.class, R2dbcTransactionManagerAutoConfiguration.class,
            TransactionAutoConfiguration.class))
        .withPropertyValues(
            "r2dbc.routing.primary.url=" + cluster.r2dbcUrl(cluster.primary()),
            "r2dbc.routing.replicas[0].url=" + cluster.r2dbcUrl(cluster.replica(1)),
            "r2dbc.routing.replicas[1].url=" + cluster.r2dbcUrl(cluster.replica(2)),
            "r2dbc.routing.pool.max-size=4");

    /** A server's answer to {@link #WHO_ANSWERS}. */
    record Answer(boolean replica, int port) {
    }

    @BeforeAll
    static void createTable(PostgresCluster started) throws SQLException {
        cluster = started;
        try (Connection connection = cluster.jdbcConnection(cluster.primary());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (id bigserial PRIMARY KEY, name text NOT NULL,"
                + " written_on int NOT NULL DEFAULT inet_server_port())");
        }
        cluster.awaitReplicasCaughtUp(TIMEOUT);
    }

    @Test
    void databaseClientReadsFromAReplicaAndWritesToThePrimaryOutsideTransactions() {
        this.runner.run(context -> {
            DatabaseClient client = context.getBean(DatabaseClient.class);
            assertThat(whoAnswers(client).block(TIMEOUT).replica()).isTrue();

            String name = unique("auto-commit");
            Integer writtenOn = client.sql("INSERT INTO " + TABLE + " (name) VALUES (:name) RETURNING written_on")
                .bind("name", name).map(row -> row.get(0, Integer.class)).one().block(TIMEOUT);
            assertThat(writtenOn).isEqualTo(cluster.primary().port());
        });
    }

    @Test
    void aRoutingSessionReadsItsOwnWritesFromThePrimaryAndOnlyItsOwn() {
        this.runner.run(context -> {
            DatabaseClient client = context.getBean(DatabaseClient.class);
            String name = unique("session");
            Mono<Answer> writeThenRead = insert(client, name).then(whoAnswers(client));

            assertThat(writeThenRead.contextWrite(Routing.session()).block(TIMEOUT).replica())
                .as("a read after a write in the same session").isFalse();
            assertThat(writeThenRead.block(TIMEOUT).replica())
                .as("the same without a session: each statement has a connection of its own").isTrue();
        });
    }

    @Test
    void aReadOnlyTransactionRunsOnOneReplicaAndNeverTouchesThePrimary() {
        this.runner.run(context -> {
            DatabaseClient client = context.getBean(DatabaseClient.class);
            DefaultTransactionDefinition readOnly = new DefaultTransactionDefinition();
            readOnly.setReadOnly(true);
            TransactionalOperator transaction = TransactionalOperator.create(
                context.getBean(ReactiveTransactionManager.class), readOnly);
            String marker = "read-only " + UUID.randomUUID();
            Map<String, Long> before = StatementCounts.of(cluster, "SELECT", TABLE);

            List<Answer> answers = Flux.concat(whoAnswers(client),
                    client.sql("SELECT count(*) FROM " + TABLE + " WHERE name <> :marker").bind("marker", marker)
                        .map(row -> row.get(0, Long.class)).one().then(Mono.empty()),
                    whoAnswers(client))
                .as(transaction::transactional)
                .collectList().block(TIMEOUT);

            assertThat(answers).hasSize(2).allSatisfy(answer -> assertThat(answer.replica()).isTrue());
            assertThat(answers.get(0).port()).as("one replica for the whole transaction").isEqualTo(answers.get(1).port());
            Map<String, Long> ran = StatementCounts.difference(before, StatementCounts.of(cluster, "SELECT", TABLE));
            assertThat(ran.get(cluster.primary().name())).as("the query's calls on the primary, from its own pg_stat_statements: %s", ran)
                .isZero();
            assertThat(ran.values().stream().mapToLong(Long::longValue).sum()).as("calls on the replicas: %s", ran).isEqualTo(1);
        });
    }

    @Test
    void aReadWriteTransactionStartsOnAReplicaAndMovesToThePrimaryAtItsFirstWrite() {
        this.runner.run(context -> {
            DatabaseClient client = context.getBean(DatabaseClient.class);
            TransactionalOperator transaction = TransactionalOperator.create(context.getBean(ReactiveTransactionManager.class));
            String name = unique("flip");

            List<Answer> answers = Flux.concat(whoAnswers(client), insert(client, name).then(Mono.empty()),
                    whoAnswers(client))
                .as(transaction::transactional)
                .collectList().block(TIMEOUT);

            assertThat(answers).extracting(Answer::replica).containsExactly(true, false);
            assertThat(countOnPrimary(client, name)).as("committed").isEqualTo(1);
        });
    }

    @Test
    void aRolledBackTransactionLeavesNothingOnThePrimary() {
        this.runner.run(context -> {
            DatabaseClient client = context.getBean(DatabaseClient.class);
            TransactionalOperator transaction = TransactionalOperator.create(context.getBean(ReactiveTransactionManager.class));
            String name = unique("rollback");

            Mono<Void> failing = insert(client, name).then(Mono.<Void>error(new IllegalStateException("change of mind")))
                .as(transaction::transactional);

            assertThatThrownBy(() -> failing.block(TIMEOUT)).hasMessage("change of mind");
            assertThat(countOnPrimary(client, name)).isZero();
        });
    }

    @Test
    void withTransactionsOnPrimaryAReadWriteTransactionStartsThereButAReadOnlyOneDoesNot() {
        this.runner.withPropertyValues("r2dbc.routing.transactions-on-primary=true").run(context -> {
            DatabaseClient client = context.getBean(DatabaseClient.class);
            ReactiveTransactionManager manager = context.getBean(ReactiveTransactionManager.class);
            DefaultTransactionDefinition readOnly = new DefaultTransactionDefinition();
            readOnly.setReadOnly(true);

            assertThat(whoAnswers(client).as(TransactionalOperator.create(manager)::transactional).block(TIMEOUT).replica())
                .isFalse();
            assertThat(whoAnswers(client).as(TransactionalOperator.create(manager, readOnly)::transactional)
                .block(TIMEOUT).replica()).isTrue();
        });
    }

    @Test
    void springDataResolvesThePostgresDialectThroughTheRouter() {
        this.runner.run(context -> {
            ConnectionFactory factory = context.getBean(ConnectionFactory.class);
            assertThat(factory).isInstanceOf(RoutingConnectionFactory.class);
            // what Spring Data R2DBC's configuration and Spring Boot's converters ask
            assertThat(DialectResolver.getDialect(factory)).isInstanceOf(PostgresDialect.class);
        });
    }

    @Test
    void aRoutingSpringR2dbcUrlRoutesReadsToTheReplicas() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RoutingAutoConfiguration.class, R2dbcAutoConfiguration.class,
                R2dbcDataAutoConfiguration.class))
            .withPropertyValues("spring.r2dbc.url=r2dbc:routing:postgresql://" + cluster.primary().address() + ","
                    + cluster.replica(1).address() + "," + cluster.replica(2).address() + "/" + cluster.database(),
                "spring.r2dbc.username=" + cluster.username(), "spring.r2dbc.password=" + cluster.password())
            .run(context -> {
                assertThat(context.getBean(ConnectionFactory.class)).isInstanceOf(RoutingConnectionFactory.class);
                DatabaseClient client = context.getBean(DatabaseClient.class);
                assertThat(whoAnswers(client).block(TIMEOUT).replica()).isTrue();
                assertThat(whoAnswers(client).contextWrite(Routing.primary()).block(TIMEOUT).replica()).isFalse();
            });
    }

    @Test
    void theHealthIndicatorReportsEveryTarget() {
        this.runner.withConfiguration(AutoConfigurations.of(RoutingHealthAutoConfiguration.class)).run(context -> {
            Health health = context.getBean(RoutingHealthIndicator.class).health().block(TIMEOUT);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsOnlyKeys("primary", "replica-1", "replica-2");
            assertThat(health.getDetails().values()).allSatisfy(target ->
                assertThat(target).asInstanceOf(InstanceOfAssertFactories.MAP)
                    .containsEntry("status", "UP"));
        });
    }

    @Test
    void theMetersCountTheStatementsRoutedToEachTarget() {
        this.runner.withConfiguration(AutoConfigurations.of(RoutingMetricsAutoConfiguration.class))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .run(context -> {
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                context.getBean(MicrometerRoutingMetrics.class).bindTo(registry);
                DatabaseClient client = context.getBean(DatabaseClient.class);
                whoAnswers(client).block(TIMEOUT);
                whoAnswers(client).contextWrite(Routing.primary()).block(TIMEOUT);

                double reads = registry.find(MicrometerRoutingMetrics.STATEMENTS).tag("reason", "read")
                    .functionCounters().stream().mapToDouble(FunctionCounter::count).sum();
                double forced = registry.find(MicrometerRoutingMetrics.STATEMENTS).tag("target", "primary")
                    .tag("reason", "forced").functionCounter().count();
                assertThat(reads).isGreaterThanOrEqualTo(1);
                assertThat(forced).isGreaterThanOrEqualTo(1);
            });
    }

    private static Mono<Answer> whoAnswers(DatabaseClient client) {
        return client.sql(WHO_ANSWERS)
            .map(row -> new Answer(row.get("replica", Boolean.class), row.get("port", Integer.class)))
            .one();
    }

    private static Mono<Void> insert(DatabaseClient client, String name) {
        return client.sql("INSERT INTO " + TABLE + " (name) VALUES (:name)").bind("name", name).then();
    }

    private static Long countOnPrimary(DatabaseClient client, String name) {
        return client.sql("SELECT count(*) FROM " + TABLE + " WHERE name = :name").bind("name", name)
            .map(row -> row.get(0, Long.class)).one()
            .contextWrite(Routing.primary())
            .block(TIMEOUT);
    }

    private static String unique(String what) {
        return what + " " + UUID.randomUUID();
    }
}
