package io.r2dbcrouting.spring.boot;

import io.r2dbcrouting.RoutingConnectionFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.server.WebFilter;

/**
 * Registers a {@link RoutingSessionWebFilter} in WebFlux applications that route, so every request runs in a routing
 * session of its own. Off with {@code r2dbc.routing.web.enabled=false}; a {@code RoutingSessionWebFilter} bean of the
 * application's own replaces it.
 */
@AutoConfiguration(after = RoutingAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(WebFilter.class)
@ConditionalOnBean(RoutingConnectionFactory.class)
@ConditionalOnProperty(prefix = RoutingProperties.PREFIX + ".web", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(RoutingProperties.class)
public class RoutingWebFluxAutoConfiguration {

    /**
     * The filter, carrying the session token as {@code r2dbc.routing.web.token} says.
     *
     * @param properties the {@code r2dbc.routing.*} properties
     * @return the filter
     */
    @Bean
    @ConditionalOnMissingBean
    public RoutingSessionWebFilter routingSessionWebFilter(RoutingProperties properties) {
        RoutingProperties.Web web = properties.getWeb();
        switch (web.getToken()) {
            case COOKIE:
                return RoutingSessionWebFilter.withTokenCookie(web.getCookieName());
            case HEADER:
                return RoutingSessionWebFilter.withTokenHeader(web.getHeaderName());
            default:
                return RoutingSessionWebFilter.withoutToken();
        }
    }
}
