package io.r2dbcrouting.benchmarks.comparison;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import reactor.core.publisher.Mono;

/**
 * The few lines a Spring user writes to spread one routing key over several replicas: each subscription to
 * {@link #create()} takes the next factory in turn.
 */
final class RoundRobinConnectionFactory implements ConnectionFactory {

    private final List<ConnectionFactory> members;

    private final AtomicInteger next = new AtomicInteger();

    RoundRobinConnectionFactory(List<? extends ConnectionFactory> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a round-robin factory needs at least one member");
        }
        this.members = List.copyOf(members);
    }

    @Override
    public Mono<Connection> create() {
        return Mono.defer(() -> Mono.from(
                this.members.get(Math.floorMod(this.next.getAndIncrement(), this.members.size())).create()));
    }

    @Override
    public ConnectionFactoryMetadata getMetadata() {
        return this.members.get(0).getMetadata();
    }

}
