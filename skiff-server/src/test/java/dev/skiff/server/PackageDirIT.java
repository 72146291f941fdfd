package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A package directory ({@code --package-dir}) is shown to every build: the server refuses one that
 * would show builds its own data (the data directory, or a directory holding it), and one the
 * sandbox's user could not read, which would fail every build that names it with a bare EACCES.
 */
class PackageDirIT {
    @TempDir
    Path temp;

    @Test
    void theDataDirectory_orOneAroundIt_isRefusedAtStart() throws IOException {
        Path data = Files.createDirectories(temp.resolve("data"));

        for (Path dir : List.of(data, temp, data.resolve("functions"))) {
            assertThatThrownBy(() -> SkiffServer.start(ServerConfig.ephemeral(data).withPackageDirs(List.of(dir))))
                    .as(dir.toString())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--package-dir " + dir)
                    .hasMessageContaining("Skiff's data directory");
        }
    }

    @Test
    void aDirectoryTheSandboxUserCannotRead_isRefusedAtStart() throws IOException {
        Path packages = Files.createDirectories(temp.resolve("packages"));
        Files.setPosixFilePermissions(packages, PosixFilePermissions.fromString("rwx------"));

        assertThatThrownBy(() -> SkiffServer.start(ServerConfig.ephemeral(temp.resolve("data"))
                .withPackageDirs(List.of(packages))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--package-dir " + packages + " cannot be read by the sandbox's user, uid 65532:65532")
                .hasMessageContaining("chmod o+rx");
    }
}
