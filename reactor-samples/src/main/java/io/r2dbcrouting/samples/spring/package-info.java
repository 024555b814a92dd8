/**
 * A Spring Boot WebFlux + Spring Data R2DBC application routed by r2dbc-routing, configured only with properties: an
 * item store whose answers say which server gave them.
 */
@NullMarked
package io.r2dbcrouting.samples.spring;

import org.jspecify.annotations.NullMarked;
