/**
 * Micrometer metrics of a {@link io.r2dbcrouting.RoutingConnectionFactory}: routed statements, connection acquisition
 * and pool gauges. Needs {@code io.micrometer:micrometer-core} on the class path; the rest of the library does not.
 */
@NullMarked
package io.r2dbcrouting.micrometer;

import org.jspecify.annotations.NullMarked;
