/**
 * Starts the PostgreSQL primary and two streaming replicas that r2dbc-routing's tests, samples and benchmarks use.
 * {@link io.r2dbcrouting.testcluster.PostgresCluster} picks an external cluster, local binaries or Testcontainers.
 */
@NullMarked
package io.r2dbcrouting.testcluster;

import org.jspecify.annotations.NullMarked;
