package io.r2dbcrouting;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot of where a {@link RoutingConnectionFactory}'s statements went and how its pools are doing: for every
 * target, its r2dbc-pool statistics and the statements routed to it by {@link RoutingReason}. Counts run from the
 * factory's creation. Its {@link #toString()} is JSON.
 *
 * @param targets every target: the primary first, then the replicas, then the bind groups' members
 */
public record RoutingStats(List<Target> targets) {

    /**
     * Copies the target list.
     */
    public RoutingStats {
        targets = List.copyOf(targets);
    }

    /**
     * The statistics of one target.
     *
     * @param name the target's name
     * @return its statistics
     * @throws NoSuchElementException if there is no such target
     */
    public Target target(String name) {
        for (Target target : this.targets) {
            if (target.name().equals(name)) {
                return target;
            }
        }
        throw new NoSuchElementException("no target named '" + name + "'");
    }

    /**
     * One target's statistics.
     *
     * @param group               {@code primary}, {@code replicas} or a bind group's name
     * @param name                the target's name
     * @param pool                its pool's statistics, or {@code null} when its factory is not an r2dbc-pool
     *                            {@code ConnectionPool}
     * @param routed              statements routed to it, by reason (every reason present, zero included)
     * @param acquisitions        real connections acquired from it by the router
     * @param acquisitionTime     the total time callers waited for those acquisitions; one that the factory
     *                            completes while it is being requested (a pool handing over an idle connection)
     *                            adds nothing, or next to nothing, so this is the time spent waiting for connections
     * @param acquisitionFailures acquisitions that failed
     */
    public record Target(String group, String name, @Nullable Pool pool, Map<RoutingReason, Long> routed,
                         long acquisitions, Duration acquisitionTime, long acquisitionFailures) {

        /**
         * Copies the counts.
         */
        public Target {
            routed = Collections.unmodifiableMap(new EnumMap<>(routed));
        }

        /**
         * All statements routed to this target.
         *
         * @return the sum over reasons
         */
        public long routedTotal() {
            long total = 0;
            for (long count : this.routed.values()) {
                total += count;
            }
            return total;
        }

        /**
         * This target as a JSON object.
         *
         * @return JSON
         */
        public String toJson() {
            Map<String, Long> byReason = new java.util.LinkedHashMap<>();
            this.routed.forEach((reason, count) -> byReason.put(reason.tag(), count));
            return new Json().begin()
                .field("group", this.group).field("name", this.name)
                .rawField("pool", this.pool == null ? "null" : this.pool.toJson())
                .field("routed", byReason)
                .field("acquisitions", this.acquisitions)
                .field("acquisitionTimeMillis", this.acquisitionTime.toMillis())
                .field("acquisitionFailures", this.acquisitionFailures)
                .end().toString();
        }

        @Override
        public String toString() {
            return toJson();
        }
    }

    /**
     * An r2dbc-pool pool's statistics, from its {@code PoolMetrics}.
     *
     * @param acquired  connections handed out now
     * @param idle      connections idle in the pool
     * @param pending   acquisitions waiting for a connection
     * @param allocated connections open (acquired + idle)
     * @param max       the most connections the pool may open
     */
    public record Pool(int acquired, int idle, int pending, int allocated, int max) {

        /**
         * This pool as a JSON object.
         *
         * @return JSON
         */
        public String toJson() {
            return new Json().begin().field("acquired", this.acquired).field("idle", this.idle)
                .field("pending", this.pending).field("allocated", this.allocated).field("max", this.max)
                .end().toString();
        }

        @Override
        public String toString() {
            return toJson();
        }
    }

    /**
     * This snapshot as a JSON object.
     *
     * @return JSON
     */
    public String toJson() {
        return new Json().begin().rawField("targets", Json.array(this.targets)).end().toString();
    }

    @Override
    public String toString() {
        return toJson();
    }
}
