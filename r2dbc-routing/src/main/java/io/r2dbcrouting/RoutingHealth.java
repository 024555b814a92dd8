package io.r2dbcrouting;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The result of {@link RoutingConnectionFactory#healthCheck()}: every target up or down, and where known its
 * replication lag. Its {@link #toString()} is JSON.
 *
 * @param targets every target: the primary first, then the replicas, then the bind groups' members
 */
public record RoutingHealth(List<Target> targets) {

    /**
     * Copies the target list.
     */
    public RoutingHealth {
        targets = List.copyOf(targets);
    }

    /**
     * Whether every target is up.
     *
     * @return {@code true} when no target is down
     */
    public boolean isHealthy() {
        return this.targets.stream().allMatch(Target::up);
    }

    /**
     * One target's health.
     *
     * @param group        {@code primary}, {@code replicas} or a bind group's name
     * @param name         the target's name
     * @param up           whether a connection could be acquired and validated
     * @param responseTime how long the check took
     * @param error        why it is down (never holding a password), or {@code null} when up
     * @param lagBytes     how far a replica's replay is behind the primary, in bytes of WAL, when known
     * @param lag          how far behind in time, when known
     */
    public record Target(String group, String name, boolean up, Duration responseTime, @Nullable String error,
                         @Nullable Long lagBytes, @Nullable Duration lag) {

        /**
         * This target as a JSON object.
         *
         * @return JSON
         */
        public String toJson() {
            return new Json().begin()
                .field("group", this.group).field("name", this.name).field("up", this.up)
                .field("responseTimeMillis", this.responseTime.toMillis()).field("error", this.error)
                .field("lagBytes", this.lagBytes).field("lagMillis", this.lag == null ? null : this.lag.toMillis())
                .end().toString();
        }

        @Override
        public String toString() {
            return toJson();
        }
    }

    /**
     * This report as a JSON object.
     *
     * @return JSON
     */
    public String toJson() {
        return new Json().begin().field("healthy", isHealthy()).rawField("targets", Json.array(this.targets)).end().toString();
    }

    @Override
    public String toString() {
        return toJson();
    }
}
