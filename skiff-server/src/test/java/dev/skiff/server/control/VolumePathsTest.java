package dev.skiff.server.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.server.errors.SkiffException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VolumePathsTest {
    private static final Path ROOT = Path.of("/var/skiff/volumes/data");

    @Test
    void resolve_relativePaths_stayInside() {
        assertThat(VolumePaths.resolve(ROOT, "a/b.txt")).isEqualTo(ROOT.resolve("a/b.txt"));
        assertThat(VolumePaths.resolve(ROOT, "dir/")).isEqualTo(ROOT.resolve("dir"));
        assertThat(VolumePaths.resolve(ROOT, "")).isEqualTo(ROOT);
        assertThat(VolumePaths.resolve(ROOT, "a..b")).isEqualTo(ROOT.resolve("a..b"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../x", "a/../../x", "a/..", "/etc/passwd", "a//b", "./a", "a\\..\\b"})
    void resolve_escapesAndOddForms_are400(String path) {
        assertThatThrownBy(() -> VolumePaths.resolve(ROOT, path)).isInstanceOf(SkiffException.class)
                .hasMessageContaining("relative path inside the volume");
    }
}
