import java.time.Duration;
import java.util.Arrays;
import io.r2dbc.spi.*;
import reactor.core.publisher.*;

public class RawPipeline {
    static final String READ = "SELECT id, v, note FROM bench_items WHERE id = $1";
    public static void main(String[] args) {
        Connection c = Mono.from(ConnectionFactories.get("r2dbc:postgresql://routing:routing@127.0.0.1:25432/routing").create()).block();
        for (int round = 0; round < 4; round++) {
            long[] seq = new long[3000], pipe = new long[3000];
            for (int i = 0; i < 3000; i++) {
                long s = System.nanoTime();
                Mono.from(c.beginTransaction()).then(read(c, i % 1000 + 1)).then(Mono.from(c.commitTransaction())).block();
                seq[i] = System.nanoTime() - s;
                s = System.nanoTime();
                Flux.<Integer>mergeSequential(Mono.from(c.beginTransaction()).then(Mono.<Integer>empty()), Flux.defer(() -> read(c, 7)))
                    .then(Mono.from(c.commitTransaction())).block();
                pipe[i] = System.nanoTime() - s;
            }
            Arrays.sort(seq); Arrays.sort(pipe);
            System.out.printf("round %d: sequential median %.1f µs, pipelined median %.1f µs%n", round, seq[1500] / 1000.0, pipe[1500] / 1000.0);
        }
        Mono.from(c.close()).block();
    }
    static Mono<Integer> read(Connection c, int id) {
        return Flux.from(c.createStatement(READ).bind(0, id).execute()).flatMap(r -> r.map((row, m) -> row.get(0, Integer.class))).next();
    }
}
