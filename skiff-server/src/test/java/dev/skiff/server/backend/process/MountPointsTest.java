package dev.skiff.server.backend.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountPointsTest {
    private final MountPoints mounts = new MountPoints();

    @Test
    void madeDirectory_isRemovedWhenItsLastUserExits_notBefore(@TempDir Path volume) throws IOException {
        List<Path> dirs = List.of(volume.resolve("a/b"), volume.resolve("a"));
        mounts.hold(dirs);
        mounts.hold(dirs);
        Files.createDirectories(volume.resolve("a/b"));

        mounts.release(dirs);
        assertThat(volume.resolve("a/b")).as("another worker still mounts there").isDirectory();

        mounts.release(dirs);
        assertThat(volume.resolve("a")).doesNotExist();
    }

    @Test
    void directoryThatWasThereBefore_orThatHoldsFiles_stays(@TempDir Path volume) throws IOException {
        Path existing = Files.createDirectories(volume.resolve("existing"));
        Path written = volume.resolve("written");
        mounts.hold(List.of(existing, written));
        Files.createDirectories(written);
        Files.writeString(written.resolve("note.txt"), "kept");

        mounts.release(List.of(existing, written));

        assertThat(existing).isDirectory();
        assertThat(written.resolve("note.txt")).hasContent("kept");
    }
}
