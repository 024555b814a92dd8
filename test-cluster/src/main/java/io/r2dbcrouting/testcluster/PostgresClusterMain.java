package io.r2dbcrouting.testcluster;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Runs the bundled {@code pg-cluster.sh} from the jar, for machines that have the jar but not the repository:
 * {@code java -cp r2dbc-routing-test-cluster.jar:postgresql.jar io.r2dbcrouting.testcluster.PostgresClusterMain up}.
 * Takes the script's commands ({@code up}, {@code down [--purge]}, {@code status}, {@code env},
 * {@code stop-replica N}, ...), prints its output and exits with its exit code.
 */
public final class PostgresClusterMain {

    private PostgresClusterMain() {
    }

    /**
     * Runs one script command.
     *
     * @param args the command and its arguments
     */
    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: PostgresClusterMain up|down [--purge]|status|env|stop-replica N|start-replica N"
                    + "|kill-replica N|pause-replay N|resume-replay N");
            System.exit(2);
        }
        Map<String, String> env = System.getenv();
        Path binaries = PostgresBinaries.system()
                .find(env)
                .orElseThrow(() -> new IllegalStateException(
                        "PostgreSQL server binaries not found: " + PostgresCluster.INSTALL_HINT));
        ClusterScript.Result result;
        try (ClusterScript script = ClusterScript.create(env, binaries)) {
            result = script.run(Arrays.copyOf(args, args.length));
        }
        System.out.print(result.output());
        System.out.flush();
        System.exit(result.exitCode());
    }

}
