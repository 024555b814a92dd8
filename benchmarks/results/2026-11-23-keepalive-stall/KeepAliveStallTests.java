package io.r2dbcrouting.samples.spring;

import java.time.Duration;
import java.util.UUID;

import io.r2dbcrouting.testcluster.PostgresCluster;
import io.r2dbcrouting.testcluster.PostgresClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;

/**
 * Scratch measurement, not part of the build: back-to-back GETs to the items sample, counting the requests that wait
 * past a 2 s timeout. Copy into reactor-samples/src/test/java/io/r2dbcrouting/samples/spring/ to run (see README.md).
 * {@code -Dstress.fresh=true} uses a new connection per request, else one kept-alive connection is reused.
 */
@ExtendWith(PostgresClusterExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KeepAliveStallTests {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void clusterUrls(DynamicPropertyRegistry properties) {
        PostgresCluster cluster = PostgresClusterExtension.cluster();
        properties.add("r2dbc.routing.primary.url", () -> cluster.r2dbcUrl(cluster.primary()));
        properties.add("r2dbc.routing.replicas[0].url", () -> cluster.r2dbcUrl(cluster.replica(1)));
        properties.add("r2dbc.routing.replicas[1].url", () -> cluster.r2dbcUrl(cluster.replica(2)));
    }

    @Test
    @Timeout(1800)
    void backToBackGets(PostgresCluster cluster) {
        boolean fresh = Boolean.getBoolean("stress.fresh");
        HttpClient httpClient = fresh ? HttpClient.newConnection() : HttpClient.create();
        WebTestClient client = WebTestClient.bindToServer(new ReactorClientHttpConnector(httpClient))
            .baseUrl("http://127.0.0.1:" + this.port).responseTimeout(Duration.ofSeconds(2)).build();
        long id = client.post().uri("/items").bodyValue(new ItemController.NewItem("k-" + UUID.randomUUID()))
            .exchange().expectStatus().isCreated().expectBody(ItemView.class).returnResult().getResponseBody().id();
        cluster.awaitReplicasCaughtUp(Duration.ofSeconds(30));
        int requests = Integer.getInteger("stress.requests", 20000);
        int stalled = 0;
        long start = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            try {
                client.get().uri("/items/{id}", id).exchange().expectStatus().isOk().expectBody(String.class).returnResult();
            } catch (IllegalStateException | AssertionError timedOutOrFailed) {
                stalled++;
            }
        }
        System.out.println("KEEPALIVE fresh=" + fresh + " lastFlushWhenNoRead="
            + System.getProperty("reactor.netty.http.server.lastFlushWhenNoRead") + " requests=" + requests
            + " stalled=" + stalled + " seconds=" + (System.nanoTime() - start) / 1_000_000_000);
    }
}
