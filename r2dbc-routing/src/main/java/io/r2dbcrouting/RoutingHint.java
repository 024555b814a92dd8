package io.r2dbcrouting;

import org.jspecify.annotations.Nullable;

/**
 * What a caller asked for with {@link Routing#primary()}, {@link Routing#replica()} or {@link Routing#group(String)}.
 */
final class RoutingHint {

    enum Kind { PRIMARY, REPLICA, GROUP }

    static final RoutingHint PRIMARY = new RoutingHint(Kind.PRIMARY, null);

    static final RoutingHint REPLICA = new RoutingHint(Kind.REPLICA, null);

    final Kind kind;

    final @Nullable String group;

    private RoutingHint(Kind kind, @Nullable String group) {
        this.kind = kind;
        this.group = group;
    }

    static RoutingHint group(String name) {
        return new RoutingHint(Kind.GROUP, name);
    }

    @Override
    public String toString() {
        return this.kind == Kind.GROUP ? "group '" + this.group + "'" : this.kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
