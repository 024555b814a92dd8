package io.r2dbcrouting;

import io.r2dbc.spi.ConnectionFactory;

/**
 * One database the router can send statements to: the primary, a replica, or a member of a bind group.
 */
final class Target {

    final String name;

    final ConnectionFactory factory;

    final int weight;

    Target(String name, ConnectionFactory factory, int weight) {
        this.name = name;
        this.factory = factory;
        this.weight = weight;
    }

    @Override
    public String toString() {
        return this.name;
    }
}
