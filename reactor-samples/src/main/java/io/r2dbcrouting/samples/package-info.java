/**
 * Runnable samples of r2dbc-routing with Project Reactor: {@link io.r2dbcrouting.samples.RoutingDemo} walks through
 * every routing rule on a local primary and two replicas, asking each server which one answered.
 */
@NullMarked
package io.r2dbcrouting.samples;

import org.jspecify.annotations.NullMarked;
