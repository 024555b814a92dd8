package io.r2dbcrouting.samples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small item store on a primary and two replicas. Nothing in its code mentions routing: the
 * {@code r2dbc-routing-spring-boot} dependency and the {@code r2dbc.routing.*} properties of {@code application.yml}
 * make its {@code ConnectionFactory} a router, so
 * <ul>
 * <li>{@code GET /items} and {@code GET /items/{id}} are served by a replica;</li>
 * <li>{@code POST}, {@code PUT} and {@code DELETE} write on the primary, and the item they return is read back from
 * the primary in the same request (the request's routing session has written, so it sees its write);</li>
 * <li>{@code GET /items/summary} is a {@code @Transactional(readOnly = true)} method: it runs on one replica and never
 * touches the primary.</li>
 * </ul>
 * Every item says which server wrote it ({@code writtenOn}) and which served it ({@code servedBy}), as the servers
 * themselves report: {@code primary:25432}, {@code replica:25433}. Run it on the local cluster:
 * <pre class="code">
 * scripts/pg-cluster.sh up
 * mvn -B -q -pl reactor-samples -am -DskipTests install
 * mvn -B -q -pl reactor-samples exec:java@items
 * curl -s -X POST localhost:8080/items -H 'Content-Type: application/json' -d '{"name":"teapot"}'
 * curl -s localhost:8080/items
 * curl -s localhost:8080/actuator/health
 * </pre>
 */
@SpringBootApplication
public class ItemsApplication {

    /**
     * Starts the application.
     *
     * @param args Spring Boot's arguments, such as {@code --server.port=8081}
     */
    public static void main(String[] args) {
        SpringApplication.run(ItemsApplication.class, args);
    }
}
