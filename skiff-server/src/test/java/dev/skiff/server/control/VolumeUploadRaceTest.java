package dev.skiff.server.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A function swapping links into its volume while an upload is under way (between the check and the
 * write, as FileUpload streams the body): the write still lands in the directory that was checked.
 */
class VolumeUploadRaceTest {
    @TempDir
    Path temp;

    private static void write(VolumeFiles.Upload upload, String content) throws Exception {
        upload.channel().write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void upload_parentSwappedForALinkAfterTheCheck_landsInTheCheckedDirectory_notThroughTheLink() throws Exception {
        Path volume = Files.createDirectories(temp.resolve("volume"));
        Path outside = Files.createDirectories(temp.resolve("outside/b"));
        VolumeFiles.Upload upload = VolumeFiles.upload(VolumeDirectory.root(volume, true), List.of("a", "b", "f.txt"));

        Files.move(volume.resolve("a"), volume.resolve("moved"));
        Files.createSymbolicLink(volume.resolve("a"), temp.resolve("outside"));
        write(upload, "payload");
        upload.commit();

        assertThat(outside).isEmptyDirectory();
        assertThat(volume.resolve("moved/b/f.txt")).hasContent("payload");
    }

    @Test
    void upload_temporaryFileSwappedForALinkToAHostFile_leavesTheHostFileAsItWas() throws Exception {
        Path volume = Files.createDirectories(temp.resolve("volume"));
        Path secret = Files.writeString(temp.resolve("secret.txt"), "secret");
        VolumeFiles.Upload upload = VolumeFiles.upload(VolumeDirectory.root(volume, true), List.of("f.txt"));

        Path temporary;
        try (Stream<Path> entries = Files.list(volume)) {
            temporary = entries.filter(p -> p.getFileName().toString().startsWith(".skiff-upload-")).findFirst().orElseThrow();
        }
        Files.delete(temporary);
        Files.createSymbolicLink(temporary, secret);
        write(upload, "overwritten");
        upload.commit();

        assertThat(secret).hasContent("secret");
    }
}
