package dev.skiff.runtimes.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PythonInterpreterTest {
    @TempDir
    Path temp;

    @Test
    void configuredPathWins() throws IOException {
        Path configured = script("custom/python", "");
        Path system = script("usr/bin/python3", "");
        assertThat(new PythonInterpreter(configured.toString(), system, "").path()).isEqualTo(configured.toString());
    }

    @Test
    void configuredPathMustBeExecutable() {
        Path missing = temp.resolve("nope/python");
        assertThatThrownBy(() -> new PythonInterpreter(missing.toString(), null, "").path())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the Python interpreter " + missing + " (from --python or SKIFF_PYTHON) is not an executable file");
    }

    @Test
    void systemPythonIsPreferredOverThePath() throws IOException {
        Path system = script("usr/bin/python3", "");
        Path shim = shim("shims", "/should/not/be/asked");
        assertThat(new PythonInterpreter(null, system, shim.getParent().toString()).path()).isEqualTo(system.toString());
    }

    @Test
    void pathEntryIsResolvedToTheRealExecutableOnce() throws IOException {
        Path real = script("versions/3.11/bin/python3.11", "");
        Path shim = shim("shims", real.toString());
        PythonInterpreter interpreter = new PythonInterpreter(null, temp.resolve("absent"),
                temp.resolve("empty") + ":" + shim.getParent());
        assertThat(interpreter.path()).isEqualTo(real.toString());
        Files.delete(shim);
        assertThat(interpreter.path()).isEqualTo(real.toString());
    }

    @Test
    void configuredBareNameIsLookedUpOnThePath() throws IOException {
        Path real = script("versions/3.12/bin/python3.12", "");
        Path shim = shim("bin", real.toString());
        Files.move(shim, shim.resolveSibling("python3.12"));
        assertThat(new PythonInterpreter("python3.12", null, shim.getParent().toString()).path()).isEqualTo(real.toString());
    }

    @Test
    void noInterpreterIsAClearError() {
        assertThatThrownBy(() -> new PythonInterpreter(null, temp.resolve("absent"), temp.toString()).path())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("no Python interpreter found: looked for " + temp.resolve("absent"));
    }

    /** A fake {@code python3} on a PATH directory that answers {@code sys.executable} with {@code real}. */
    private Path shim(String dir, String real) throws IOException {
        return script(dir + "/python3", "echo " + real + "\n");
    }

    private Path script(String relative, String body) throws IOException {
        Path file = temp.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n" + body);
        assertThat(file.toFile().setExecutable(true)).isTrue();
        return file;
    }
}
