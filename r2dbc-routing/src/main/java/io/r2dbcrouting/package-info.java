/**
 * r2dbc-routing: a {@link io.r2dbcrouting.RoutingConnectionFactory} that sends writes to a primary and reads to weighted
 * replicas, steered by {@link io.r2dbcrouting.Routing} hints in the Reactor {@link reactor.util.context.Context}.
 */
@NullMarked
package io.r2dbcrouting;

import org.jspecify.annotations.NullMarked;
