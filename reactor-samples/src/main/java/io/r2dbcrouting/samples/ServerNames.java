package io.r2dbcrouting.samples;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The names of the cluster's servers ({@code primary}, {@code replica-1}, …) by the port each reports from
 * {@code inet_server_port()}: how the demo tells, from an answer alone, which server gave it.
 * <p>
 * The ports are learnt from the servers themselves, each asked through its own connection factory, so the map holds
 * whatever the servers see (not, say, a port that Docker maps to another). Immutable.
 */
final class ServerNames {

    /** The query every server answers with its own port. */
    static final String WHO_ANSWERS = "SELECT inet_server_port()";

    private final Map<Integer, String> names;

    private final String database;

    private ServerNames(Map<Integer, String> names, String database) {
        this.names = Map.copyOf(names);
        this.database = database;
    }

    /**
     * Asks every server for its port.
     *
     * @param servers  connection factories by server name, each connected straight to that server
     * @param database the database the factories connect to; answers from another database are labelled with it
     * @param timeout  for each server
     * @return the names by port
     * @throws IllegalStateException if a server reports no port (a Unix-socket connection) or two report the same one,
     *                               as all the nodes of a Testcontainers cluster do: then ports cannot tell them apart
     */
    static ServerNames discover(Map<String, ? extends ConnectionFactory> servers, String database, Duration timeout) {
        Map<Integer, String> names = new LinkedHashMap<>();
        servers.forEach((name, factory) -> {
            Integer port = Mono.usingWhen(factory.create(),
                    connection -> Flux.from(connection.createStatement(WHO_ANSWERS).execute())
                        .concatMap(result -> result.map(row -> row.get(0, Integer.class)))
                        .next(),
                    Connection::close)
                .block(timeout);
            if (port == null) {
                throw new IllegalStateException(name + " reports no port from inet_server_port(): connect over TCP");
            }
            String other = names.putIfAbsent(port, name);
            if (other != null) {
                throw new IllegalStateException(other + " and " + name + " both report port " + port
                    + " from inet_server_port(), so the demo cannot tell them apart: run it on a local cluster"
                    + " (scripts/pg-cluster.sh), whose servers listen on distinct ports");
            }
        });
        return new ServerNames(names, database);
    }

    /**
     * The label of the server that reported a port.
     *
     * @param port     what {@code inet_server_port()} returned
     * @param database what {@code current_database()} returned, or {@code null} when the query did not ask
     * @return the server's name, such as {@code replica-1}; {@code primary/analytics} when the database is not the
     *     usual one; {@code unknown port 1234} for a server not in the cluster
     */
    String label(@Nullable Integer port, @Nullable String database) {
        return label(port == null ? "unknown (no port)" : this.names.getOrDefault(port, "unknown port " + port), database);
    }

    /**
     * The label of a server by name.
     *
     * @param name     {@code primary}, {@code replica-1}, …
     * @param database the database, or {@code null} for the usual one
     * @return {@code name}, or {@code name/database} when the database is not the usual one
     */
    String label(String name, @Nullable String database) {
        return database == null || database.equals(this.database) ? name : name + "/" + database;
    }

    @Override
    public String toString() {
        return "ServerNames" + this.names;
    }
}
