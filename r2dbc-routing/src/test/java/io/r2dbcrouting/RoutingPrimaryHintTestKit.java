package io.r2dbcrouting;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import io.r2dbcrouting.testcluster.PostgresClusterExtension;
import org.reactivestreams.Publisher;
import org.springframework.jdbc.core.JdbcOperations;
import reactor.core.publisher.Mono;

/**
 * The R2DBC SPI TCK through a router that has both replicas, with {@code create()} subscribed under
 * {@link Routing#primary()}: the TCK writes through JDBC to the primary and must read it back from there.
 */
@ExtendWith(PostgresClusterExtension.class)
class RoutingPrimaryHintTestKit extends ClusterSupport implements TckSupport {

    private static RoutingConnectionFactory routing;

    private static JdbcOperations jdbc;

    @BeforeAll
    static void createRouter() {
        routing = ClusterSupport.router().build();
        jdbc = TckSupport.jdbcToPrimary();
    }

    @AfterAll
    static void closeRouter() {
        routing.close().block();
    }

    @Override
    public ConnectionFactory getConnectionFactory() {
        return new ConnectionFactory() {
            @Override
            public Publisher<? extends Connection> create() {
                return routing.create().contextWrite(Routing.primary());
            }

            @Override
            public ConnectionFactoryMetadata getMetadata() {
                return routing.getMetadata();
            }
        };
    }

    @Override
    public JdbcOperations getJdbcOperations() {
        return jdbc;
    }
}
