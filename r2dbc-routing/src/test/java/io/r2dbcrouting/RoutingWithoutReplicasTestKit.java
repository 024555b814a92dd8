package io.r2dbcrouting;

import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.jdbc.core.JdbcOperations;

/**
 * The R2DBC SPI TCK through a router with a primary and no replica.
 */
class RoutingWithoutReplicasTestKit extends ClusterSupport implements TckSupport {

    private static RoutingConnectionFactory routing;

    private static JdbcOperations jdbc;

    @BeforeAll
    static void createRouter() {
        routing = RoutingConnectionFactory.builder().primary(primaryPool).build();
        jdbc = TckSupport.jdbcToPrimary();
    }

    @AfterAll
    static void closeRouter() {
        routing.close().block();
    }

    @Override
    public ConnectionFactory getConnectionFactory() {
        return routing;
    }

    @Override
    public JdbcOperations getJdbcOperations() {
        return jdbc;
    }
}
