package dev.skiff.runtimes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {
    @TempDir
    Path temp;

    @Test
    void makeReadable_letsEveryoneReadFilesAndEnterDirectories_grantingNothingElse() throws IOException {
        Path dir = Files.createDirectory(temp.resolve("code"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Path secret = Files.writeString(dir.resolve("main.py"), "x = 1\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Path tool = Files.writeString(dir.resolve("tool.sh"), "true\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwx------"));

        FileTrees.makeReadable(dir);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-r--r--");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tool))).isEqualTo("rwxr--r--");
    }

    @Test
    void makeReadable_missingDirectory_isFine() {
        FileTrees.makeReadable(temp.resolve("missing"));

        assertThat(temp.resolve("missing")).doesNotExist();
    }
}
