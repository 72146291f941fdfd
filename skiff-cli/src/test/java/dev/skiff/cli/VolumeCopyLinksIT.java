package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code skiff volume cp NAME:/ DIR} out of a volume holding links a function planted: named, never followed. */
class VolumeCopyLinksIT {
    @TempDir
    Path temp;

    @Test
    void copyOut_linkToAHostFile_isNamedAndNotCopied_theRestIs() throws Exception {
        Path secret = Files.writeString(temp.resolve("secret.txt"), "aws_secret_access_key=hunter2");
        try (SkiffProcess.Server server = SkiffProcess.startServer(temp.resolve("data"), Map.of())) {
            assertThat(SkiffProcess.run(server.url(), "volume", "create", "planted").status()).isZero();
            Path volume = temp.resolve("data/volumes/planted");
            Files.writeString(volume.resolve("result.txt"), "42");
            Files.createSymbolicLink(volume.resolve("leak.txt"), secret);

            SkiffProcess.Result copied = SkiffProcess.run(server.url(), "volume", "cp", "planted:/", temp.resolve("out").toString());

            assertThat(copied.status()).as(copied.err()).isZero();
            assertThat(copied.err()).contains("planted:/leak.txt is a symbolic link in the volume: not copied");
            assertThat(temp.resolve("out/result.txt")).hasContent("42");
            assertThat(temp.resolve("out/leak.txt")).doesNotExist();
        }
    }
}
