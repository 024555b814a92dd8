package io.r2dbcrouting;

import java.time.Duration;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.test.MockConnection;
import io.r2dbc.spi.test.MockConnectionFactory;
import io.r2dbc.spi.test.MockResult;
import io.r2dbc.spi.test.MockStatement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a routing connection does to its real connection when it closes, seen on a mock connection: on the cluster, an
 * r2dbc-pool rolls back an open transaction on release by itself, so the router's own rollback cannot be told apart
 * there.
 */
class RoutingConnectionUnitTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final MockConnection real = MockConnection.builder()
        .statement(MockStatement.builder().result(MockResult.builder().build()).build())
        .build();

    private final RoutingConnectionFactory routing = RoutingConnectionFactory.builder()
        .primary(MockConnectionFactory.builder().connection(this.real).build())
        .build();

    @AfterEach
    void closeRouter() {
        this.routing.close().block(TIMEOUT);
    }

    @Test
    void closeRollsBackATransactionInProgressThenReleases() {
        Mono.usingWhen(this.routing.create(), connection -> Mono.from(connection.beginTransaction())
                .thenMany(insert(connection))
                .then(), Connection::close)
            .block(TIMEOUT);
        assertThat(this.real.isBeginTransactionCalled()).isTrue();
        assertThat(this.real.isRollbackTransactionCalled()).as("the open transaction rolls back at close").isTrue();
        assertThat(this.real.isCloseCalled()).isTrue();
    }

    @Test
    void closeAfterCommitOnlyReleases() {
        Mono.usingWhen(this.routing.create(), connection -> Mono.from(connection.beginTransaction())
                .thenMany(insert(connection))
                .then(Mono.from(connection.commitTransaction())), Connection::close)
            .block(TIMEOUT);
        assertThat(this.real.isCommitTransactionCalled()).isTrue();
        assertThat(this.real.isRollbackTransactionCalled()).as("nothing left to roll back").isFalse();
        assertThat(this.real.isCloseCalled()).isTrue();
    }

    private static Flux<Long> insert(Connection connection) {
        return Flux.from(connection.createStatement("INSERT INTO t VALUES (1)").execute()).flatMap(Result::getRowsUpdated);
    }
}
