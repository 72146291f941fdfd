package dev.skiff.server.backend.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What needs no Python: the result's shape, a missing interpreter, a file already there. */
class SeccompFilterTest {
    @TempDir
    Path temp;

    @Test
    void build_withoutPython_namesTheDebianPackages() {
        SeccompFilter.Result result = SeccompFilter.build(temp, temp.resolve("python3"), SeccompFilter.TIMEOUT);

        assertThat(result.file()).isEmpty();
        assertThat(result.problem()).hasValue(temp.resolve("python3")
                + " is missing: install the Debian packages python3 and python3-seccomp");
    }

    @Test
    void build_fileOfThisPolicyThere_reusesItWithoutPython() throws IOException {
        Path written = Files.write(temp.resolve(SeccompScript.load().fileName()), new byte[8]);

        SeccompFilter.Result result = SeccompFilter.build(temp, temp.resolve("python3"), SeccompFilter.TIMEOUT);

        assertThat(result.file()).hasValue(written);
    }

    @Test
    void result_bothOrNeither_refused() {
        assertThatThrownBy(() -> new SeccompFilter.Result(Optional.of(temp), Optional.of("why")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SeccompFilter.Result(Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
