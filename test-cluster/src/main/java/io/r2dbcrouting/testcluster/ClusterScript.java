package io.r2dbcrouting.testcluster;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * Runs {@code scripts/pg-cluster.sh}, bundled in this jar, with {@code bash}.
 * <p>
 * The script's output goes to a temporary file, never to a pipe: the servers it starts outlive it, and a pipe
 * that any of them held would never reach end-of-file. Each run is bounded by a timeout. Instances are
 * thread-safe; the script itself serializes commands that change the cluster.
 */
final class ClusterScript implements AutoCloseable {

    /** Classpath location of the script, next to this class. */
    static final String RESOURCE = "pg-cluster.sh";

    /** Environment variables the script reads; only these are taken from the caller's map. */
    static final List<String> SCRIPT_VARIABLES = List.of("PGR_BASE_PORT", "PGR_DATA_DIR", "PGR_START_TIMEOUT",
            PostgresBinaries.PG_BIN);

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final Path script;

    private final boolean temporary;

    private final Map<String, String> variables;

    private ClusterScript(Path script, boolean temporary, Map<String, String> variables) {
        this.script = script;
        this.temporary = temporary;
        this.variables = variables;
    }

    /**
     * Extracts the bundled script (or, when running from sources without resources, finds
     * {@code scripts/pg-cluster.sh} above the working directory).
     *
     * @param env the environment whose {@code PGR_*} settings the script gets
     * @param pgBin the server binaries, passed as {@code PG_BIN} so that script and launcher agree
     */
    static ClusterScript create(Map<String, String> env, Path pgBin) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String name : SCRIPT_VARIABLES) {
            String value = env.get(name);
            if (value != null) {
                variables.put(name, value);
            }
        }
        variables.put(PostgresBinaries.PG_BIN, pgBin.toString());
        try (InputStream in = ClusterScript.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                Path file = Files.createTempFile("pg-cluster-", ".sh");
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                return new ClusterScript(file, true, Map.copyOf(variables));
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot extract " + RESOURCE, ex);
        }
        Path sources = findInSources();
        if (sources == null) {
            throw new IllegalStateException(RESOURCE + " is neither on the class path (io/r2dbcrouting/testcluster/"
                    + RESOURCE + ") nor in a scripts/ directory above " + System.getProperty("user.dir"));
        }
        return new ClusterScript(sources, false, Map.copyOf(variables));
    }

    private static @Nullable Path findInSources() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("scripts").resolve(RESOURCE);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * Runs one command and waits for it, at most five minutes.
     *
     * @param arguments the command and its arguments, e.g. {@code "stop-replica", "1"}
     * @return the exit code and output; check it with {@link Result#orThrow()}
     * @throws IllegalStateException if the script cannot be started or times out
     */
    Result run(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add("bash");
        command.add(this.script.toString());
        command.addAll(Arrays.asList(arguments));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> environment = builder.environment();
        SCRIPT_VARIABLES.forEach(environment::remove);
        environment.putAll(this.variables);
        builder.redirectErrorStream(true);
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Path output = null;
        try {
            output = Files.createTempFile("pg-cluster-", ".out");
            builder.redirectOutput(output.toFile());
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("pg-cluster.sh " + String.join(" ", arguments)
                        + " did not finish within " + TIMEOUT + ":\n" + read(output));
            }
            return new Result(String.join(" ", arguments), process.exitValue(), read(output));
        }
        catch (IOException ex) {
            throw new IllegalStateException("Cannot run " + command, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running pg-cluster.sh " + String.join(" ", arguments),
                    ex);
        }
        finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                }
                catch (IOException ex) {
                    // a temporary file: nothing else to do
                }
            }
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    /** Deletes the extracted copy of the script. */
    @Override
    public void close() {
        if (this.temporary) {
            try {
                Files.deleteIfExists(this.script);
            }
            catch (IOException ex) {
                // a temporary file: nothing else to do
            }
        }
    }

    @Override
    public String toString() {
        return "ClusterScript[" + this.script + ", " + this.variables + "]";
    }

    /** What one run of the script did. */
    record Result(String command, int exitCode, String output) {

        /**
         * Returns this result if the script succeeded.
         *
         * @throws IllegalStateException with the script's output otherwise
         */
        Result orThrow() {
            if (this.exitCode != 0) {
                throw new IllegalStateException("pg-cluster.sh " + this.command + " failed (exit " + this.exitCode
                        + "):\n" + this.output.strip());
            }
            return this;
        }

        /** The {@code KEY=VALUE} lines of the output, in order. */
        Map<String, String> keyValues() {
            Map<String, String> values = new LinkedHashMap<>();
            for (String line : this.output.split("\\R")) {
                int equals = line.indexOf('=');
                if (equals > 0 && line.substring(0, equals).matches("[A-Z][A-Z0-9_]*")) {
                    values.put(line.substring(0, equals), line.substring(equals + 1));
                }
            }
            return values;
        }

    }

}
