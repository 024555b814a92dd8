package io.r2dbcrouting;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link RoutingConnectionFactory} routes to, for dashboards and start-up logs: whether routing is on, its
 * strategy and stickiness, and every target with its group, weight, URL (password masked) and pool. Its
 * {@link #toString()} is JSON.
 *
 * @param enabled          whether routing is on
 * @param strategy         how replicas and group members are chosen
 * @param stickyAfterWrite whether reads stick to the primary after a write
 * @param targets          every target: the primary first, then the replicas, then the bind groups' members
 */
public record RoutingInfo(boolean enabled, RoutingStrategy strategy, boolean stickyAfterWrite, List<Target> targets) {

    /**
     * Copies the target list.
     */
    public RoutingInfo {
        targets = List.copyOf(targets);
    }

    /**
     * One target.
     *
     * @param group       {@code primary}, {@code replicas} or the name of a bind group
     * @param name        the target's name
     * @param weight      its weight within its group
     * @param url         its URL with the password masked ({@code user:***@host}), or {@code null} when it was given as
     *                    a {@code ConnectionFactory}
     * @param poolClass   the simple class name of its connection factory (usually {@code ConnectionPool})
     * @param initialSize the pool's initial size when the router created the pool, else {@code null}
     * @param maxSize     the pool's maximum size when it is an r2dbc-pool {@code ConnectionPool}, else {@code null}
     */
    public record Target(String group, String name, int weight, @Nullable String url, String poolClass,
                         @Nullable Integer initialSize, @Nullable Integer maxSize) {

        /**
         * This target as a JSON object.
         *
         * @return JSON
         */
        public String toJson() {
            return new Json().begin()
                .field("group", this.group).field("name", this.name).field("weight", this.weight)
                .field("url", this.url).field("poolClass", this.poolClass)
                .field("initialSize", this.initialSize).field("maxSize", this.maxSize)
                .end().toString();
        }

        @Override
        public String toString() {
            return toJson();
        }
    }

    /**
     * This structure as a JSON object.
     *
     * @return JSON
     */
    public String toJson() {
        return new Json().begin()
            .field("enabled", this.enabled).field("strategy", this.strategy).field("stickyAfterWrite", this.stickyAfterWrite)
            .rawField("targets", Json.array(this.targets))
            .end().toString();
    }

    @Override
    public String toString() {
        return toJson();
    }
}
