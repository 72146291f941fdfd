package dev.skiff.runtimes.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.runtimes.RevisionFiles;
import dev.skiff.runtimes.RuntimeConfig;
import dev.skiff.runtimes.Workers;
import dev.skiff.testkit.worker.WorkerHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Code that cannot load makes the real worker exit 3 with one SKIFF-LOAD-ERROR line. */
class PythonLoadErrorIT {
    @TempDir
    Path temp;
    private PythonRuntime runtime;

    @BeforeEach
    void runtime() {
        runtime = new PythonRuntime(new RuntimeConfig(temp.resolve("bootstrap"), "/usr/bin/python3", Duration.ofMinutes(1)));
    }

    @Test
    void syntaxErrorNamesFileAndLine() throws Exception {
        String error = loadError("hello.handle", "hello.py", "def handle(req):\n    x = 1\n    return x +\n");
        assertThat(error).isEqualTo("SKIFF-LOAD-ERROR: SyntaxError: invalid syntax (hello.py, line 3)");
    }

    @Test
    void syntaxErrorInANestedModuleNamesItsPath() throws Exception {
        Files.createDirectories(temp.resolve("code/pkg"));
        Files.writeString(temp.resolve("code/pkg/__init__.py"), "");
        String error = loadError("pkg.mod.fn", "pkg/mod.py", "def fn(req):\n  return [\n");
        assertThat(error).startsWith("SKIFF-LOAD-ERROR: SyntaxError: ").endsWith("(pkg/mod.py, line 2)");
    }

    @Test
    void missingFunctionIsNamed() throws Exception {
        assertThat(loadError("hello.handle", "hello.py", "def other(req):\n    return 1\n"))
                .isEqualTo("SKIFF-LOAD-ERROR: module 'hello' has no function 'handle'");
    }

    @Test
    void attributeThatIsNotAFunctionIsRefused() throws Exception {
        assertThat(loadError("hello.handle", "hello.py", "handle = 5\n"))
                .isEqualTo("SKIFF-LOAD-ERROR: 'handle' in module 'hello' is not a function (its type is int)");
    }

    @Test
    void missingModuleIsNamed() throws Exception {
        assertThat(loadError("nothere.handle", "hello.py", "def handle(req):\n    return 1\n"))
                .isEqualTo("SKIFF-LOAD-ERROR: ModuleNotFoundError: No module named 'nothere' (no nothere.py in the code directory)");
    }

    @Test
    void failedImportInsideTheModuleNamesTheLine() throws Exception {
        assertThat(loadError("hello.handle", "hello.py", "import os\nimport not_installed_anywhere\n"))
                .isEqualTo("SKIFF-LOAD-ERROR: ModuleNotFoundError: No module named 'not_installed_anywhere' (hello.py, line 2)");
    }

    @Test
    void exceptionAtImportNamesTheLine() throws Exception {
        assertThat(loadError("hello.handle", "hello.py", "x = 1\nraise RuntimeError('no config')\n"))
                .isEqualTo("SKIFF-LOAD-ERROR: RuntimeError: no config (hello.py, line 2)");
    }

    @Test
    void handlerTakingTooManyArgumentsIsRefused() throws Exception {
        assertThat(loadError("hello.handle", "hello.py", "def handle(a, b, c):\n    return 1\n"))
                .isEqualTo("SKIFF-LOAD-ERROR: handler 'hello.handle' must take (req) or (event, context), not 3 required arguments");
    }

    /** Starts a worker on code that cannot load; returns its last stderr line once it has failed as the contract says. */
    private String loadError(String handler, String file, String content) throws Exception {
        RevisionFiles files = Workers.code(temp, file, content);
        try (WorkerHarness worker = Workers.start(runtime, files, handler)) {
            return worker.awaitLoadError();
        }
    }
}
