package io.r2dbcrouting.spring.boot;

import org.jspecify.annotations.Nullable;

/**
 * The routing configuration of the application is wrong: a property is missing or has a bad value. The message names
 * the property and never holds a password; {@link RoutingConfigurationFailureAnalyzer} turns it into the report Spring
 * Boot prints when the application fails to start.
 */
final class InvalidRoutingConfigurationException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String property;

    private final String reason;

    /**
     * @param property the property at fault, such as {@code r2dbc.routing.replicas[1].url} or {@code spring.r2dbc.url}
     * @param reason   what is wrong with it
     * @param cause    the core's own exception, whose message holds no password; {@code null} when it might
     */
    InvalidRoutingConfigurationException(String property, @Nullable String reason, @Nullable Throwable cause) {
        super(property + ": " + reason, cause);
        this.property = property;
        this.reason = String.valueOf(reason);
    }

    String property() {
        return this.property;
    }

    String reason() {
        return this.reason;
    }
}
