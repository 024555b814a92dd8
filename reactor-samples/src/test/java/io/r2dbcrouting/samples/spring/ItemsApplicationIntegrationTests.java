package io.r2dbcrouting.samples.spring;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.r2dbc.spi.ConnectionFactory;
import io.r2dbcrouting.RoutingConnectionFactory;
import io.r2dbcrouting.testcluster.PostgresCluster;
import io.r2dbcrouting.testcluster.PostgresClusterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.reactive.server.WebTestClientBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The items application over HTTP, on the real cluster, configured by its {@code application.yml} with the cluster's
 * URLs put in. Which server did what is read from the servers themselves: {@code servedBy} and {@code writtenOn} come
 * from {@code pg_is_in_recovery()} and {@code inet_server_port()} in the queries, and {@link ServerStatements} from
 * each server's own {@code pg_stat_statements}.
 */
@ExtendWith(PostgresClusterExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ItemsApplicationIntegrationTests {

    /** Spring Data's statements, as pg_stat_statements normalizes them. */
    private static final String EXISTS_BY_NAME = "SELECT item.id FROM item WHERE item.name = $1 LIMIT $2";

    private static final String INSERT = "INSERT INTO item (name) VALUES ($1) RETURNING id";

    private static final String DELETE = "DELETE FROM item WHERE item.id = $1";

    private static final String COUNT = "SELECT COUNT(*) FROM item";

    private static final Duration CATCH_UP = Duration.ofSeconds(30);

    @Autowired
    private WebTestClient http;

    @Autowired
    private ConnectionFactory connectionFactory;

    private PostgresCluster cluster;

    private ServerStatements statements;

    @DynamicPropertySource
    static void clusterUrls(DynamicPropertyRegistry properties) {
        PostgresCluster cluster = PostgresClusterExtension.cluster();
        properties.add("r2dbc.routing.primary.url", () -> cluster.r2dbcUrl(cluster.primary()));
        properties.add("r2dbc.routing.replicas[0].url", () -> cluster.r2dbcUrl(cluster.replica(1)));
        properties.add("r2dbc.routing.replicas[1].url", () -> cluster.r2dbcUrl(cluster.replica(2)));
    }

    /**
     * The test client opens a new connection for every request. Over a kept-alive connection, Reactor Netty 1.2's
     * server can stop reading the connection after a request arrived before the previous request's handling had ended
     * (reactor/reactor-netty#4361). With Spring Data that is common: the handler ends after the response, when the
     * connection goes back to the pool. A stalled request then waited for the client's timeout and failed this class
     * on CI. Of 20 000 back-to-back GETs on one kept-alive connection, 124 stalled; none on fresh connections
     * ({@code benchmarks/results/2026-11-23-keepalive-stall}).
     */
    @TestConfiguration(proxyBeanMethods = false)
    static class FreshConnectionPerRequest {

        @Bean
        WebTestClientBuilderCustomizer freshConnectionPerRequest() {
            return builder -> builder.clientConnector(new ReactorClientHttpConnector(HttpClient.newConnection()))
                .responseTimeout(Duration.ofSeconds(30));
        }
    }

    @BeforeEach
    void cluster(PostgresCluster cluster) {
        this.cluster = cluster;
        this.statements = new ServerStatements(cluster);
    }

    @Test
    void theApplicationsConnectionFactoryIsTheRouterItselfNotAPoolAroundIt() {
        assertThat(this.connectionFactory).isInstanceOf(RoutingConnectionFactory.class);
    }

    @Test
    void getsAreServedByTheReplicas() {
        long id = post(unique("lamp")).id();
        this.cluster.awaitReplicasCaughtUp(CATCH_UP);

        Set<String> servedBy = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            servedBy.add(get(id).servedBy());
        }
        this.http.get().uri("/items").exchange()
            .expectStatus().isOk()
            .expectBodyList(ItemView.class)
            .value(items -> items.forEach(item -> servedBy.add(item.servedBy())));

        assertThat(servedBy).as("round-robin over both replicas").containsExactlyInAnyOrder(replica(1), replica(2));
    }

    @Test
    void aPostWritesOnThePrimaryAndReadsItsWriteBackFromThePrimaryInTheSameRequest() {
        String name = unique("kettle");
        ItemView[] created = new ItemView[1];
        Map<String, Long> inserts = this.statements.callsDuring(INSERT, () -> created[0] = post(name));

        assertThat(created[0].name()).isEqualTo(name);
        assertThat(created[0].writtenOn()).as("written by").isEqualTo(primary());
        assertThat(created[0].servedBy()).as("read back, in the same request, from").isEqualTo(primary());
        assertThat(inserts).containsEntry("primary", 1L).containsEntry("replica-1", 0L).containsEntry("replica-2", 0L);
    }

    @Test
    void theTransactionalCreateChecksForDuplicatesOnAReplicaThenMovesToThePrimaryToInsert() {
        Map<String, Long> checks = this.statements.callsDuring(EXISTS_BY_NAME, () -> post(unique("mug")));

        assertThat(checks.get("primary")).as("duplicate checks on the primary: %s", checks).isZero();
        assertThat(checks.get("replica-1") + checks.get("replica-2")).as("on the replicas: %s", checks).isEqualTo(1);
    }

    @Test
    void theRequestAfterAPostStartsAfreshOnAReplica() {
        long id = post(unique("spoon")).id();
        this.cluster.awaitReplicasCaughtUp(CATCH_UP);

        assertThat(get(id).servedBy()).as("the POST's stickiness ended with its request").startsWith("replica:");
    }

    @Test
    void aPutUpdatesOnThePrimaryAndReadsBackFromIt() {
        long id = post(unique("fork")).id();
        String renamed = unique("knife");

        ItemView updated = this.http.put().uri("/items/{id}", id).bodyValue(new ItemController.NewItem(renamed))
            .exchange()
            .expectStatus().isOk()
            .expectBody(ItemView.class).returnResult().getResponseBody();

        assertThat(updated.name()).isEqualTo(renamed);
        assertThat(updated.writtenOn()).isEqualTo(primary());
        assertThat(updated.servedBy()).isEqualTo(primary());
    }

    @Test
    void aDeleteRunsOnThePrimary() {
        long id = post(unique("plate")).id();

        Map<String, Long> deletes = this.statements.callsDuring(DELETE, () ->
            this.http.delete().uri("/items/{id}", id).exchange().expectStatus().isNoContent());
        this.cluster.awaitReplicasCaughtUp(CATCH_UP);

        assertThat(deletes).containsEntry("primary", 1L).containsEntry("replica-1", 0L).containsEntry("replica-2", 0L);
        this.http.get().uri("/items/{id}", id).exchange().expectStatus().isNotFound();
    }

    @Test
    void theReadOnlyTransactionRunsOnOneReplicaAndNeverTouchesThePrimary() {
        post(unique("bowl"));
        this.cluster.awaitReplicasCaughtUp(CATCH_UP);
        ItemService.Summary[] summary = new ItemService.Summary[1];

        Map<String, Long> counts = this.statements.callsDuring(COUNT, () -> summary[0] = this.http.get()
            .uri("/items/summary").exchange()
            .expectStatus().isOk()
            .expectBody(ItemService.Summary.class).returnResult().getResponseBody());

        assertThat(summary[0].count()).isPositive();
        assertThat(summary[0].newest()).isNotEmpty();
        List<String> servedBy = summary[0].servedBy();
        assertThat(servedBy).hasSize(2).allSatisfy(server -> assertThat(server).startsWith("replica:"));
        assertThat(servedBy.get(0)).as("one replica for the whole transaction").isEqualTo(servedBy.get(1));
        assertThat(counts.get("primary")).as("the count on the primary, by its own pg_stat_statements: %s", counts)
            .isZero();
        assertThat(counts.get("replica-1") + counts.get("replica-2")).as("on the replicas: %s", counts).isEqualTo(1);
    }

    @Test
    void aDuplicateNameIsAConflict() {
        String name = unique("cup");
        post(name);
        this.cluster.awaitReplicasCaughtUp(CATCH_UP);

        this.http.post().uri("/items").bodyValue(new ItemController.NewItem(name)).exchange()
            .expectStatus().isEqualTo(HttpStatus.CONFLICT);
    }

    @Test
    void theHealthEndpointShowsEveryServer() {
        this.http.get().uri("/actuator/health").exchange()
            .expectStatus().isOk()
            .expectBody()
            .jsonPath("$.components.r2dbc.status").isEqualTo("UP")
            .jsonPath("$.components.r2dbc.details.primary.status").isEqualTo("UP")
            .jsonPath("$.components.r2dbc.details.replica-1.status").isEqualTo("UP")
            .jsonPath("$.components.r2dbc.details.replica-2.status").isEqualTo("UP");
    }

    @Test
    void theRoutersMetersAreInTheApplicationsRegistry() {
        get(post(unique("tray")).id());

        this.http.get().uri("/actuator/metrics/r2dbc.routing.statements?tag=target:primary&tag=reason:write").exchange()
            .expectStatus().isOk()
            .expectBody()
            .jsonPath("$.measurements[0].value").value(value -> assertThat(((Number) value).doubleValue()).isPositive());
    }

    private ItemView post(String name) {
        return this.http.post().uri("/items").bodyValue(new ItemController.NewItem(name)).exchange()
            .expectStatus().isCreated()
            .expectBody(ItemView.class).returnResult().getResponseBody();
    }

    private ItemView get(long id) {
        return this.http.get().uri("/items/{id}", id).exchange()
            .expectStatus().isOk()
            .expectBody(ItemView.class).returnResult().getResponseBody();
    }

    private String primary() {
        return "primary:" + this.cluster.primary().port();
    }

    private String replica(int index) {
        return "replica:" + this.cluster.replica(index).port();
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID();
    }
}
