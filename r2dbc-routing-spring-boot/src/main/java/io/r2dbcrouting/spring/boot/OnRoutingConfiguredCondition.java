package io.r2dbcrouting.spring.boot;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when the application asks for a router: {@code r2dbc.routing.primary.url} is set, or
 * {@code spring.r2dbc.url} is an {@code r2dbc:routing:} URL.
 */
class OnRoutingConfiguredCondition extends SpringBootCondition {

    static final String PRIMARY_URL = RoutingProperties.PREFIX + ".primary.url";

    static final String SPRING_R2DBC_URL = "spring.r2dbc.url";

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Environment environment = context.getEnvironment();
        ConditionMessage.Builder message = ConditionMessage.forCondition("r2dbc-routing");
        if (StringUtils.hasText(environment.getProperty(PRIMARY_URL))) {
            return ConditionOutcome.match(message.found("property").items(PRIMARY_URL));
        }
        if (RoutingConfigMapper.isRoutingUrl(environment.getProperty(SPRING_R2DBC_URL))) {
            return ConditionOutcome.match(message.found("routing URL").items(SPRING_R2DBC_URL));
        }
        return ConditionOutcome.noMatch(message.didNotFind("property").items(PRIMARY_URL,
            SPRING_R2DBC_URL + "=" + RoutingConfigMapper.ROUTING_URL_PREFIX + "..."));
    }
}
