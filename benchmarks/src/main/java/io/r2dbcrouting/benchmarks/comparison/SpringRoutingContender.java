package io.r2dbcrouting.benchmarks.comparison;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.r2dbc.spi.ConnectionFactory;
import org.springframework.r2dbc.connection.lookup.AbstractRoutingConnectionFactory;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * Spring's {@link AbstractRoutingConnectionFactory}, the in-process splitter users find first: it routes by a key
 * that the caller writes into the Reactor context per operation. Key {@code replica} is a
 * {@link RoundRobinConnectionFactory} over the replicas' pools; no key (the default target) is the primary's pool.
 * It cannot look at SQL or follow a transaction, so the caller decides: reads under {@code replica}, transactions
 * and read-your-writes under {@code primary}.
 */
final class SpringRoutingContender implements Contender {

    static final String KEY = SpringRoutingContender.class.getName() + ".KEY";

    static final String PRIMARY = "primary";

    static final String REPLICA = "replica";

    private static final Function<Context, Context> ON_PRIMARY = context -> context.put(KEY, PRIMARY);

    private static final Function<Context, Context> ON_REPLICA = context -> context.put(KEY, REPLICA);

    private final ConnectionFactory factory;

    private final int poolSize;

    SpringRoutingContender(ConnectionFactory primary, List<? extends ConnectionFactory> replicas, int poolSize) {
        ContextKeyRoutingConnectionFactory factory = new ContextKeyRoutingConnectionFactory();
        factory.setTargetConnectionFactories(Map.of(PRIMARY, primary, REPLICA,
                new RoundRobinConnectionFactory(replicas)));
        factory.setDefaultTargetConnectionFactory(primary);
        factory.setLenientFallback(false);
        factory.afterPropertiesSet();
        this.factory = factory;
        this.poolSize = poolSize;
    }

    @Override
    public String id() {
        return "spring";
    }

    @Override
    public String title() {
        return "Spring AbstractRoutingConnectionFactory";
    }

    @Override
    public String setup() {
        return "spring-r2dbc's AbstractRoutingConnectionFactory over the same pools (" + this.poolSize
                + " connections each), keyed by a Reactor-context value the caller writes per operation; key "
                + "'replica' is a round-robin factory over the two replicas";
    }

    @Override
    public WorkloadSupport support(Workload workload) {
        return switch (workload) {
            case POINT_READ -> WorkloadSupport.CORRECT;
            case MIX -> WorkloadSupport.correct("the caller keys each transaction to the primary: Spring's factory "
                    + "cannot move a transaction at its first write");
            case READ_YOUR_WRITES -> WorkloadSupport.correct("the caller keys the read-back to the primary");
        };
    }

    @Override
    public Mono<Void> pointRead(int id) {
        return WorkloadStatements.pointRead(this.factory, id).contextWrite(ON_REPLICA);
    }

    @Override
    public Mono<Void> mixTransaction(int id) {
        return WorkloadStatements.transaction(this.factory, id).contextWrite(ON_PRIMARY);
    }

    @Override
    public Mono<Void> readYourWrites(long id) {
        return WorkloadStatements.insert(this.factory, id)
                .then(WorkloadStatements.readBack(this.factory, id, WorkloadStatements.READ_BACK))
                .contextWrite(ON_PRIMARY);
    }

    /** Reads the lookup key from the subscriber's context at subscription, as Spring's documentation shows. */
    private static final class ContextKeyRoutingConnectionFactory extends AbstractRoutingConnectionFactory {

        @Override
        protected Mono<Object> determineCurrentLookupKey() {
            return Mono.deferContextual(context -> Mono.justOrEmpty(context.<Object>getOrEmpty(KEY)));
        }

    }

}
