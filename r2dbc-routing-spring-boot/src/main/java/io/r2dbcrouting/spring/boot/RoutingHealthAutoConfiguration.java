package io.r2dbcrouting.spring.boot;

import io.r2dbcrouting.RoutingConnectionFactory;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.autoconfigure.r2dbc.ConnectionFactoryHealthContributorAutoConfiguration;
import org.springframework.boot.actuate.health.ReactiveHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/**
 * With Spring Boot Actuator, reports the router's health under {@code r2dbc} in place of Actuator's own R2DBC
 * indicator, which would only see the routing connection and none of the servers behind it. Off with
 * {@code management.health.r2dbc.enabled=false}.
 */
@AutoConfiguration(after = RoutingAutoConfiguration.class, before = ConnectionFactoryHealthContributorAutoConfiguration.class)
@ConditionalOnClass({ReactiveHealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnSingleCandidate(RoutingConnectionFactory.class)
@ConditionalOnEnabledHealthIndicator("r2dbc")
public class RoutingHealthAutoConfiguration {

    /**
     * The indicator, under the bean name that makes Actuator's own R2DBC indicator back off.
     *
     * @param factory the router
     * @return the indicator
     */
    @Bean
    @ConditionalOnMissingBean(name = {"r2dbcHealthIndicator", "r2dbcHealthContributor"})
    public RoutingHealthIndicator r2dbcHealthIndicator(RoutingConnectionFactory factory) {
        return new RoutingHealthIndicator(factory);
    }
}
