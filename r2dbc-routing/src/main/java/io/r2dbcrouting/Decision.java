package io.r2dbcrouting;

import org.jspecify.annotations.Nullable;

/**
 * Where one statement goes (the primary, the connection's replica, or a bind group) and why.
 */
final class Decision {

    enum Route { PRIMARY, REPLICA, GROUP }

    static final Decision PRIMARY_WRITE = new Decision(Route.PRIMARY, null, RoutingReason.WRITE);

    static final Decision PRIMARY_STICKY = new Decision(Route.PRIMARY, null, RoutingReason.STICKY);

    static final Decision PRIMARY_FORCED = new Decision(Route.PRIMARY, null, RoutingReason.FORCED);

    static final Decision PRIMARY_FALLBACK = new Decision(Route.PRIMARY, null, RoutingReason.FALLBACK);

    static final Decision PRIMARY_ISOLATION = new Decision(Route.PRIMARY, null, RoutingReason.ISOLATION);

    static final Decision PRIMARY_CAUSAL = new Decision(Route.PRIMARY, null, RoutingReason.CAUSAL);

    static final Decision REPLICA_READ = new Decision(Route.REPLICA, null, RoutingReason.READ);

    static final Decision REPLICA_FORCED = new Decision(Route.REPLICA, null, RoutingReason.FORCED);

    final Route route;

    final @Nullable String group;

    final RoutingReason reason;

    private Decision(Route route, @Nullable String group, RoutingReason reason) {
        this.route = route;
        this.group = group;
        this.reason = reason;
    }

    static Decision group(String name) {
        return new Decision(Route.GROUP, name, RoutingReason.GROUP);
    }

    boolean isPrimary() {
        return this.route == Route.PRIMARY;
    }

    @Override
    public String toString() {
        String where = this.route == Route.GROUP ? "group '" + this.group + "'" : this.route.name().toLowerCase(java.util.Locale.ROOT);
        return where + " (" + this.reason.description() + ")";
    }
}
