import java.time.Duration;
import java.util.Arrays;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import io.r2dbcrouting.RoutingConnectionFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Throw-away measurement: the latency of one transaction (BEGIN; point read; UPDATE; point read; COMMIT), run one at a
 * time on the local cluster, through free routing (the primary's pool, chosen by hand) and through the router
 * (transactionsOnPrimary(true), as in the comparison). Blocks of 500 alternate between the two; the median and the
 * 90th percentile of each are printed. Run it with the benchmarks jar of the version to measure on the class path,
 * with the cluster up (scripts/pg-cluster.sh up) and bench_items created by a comparison run.
 */
public class TransactionLatency {

    static final String READ = "SELECT id, v, note FROM bench_items WHERE id = $1";

    static final String UPDATE = "UPDATE bench_items SET v = v + 1 WHERE id = $1";

    public static void main(String[] args) {
        int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        String base = "r2dbc:postgresql://routing:routing@127.0.0.1:";
        ConnectionPool primary = pool(base + "25432/routing");
        ConnectionPool replica1 = pool(base + "25433/routing");
        ConnectionPool replica2 = pool(base + "25434/routing");
        RoutingConnectionFactory router = RoutingConnectionFactory.builder()
            .primary(primary).replica("replica-1", replica1, 1).replica("replica-2", replica2, 1)
            .transactionsOnPrimary(true).build();
        long[] free = new long[blocks * 500];
        long[] routed = new long[blocks * 500];
        // warm-up: 6 blocks each, not recorded
        for (int b = 0; b < 6; b++) {
            run(primary, new long[500], 0);
            run(router, new long[500], 0);
        }
        for (int b = 0; b < blocks; b++) {
            run(primary, free, b * 500);
            run(router, routed, b * 500);
        }
        report("free routing", free);
        report("router", routed);
        router.close().block();
        Flux.just(primary, replica1, replica2).concatMap(ConnectionPool::disposeLater).blockLast();
    }

    static ConnectionPool pool(String url) {
        ConnectionFactory driver = ConnectionFactories.get(url);
        return new ConnectionPool(ConnectionPoolConfiguration.builder(driver).initialSize(2).maxSize(2).build());
    }

    static void run(ConnectionFactory factory, long[] into, int from) {
        for (int i = 0; i < 500; i++) {
            int id = 1 + (i * 7919) % 1000;
            long start = System.nanoTime();
            Mono.usingWhen(factory.create(),
                    c -> Mono.from(c.beginTransaction())
                        .then(read(c, id)).then(update(c, id)).then(read(c, id))
                        .then(Mono.from(c.commitTransaction())),
                    Connection::close)
                .block(Duration.ofSeconds(10));
            into[from + i] = System.nanoTime() - start;
        }
    }

    static Mono<Void> read(Connection c, int id) {
        return Flux.from(c.createStatement(READ).bind(0, id).execute())
            .flatMap(result -> result.map((row, meta) -> row.get(0, Integer.class))).then();
    }

    static Mono<Void> update(Connection c, int id) {
        return Flux.from(c.createStatement(UPDATE).bind(0, id).execute()).flatMap(Result::getRowsUpdated).then();
    }

    static void report(String name, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("%-13s transactions %6d  median %7.1f µs  p90 %7.1f µs%n", name, sorted.length,
            sorted[sorted.length / 2] / 1000.0, sorted[sorted.length * 9 / 10] / 1000.0);
    }
}
