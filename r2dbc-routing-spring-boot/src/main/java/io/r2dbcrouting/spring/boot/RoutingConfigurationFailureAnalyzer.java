package io.r2dbcrouting.spring.boot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a bad routing configuration in the "APPLICATION FAILED TO START" box, naming the property, instead of a
 * stack of bean creation exceptions.
 */
class RoutingConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidRoutingConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidRoutingConfigurationException cause) {
        String description = "The r2dbc-routing configuration is invalid." + System.lineSeparator()
            + System.lineSeparator() + "    Property: " + cause.property() + System.lineSeparator()
            + "    Reason: " + cause.reason();
        String action = cause.property().startsWith("spring.r2dbc")
            ? "Correct the r2dbc:routing: URL in spring.r2dbc.url (or spring.r2dbc.username, password, properties)."
            : "Correct the r2dbc.routing.* properties of the application.";
        return new FailureAnalysis(description, action, cause);
    }
}
