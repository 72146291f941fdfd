package dev.skiff.runtimes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimesTest {
    @TempDir
    Path temp;

    @Test
    void builtInRegistryHasEveryRuntime() {
        Runtimes runtimes = Runtimes.builtIn(new RuntimeConfig(temp, "/bin/sh", Duration.ofMinutes(1)));
        assertThat(runtimes.names()).contains("python3", "nodejs", "java", "http", "command");
        assertThat(runtimes.needsHandler("python3")).isTrue();
        assertThat(runtimes.needsHandler("http")).isFalse();
        assertThat(runtimes.get("python3")).get().extracting(LanguageRuntime::name).isEqualTo("python3");
        assertThat(runtimes.get("cobol")).isEmpty();
        assertThat(runtimes.get(null)).isEmpty();
        assertThat(temp.resolve("python/skiff_worker.py")).exists();
        assertThat(temp.resolve("java/skiff-java-worker.jar")).exists();
        assertThat(temp.resolve("command/skiff_worker.py")).exists();
        assertThat(temp.resolve("command/__main__.py")).exists();
    }

    @Test
    void namesMustBeUnique() {
        LanguageRuntime python = Runtimes.builtIn(new RuntimeConfig(temp, "/bin/sh", Duration.ofMinutes(1)))
                .get("python3").orElseThrow();
        assertThatThrownBy(() -> Runtimes.of(List.of(python, python)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("two runtimes are named python3");
    }
}
