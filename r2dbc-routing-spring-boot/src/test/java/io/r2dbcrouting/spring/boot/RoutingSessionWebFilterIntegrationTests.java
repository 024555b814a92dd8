package io.r2dbcrouting.spring.boot;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import io.r2dbcrouting.Routing;
import io.r2dbcrouting.testcluster.PostgresCluster;
import io.r2dbcrouting.testcluster.PostgresClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.reactive.server.WebTestClientBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-request routing session of a WebFlux application over HTTP, on the real cluster: read-your-writes within a
 * request, nothing carried into the next one in STICKY mode, and in CAUSAL mode the session token carried to the
 * client's next request in a cookie or a header.
 */
@ExtendWith(PostgresClusterExtension.class)
class RoutingSessionWebFilterIntegrationTests {

    static final String TABLE = "routing_spring_boot_web";

    @BeforeAll
    static void createTable(PostgresCluster cluster) throws SQLException {
        try (Connection connection = cluster.jdbcConnection(cluster.primary());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (id bigserial PRIMARY KEY, note text)");
        }
        cluster.awaitReplicasCaughtUp(Duration.ofSeconds(30));
    }

    static void clusterUrls(DynamicPropertyRegistry properties) {
        PostgresCluster cluster = PostgresClusterExtension.cluster();
        properties.add("r2dbc.routing.primary.url", () -> cluster.r2dbcUrl(cluster.primary()));
        properties.add("r2dbc.routing.replicas[0].url", () -> cluster.r2dbcUrl(cluster.replica(1)));
        properties.add("r2dbc.routing.replicas[1].url", () -> cluster.r2dbcUrl(cluster.replica(2)));
    }

    /**
     * {@code POST /write} inserts a row, then reads who answers; {@code GET /who} only reads; {@code GET /token}
     * returns the token of the request's session ({@code token=…}). Each answers {@code primary} or {@code replica} as the server says.
     */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class WebApplication {

        @Bean
        RouterFunction<ServerResponse> routes(DatabaseClient client) {
            Mono<String> who = client.sql("SELECT CASE WHEN pg_is_in_recovery() THEN 'replica' ELSE 'primary' END")
                .map(row -> row.get(0, String.class)).one();
            Mono<Void> write = client.sql("INSERT INTO " + TABLE + " (note) VALUES ('web')").then();
            return RouterFunctions.route()
                .POST("/write", request -> ServerResponse.ok().body(write.then(who), String.class))
                .GET("/who", request -> ServerResponse.ok().body(who, String.class))
                .GET("/token", request -> ServerResponse.ok().body(
                    Routing.currentSession().map(session -> "token=" + session.token()).defaultIfEmpty("no session"),
                    String.class))
                .build();
        }

        /**
         * A new connection for every test request: Reactor Netty 1.2's server can stop reading a kept-alive connection
         * after a request that arrived before the previous request's handling had ended (reactor/reactor-netty#4361),
         * which a handler that releases its database connection after the response makes common.
         */
        @Bean
        WebTestClientBuilderCustomizer freshConnectionPerRequest() {
            return builder -> builder.clientConnector(new ReactorClientHttpConnector(HttpClient.newConnection()));
        }
    }

    @Nested
    @SpringBootTest(classes = WebApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    class Sticky {

        @Autowired
        WebTestClient http;

        @DynamicPropertySource
        static void properties(DynamicPropertyRegistry properties) {
            clusterUrls(properties);
        }

        @Test
        void aRequestReadsItsOwnWriteFromThePrimaryAndTheNextRequestStartsOnAReplica(PostgresCluster cluster) {
            this.http.post().uri("/write").exchange()
                .expectStatus().isOk()
                .expectHeader().doesNotExist("Set-Cookie")
                .expectBody(String.class).isEqualTo("primary");
            cluster.awaitReplicasCaughtUp(Duration.ofSeconds(30));

            this.http.get().uri("/who").exchange().expectBody(String.class).isEqualTo("replica");
        }

        @Test
        void everyRequestHasASession() {
            this.http.get().uri("/token").exchange().expectBody(String.class).isEqualTo("token=");
        }
    }

    @Nested
    @SpringBootTest(classes = WebApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"r2dbc.routing.read-consistency=causal", "r2dbc.routing.health-check-interval=100ms"})
    class CausalWithACookie {

        @Autowired
        WebTestClient http;

        @DynamicPropertySource
        static void properties(DynamicPropertyRegistry properties) {
            clusterUrls(properties);
        }

        @Test
        void theTokenOfAWriteTravelsInACookieAndResumesTheSessionInTheNextRequest() {
            String token = this.http.post().uri("/write").exchange()
                .expectStatus().isOk()
                .expectCookie().httpOnly(RoutingSessionWebFilter.DEFAULT_COOKIE_NAME, true)
                .expectCookie().sameSite(RoutingSessionWebFilter.DEFAULT_COOKIE_NAME, "Lax")
                .returnResult(String.class).getResponseCookies().getFirst(RoutingSessionWebFilter.DEFAULT_COOKIE_NAME)
                .getValue();
            assertThat(token).startsWith("r2r1.");

            this.http.get().uri("/token").cookie(RoutingSessionWebFilter.DEFAULT_COOKIE_NAME, token).exchange()
                .expectHeader().doesNotExist("Set-Cookie")
                .expectBody(String.class).isEqualTo("token=" + token);
        }

        @Test
        void aForgedCookieIsIgnored() {
            this.http.get().uri("/token").cookie(RoutingSessionWebFilter.DEFAULT_COOKIE_NAME, "r2r1.zz").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).isEqualTo("token=");
        }
    }

    @Nested
    @SpringBootTest(classes = WebApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"r2dbc.routing.read-consistency=causal", "r2dbc.routing.web.token=header"})
    class CausalWithAHeader {

        @Autowired
        WebTestClient http;

        @DynamicPropertySource
        static void properties(DynamicPropertyRegistry properties) {
            clusterUrls(properties);
        }

        @Test
        void theTokenOfAWriteTravelsInAHeader() {
            String token = this.http.post().uri("/write").exchange()
                .expectStatus().isOk()
                .expectHeader().doesNotExist("Set-Cookie")
                .returnResult(String.class).getResponseHeaders().getFirst(RoutingSessionWebFilter.DEFAULT_HEADER_NAME);
            assertThat(token).startsWith("r2r1.");

            this.http.get().uri("/token").header(RoutingSessionWebFilter.DEFAULT_HEADER_NAME, token).exchange()
                .expectBody(String.class).isEqualTo("token=" + token);
        }
    }

    @Nested
    @SpringBootTest(classes = WebApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "r2dbc.routing.web.enabled=false")
    class WithoutTheFilter {

        @Autowired
        WebTestClient http;

        @DynamicPropertySource
        static void properties(DynamicPropertyRegistry properties) {
            clusterUrls(properties);
        }

        @Test
        void requestsHaveNoSession() {
            this.http.get().uri("/token").exchange().expectBody(String.class).isEqualTo("no session");
        }
    }
}
