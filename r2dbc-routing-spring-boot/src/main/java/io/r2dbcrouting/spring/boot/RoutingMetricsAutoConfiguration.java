package io.r2dbcrouting.spring.boot;

import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbcrouting.RoutingConnectionFactory;
import io.r2dbcrouting.micrometer.MicrometerRoutingMetrics;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/**
 * With Micrometer and Spring Boot Actuator, binds the router's meters ({@code r2dbc.routing.statements},
 * {@code r2dbc.routing.acquisitions}, {@code r2dbc.routing.pool.*}, …; see {@link MicrometerRoutingMetrics}) to the
 * application's meter registries.
 */
@AutoConfiguration(after = {MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
    RoutingAutoConfiguration.class})
@ConditionalOnClass({MeterRegistry.class, MetricsAutoConfiguration.class})
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnSingleCandidate(RoutingConnectionFactory.class)
public class RoutingMetricsAutoConfiguration {

    /**
     * The meter binder; Spring Boot binds it to every meter registry of the application.
     *
     * @param factory the router
     * @return the binder
     */
    @Bean
    @ConditionalOnMissingBean
    public MicrometerRoutingMetrics routingMetrics(RoutingConnectionFactory factory) {
        return new MicrometerRoutingMetrics(factory);
    }
}
