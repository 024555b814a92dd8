package io.r2dbcrouting.testcluster;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that gives tests one {@link PostgresCluster} per test run: started (or found running) before
 * the first test class that uses it, shared by every class after it, closed once when the run ends.
 * <pre class="code">
 * &#64;ExtendWith(PostgresClusterExtension.class)
 * class RoutingIntegrationTests {
 *
 *     &#64;Test
 *     void readsGoToReplicas(PostgresCluster cluster) {
 *         String url = cluster.r2dbcUrl(cluster.replica(1));
 *         // ...
 *     }
 * }
 * </pre>
 * The extension resolves parameters of type {@link PostgresCluster} in constructors, lifecycle and test methods.
 * Code that is not a test parameter (a static factory, a JMH state) can call {@link #cluster()}.
 * <p>
 * The cluster lives in the root {@link ExtensionContext.Store}, so JUnit closes it after all tests, however many
 * classes ran in whatever order or in parallel. Thread-safe.
 */
public final class PostgresClusterExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
            .create(PostgresClusterExtension.class);

    private static final Object lock = new Object();

    /** Guarded by {@link #lock}. */
    private static @Nullable PostgresCluster shared;

    /** Guarded by {@link #lock}. */
    private static boolean shutdownHookAdded;

    /**
     * Starts the cluster before the first test class that uses the extension.
     *
     * @throws IllegalStateException if no cluster can be started
     */
    @Override
    public void beforeAll(ExtensionContext context) {
        inRun(context);
    }

    /** Supports parameters of type {@link PostgresCluster}. */
    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == PostgresCluster.class;
    }

    /** Returns the shared cluster. */
    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return inRun(extensionContext);
    }

    /**
     * The shared cluster, started on first use. Inside a JUnit run that uses this extension, it is the instance
     * the tests get, closed at the end of the run; otherwise it is closed when the JVM exits.
     *
     * @return the running cluster
     * @throws IllegalStateException if no cluster can be started
     */
    public static PostgresCluster cluster() {
        synchronized (lock) {
            PostgresCluster cluster = shared;
            if (cluster == null) {
                cluster = PostgresCluster.start();
                shared = cluster;
                if (!shutdownHookAdded) {
                    // a safety net for use outside JUnit; closing twice does nothing
                    Runtime.getRuntime().addShutdownHook(new Thread(PostgresClusterExtension::closeShared,
                            "r2dbc-routing-test-cluster-shutdown"));
                    shutdownHookAdded = true;
                }
            }
            return cluster;
        }
    }

    private static PostgresCluster inRun(ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(SharedCluster.class, key -> new SharedCluster(cluster()), SharedCluster.class)
                .cluster();
    }

    private static void closeShared() {
        PostgresCluster cluster;
        synchronized (lock) {
            cluster = shared;
            shared = null;
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Closed by JUnit with the root context, at the end of the run. */
    private record SharedCluster(PostgresCluster cluster) implements ExtensionContext.Store.CloseableResource {

        @Override
        public void close() {
            closeShared();
        }

    }

}
