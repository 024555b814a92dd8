package io.r2dbcrouting.testcluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Finds the PostgreSQL server binaries the way {@code scripts/pg-cluster.sh} does: {@code PG_BIN}; else the real
 * directory of {@code pg_ctl} on {@code PATH}; else the highest {@code /usr/lib/postgresql/<version>/bin}; else
 * Homebrew's {@code postgresql*}{@code /bin}. A directory counts only if it holds every binary the script runs.
 */
final class PostgresBinaries {

    static final String PG_BIN = "PG_BIN";

    static final List<String> REQUIRED = List.of("initdb", "pg_ctl", "postgres", "pg_basebackup", "psql",
            "pg_isready", "pg_controldata");

    private static final PostgresBinaries SYSTEM = new PostgresBinaries(Path.of("/usr/lib/postgresql"),
            List.of(Path.of("/opt/homebrew/opt"), Path.of("/usr/local/opt")));

    /** Holds {@code <version>/bin} directories (Debian, Ubuntu). */
    private final Path versionedRoot;

    /** Hold {@code postgresql[@<version>]/bin} directories (Homebrew). */
    private final List<Path> homebrewRoots;

    PostgresBinaries(Path versionedRoot, List<Path> homebrewRoots) {
        this.versionedRoot = versionedRoot;
        this.homebrewRoots = List.copyOf(homebrewRoots);
    }

    /** The searcher over this machine's standard install locations. */
    static PostgresBinaries system() {
        return SYSTEM;
    }

    /**
     * Returns the directory of the server binaries.
     *
     * @param env the environment to read {@code PG_BIN} and {@code PATH} from
     * @return the directory, empty if PostgreSQL is not installed in a known place
     * @throws IllegalStateException if {@code PG_BIN} is set but lacks a required binary: a typo should not
     * silently fall back to another installation or to Docker
     */
    Optional<Path> find(Map<String, String> env) {
        String pgBin = env.get(PG_BIN);
        if (pgBin != null && !pgBin.isBlank()) {
            Path dir = Path.of(pgBin.trim());
            if (!isComplete(dir)) {
                throw new IllegalStateException(PG_BIN + "=" + pgBin + " does not contain all of " + REQUIRED);
            }
            return Optional.of(dir);
        }
        Optional<Path> onPath = findOnPath(env.get("PATH"));
        if (onPath.isPresent()) {
            return onPath;
        }
        Optional<Path> versioned = highestComplete(binDirectories(this.versionedRoot, ""));
        if (versioned.isPresent()) {
            return versioned;
        }
        List<Path> homebrew = new ArrayList<>();
        for (Path root : this.homebrewRoots) {
            homebrew.addAll(binDirectories(root, "postgresql"));
        }
        return highestComplete(homebrew);
    }

    /** Symlinks on PATH, such as {@code /usr/local/bin/pg_ctl}, often sit next to an incomplete set of tools. */
    private static Optional<Path> findOnPath(@Nullable String path) {
        if (path == null || path.isEmpty()) {
            return Optional.empty();
        }
        for (String entry : path.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path pgCtl = Path.of(entry, "pg_ctl");
            if (!Files.isExecutable(pgCtl)) {
                continue;
            }
            try {
                Path dir = pgCtl.toRealPath().getParent();
                if (dir != null && isComplete(dir)) {
                    return Optional.of(dir);
                }
            }
            catch (IOException ex) {
                // a dangling link: keep looking
            }
        }
        return Optional.empty();
    }

    /** {@code root/<prefix>*}{@code /bin}, unsorted. */
    private static List<Path> binDirectories(Path root, String prefix) {
        List<Path> result = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return result;
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(root, prefix + "*")) {
            for (Path child : children) {
                Path bin = child.resolve("bin");
                if (Files.isDirectory(bin)) {
                    result.add(bin);
                }
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot list " + root, ex);
        }
        return result;
    }

    private static Optional<Path> highestComplete(List<Path> binDirectories) {
        return binDirectories.stream()
                .sorted(Comparator.comparing(PostgresBinaries::version, PostgresBinaries::compareVersions).reversed())
                .filter(PostgresBinaries::isComplete)
                .findFirst();
    }

    static boolean isComplete(Path dir) {
        return REQUIRED.stream().allMatch(name -> Files.isExecutable(dir.resolve(name)));
    }

    /**
     * The version in {@code .../15/bin} or {@code .../postgresql@16/bin} as numbers; {@code .../postgresql/bin}
     * (Homebrew's unversioned formula) sorts lowest.
     */
    static int[] version(Path binDir) {
        Path versionDir = binDir.getParent();
        String name = (versionDir != null && versionDir.getFileName() != null) ? versionDir.getFileName().toString()
                : "";
        int at = name.indexOf('@');
        String version = (at >= 0) ? name.substring(at + 1) : name;
        String[] parts = version.split("\\.");
        int[] numbers = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                numbers[i] = Integer.parseInt(parts[i]);
            }
            catch (NumberFormatException ex) {
                return new int[] { -1 };
            }
        }
        return numbers;
    }

    static int compareVersions(int[] left, int[] right) {
        return Arrays.compare(left, right);
    }

}
