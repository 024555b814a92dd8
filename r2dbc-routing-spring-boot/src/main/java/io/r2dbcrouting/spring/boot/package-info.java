/**
 * Spring Boot auto-configuration for r2dbc-routing: {@code r2dbc.routing.*} properties make the application's
 * {@code ConnectionFactory} a router, a WebFilter gives each request a routing session, Actuator gets health and meters.
 */
@NullMarked
package io.r2dbcrouting.spring.boot;

import org.jspecify.annotations.NullMarked;
