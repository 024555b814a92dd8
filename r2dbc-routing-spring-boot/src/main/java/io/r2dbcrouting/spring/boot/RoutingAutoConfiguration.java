package io.r2dbcrouting.spring.boot;

import io.r2dbc.spi.ConnectionFactory;
import io.r2dbcrouting.RoutingConnectionFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.r2dbc.R2dbcAutoConfiguration;
import org.springframework.boot.autoconfigure.r2dbc.R2dbcProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.util.StringUtils;

/**
 * Makes the application's {@link ConnectionFactory} a {@link RoutingConnectionFactory}, in place of the one Spring
 * Boot's {@link R2dbcAutoConfiguration} would make, when {@code r2dbc.routing.primary.url} is set or
 * {@code spring.r2dbc.url} is an {@code r2dbc:routing:} URL.
 * <p>
 * The router makes and owns one r2dbc-pool per target. It is never wrapped in another pool: a pool around the router
 * would hand out routing connections whose replica was chosen when they were first created, and keep them. Spring
 * Boot's pool, and its {@code spring.r2dbc.pool.*} properties, are therefore not used; the router's pools are
 * configured with {@code r2dbc.routing.pool.*} (or the pool options of the {@code r2dbc:routing:} URL).
 * <p>
 * Spring Data R2DBC, {@code R2dbcTransactionManager}, {@code DatabaseClient} and SQL initialization all use this
 * bean. A {@code ConnectionFactory} bean of the application's own turns this configuration off.
 */
@AutoConfiguration(before = R2dbcAutoConfiguration.class)
@ConditionalOnClass(ConnectionFactory.class)
@Conditional(OnRoutingConfiguredCondition.class)
@EnableConfigurationProperties({RoutingProperties.class, R2dbcProperties.class})
public class RoutingAutoConfiguration {

    private static final Log logger = LogFactory.getLog(RoutingAutoConfiguration.class);

    /**
     * The router, from {@code r2dbc.routing.*} or else from an {@code r2dbc:routing:} {@code spring.r2dbc.url}. When
     * the context closes, Spring subscribes to {@link RoutingConnectionFactory#close()} and waits for it: the pools
     * the router made are released.
     *
     * @param routing the {@code r2dbc.routing.*} properties
     * @param r2dbc   the {@code spring.r2dbc.*} properties: credentials for URLs without their own, or the routing URL
     * @return the application's connection factory
     * @throws InvalidRoutingConfigurationException naming the property at fault
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(ConnectionFactory.class)
    public RoutingConnectionFactory connectionFactory(RoutingProperties routing, R2dbcProperties r2dbc) {
        if (StringUtils.hasText(routing.getPrimary().getUrl())) {
            if (StringUtils.hasText(r2dbc.getUrl())) {
                logger.warn("spring.r2dbc.url is ignored: " + OnRoutingConfiguredCondition.PRIMARY_URL
                    + " configures the ConnectionFactory");
            }
            String user = StringUtils.hasText(routing.getUsername()) ? routing.getUsername() : r2dbc.getUsername();
            String password = routing.getPassword() != null ? routing.getPassword() : r2dbc.getPassword();
            return RoutingConfigMapper.fromProperties(routing, user, password);
        }
        return RoutingConfigMapper.fromUrl(r2dbc.getUrl(), r2dbc.getUsername(), r2dbc.getPassword(),
            r2dbc.getProperties());
    }
}
