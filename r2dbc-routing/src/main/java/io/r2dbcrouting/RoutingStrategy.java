package io.r2dbcrouting;

/**
 * How a replica (or a member of a bind group) is chosen among several. Both strategies honour weights.
 */
public enum RoutingStrategy {

    /**
     * Smooth weighted round-robin: over every {@code sum(weights)} choices each target is chosen exactly
     * {@code weight} times, spread out evenly. The default.
     */
    ROUND_ROBIN,

    /**
     * Weighted random: each target is chosen with probability {@code weight / sum(weights)}.
     */
    RANDOM
}
