package io.r2dbcrouting.testcluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Where {@link PostgresBinaries} looks for the server binaries, on fake install trees.
 */
class PostgresBinariesUnitTests {

    @TempDir
    Path root;

    @Test
    void pgBinWinsOverEverythingElse() throws IOException {
        Path custom = installAt(this.root.resolve("custom/bin"));
        installAt(this.root.resolve("lib/postgresql/16/bin"));

        assertThat(searcher().find(Map.of("PG_BIN", custom.toString()))).contains(custom);
    }

    @Test
    void incompletePgBinFailsInsteadOfFallingBack() throws IOException {
        Path custom = Files.createDirectories(this.root.resolve("custom/bin"));
        executable(custom.resolve("pg_ctl"));
        installAt(this.root.resolve("lib/postgresql/16/bin"));

        assertThatIllegalStateException().isThrownBy(() -> searcher().find(Map.of("PG_BIN", custom.toString())))
                .withMessage("PG_BIN=" + custom + " does not contain all of [initdb, pg_ctl, postgres, pg_basebackup, "
                        + "psql, pg_isready, pg_controldata]");
    }

    @Test
    void pgCtlOnPathIsFollowedToItsRealDirectory() throws IOException {
        Path real = installAt(this.root.resolve("lib/postgresql/15/bin"));
        installAt(this.root.resolve("lib/postgresql/16/bin"));
        // like /usr/local/bin on Debian images: links to a few tools only
        Path links = Files.createDirectories(this.root.resolve("local/bin"));
        Files.createSymbolicLink(links.resolve("pg_ctl"), real.resolve("pg_ctl"));
        Files.createSymbolicLink(links.resolve("initdb"), real.resolve("initdb"));

        assertThat(searcher().find(Map.of("PATH", "/nonexistent:" + links))).contains(real.toRealPath());
    }

    @Test
    void incompleteDirectoryOnPathIsSkipped() throws IOException {
        Path partial = Files.createDirectories(this.root.resolve("partial/bin"));
        executable(partial.resolve("pg_ctl"));
        Path versioned = installAt(this.root.resolve("lib/postgresql/13/bin"));

        assertThat(searcher().find(Map.of("PATH", partial.toString()))).contains(versioned);
    }

    @Test
    void highestVersionWinsNumerically() throws IOException {
        installAt(this.root.resolve("lib/postgresql/9.6/bin"));
        Path fifteen = installAt(this.root.resolve("lib/postgresql/15/bin"));
        installAt(this.root.resolve("lib/postgresql/10/bin"));
        // a client-only package has no server binaries
        Files.createDirectories(this.root.resolve("lib/postgresql/17/bin"));
        executable(this.root.resolve("lib/postgresql/17/bin/psql"));

        assertThat(searcher().find(Map.of())).contains(fifteen);
    }

    @Test
    void homebrewIsTheLastResort() throws IOException {
        installAt(this.root.resolve("homebrew/postgresql/bin"));
        Path sixteen = installAt(this.root.resolve("homebrew/postgresql@16/bin"));
        installAt(this.root.resolve("usrlocal/postgresql@14/bin"));

        assertThat(searcher().find(Map.of())).contains(sixteen);
    }

    @Test
    void nothingInstalled() {
        assertThat(searcher().find(Map.of("PATH", this.root.toString()))).isEmpty();
    }

    @Test
    void versionsAreReadFromTheDirectoryAboveBin() {
        assertThat(PostgresBinaries.version(Path.of("/usr/lib/postgresql/15/bin"))).containsExactly(15);
        assertThat(PostgresBinaries.version(Path.of("/usr/lib/postgresql/9.6/bin"))).containsExactly(9, 6);
        assertThat(PostgresBinaries.version(Path.of("/opt/homebrew/opt/postgresql@16/bin"))).containsExactly(16);
        assertThat(PostgresBinaries.version(Path.of("/opt/homebrew/opt/postgresql/bin"))).containsExactly(-1);
    }

    private PostgresBinaries searcher() {
        return new PostgresBinaries(this.root.resolve("lib/postgresql"),
                List.of(this.root.resolve("homebrew"), this.root.resolve("usrlocal")));
    }

    private static Path installAt(Path bin) throws IOException {
        Files.createDirectories(bin);
        for (String name : PostgresBinaries.REQUIRED) {
            executable(bin.resolve(name));
        }
        return bin;
    }

    private static void executable(Path file) throws IOException {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    }

}
