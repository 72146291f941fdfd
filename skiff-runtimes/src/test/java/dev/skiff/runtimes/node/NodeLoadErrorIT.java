package dev.skiff.runtimes.node;

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

/** Code that cannot load makes the real worker exit 3 with one SKIFF-LOAD-ERROR line; ES modules load too. */
class NodeLoadErrorIT {
    @TempDir
    Path temp;
    private NodeRuntime runtime;

    @BeforeEach
    void runtime() {
        runtime = new NodeRuntime(new RuntimeConfig(temp.resolve("bootstrap"), null, Duration.ofMinutes(1)));
    }

    @Test
    void syntaxErrorNamesFileAndLine() throws Exception {
        String error = loadError("hello.handle", "hello.js", "exports.handle = (req) => {\n  return 1;\n}}\n");
        assertThat(error).isEqualTo("SKIFF-LOAD-ERROR: SyntaxError: Unexpected token '}' (hello.js:3)");
    }

    @Test
    void syntaxErrorInAnEsModuleNamesFileAndLine() throws Exception {
        String error = loadError("lib/hello.handle", "lib/hello.mjs", "export const handle = (req) => {\n  return [;\n};\n");
        assertThat(error).startsWith("SKIFF-LOAD-ERROR: SyntaxError: ").endsWith("(lib/hello.mjs:2)");
    }

    @Test
    void missingExportIsNamed() throws Exception {
        assertThat(loadError("hello.handle", "hello.js", "exports.other = () => 1;\n"))
                .isEqualTo("SKIFF-LOAD-ERROR: module 'hello' has no export 'handle'");
    }

    @Test
    void exportThatIsNotAFunctionIsRefused() throws Exception {
        assertThat(loadError("hello.handle", "hello.js", "exports.handle = 5;\n"))
                .isEqualTo("SKIFF-LOAD-ERROR: 'handle' in module 'hello' is not a function (its type is number)");
    }

    @Test
    void missingModuleIsNamed() throws Exception {
        assertThat(loadError("nothere.handle", "hello.js", "exports.handle = () => 1;\n")).isEqualTo(
                "SKIFF-LOAD-ERROR: Cannot find module 'nothere' (no nothere.js, .cjs, .mjs or nothere/index.js in the code directory)");
    }

    @Test
    void failedRequireInsideTheModuleNamesTheLine() throws Exception {
        assertThat(loadError("hello.handle", "hello.js", "const os = require('os');\nrequire('not-installed-anywhere');\n"))
                .isEqualTo("SKIFF-LOAD-ERROR: Error: Cannot find module 'not-installed-anywhere' (hello.js:2)");
    }

    @Test
    void errorThrownAtLoadNamesTheLine() throws Exception {
        assertThat(loadError("hello.handle", "hello.js", "const x = 1;\nthrow new Error('no config');\n"))
                .isEqualTo("SKIFF-LOAD-ERROR: Error: no config (hello.js:2)");
    }

    @Test
    void esModulesAreImportedEvenWithTopLevelAwait() throws Exception {
        RevisionFiles files = Workers.code(temp, "package.json", "{\"type\": \"module\"}");
        Files.writeString(files.codeDir().resolve("hello.js"), "const esm = await Promise.resolve('esm');\n"
                + "export async function handle(req) {\n  return {[esm]: req};\n}\n");
        try (WorkerHarness worker = Workers.start(runtime, files, "hello.handle").awaitReady()) {
            assertThat(worker.http().post("/", "[1]", null).body()).isEqualTo("{\"esm\":[1]}");
        }
    }

    /** Starts a worker on code that cannot load; returns its last stderr line once it has failed as the contract says. */
    private String loadError(String handler, String file, String content) throws Exception {
        RevisionFiles files = Workers.code(temp, file, content);
        try (WorkerHarness worker = Workers.start(runtime, files, handler)) {
            return worker.awaitLoadError();
        }
    }
}
