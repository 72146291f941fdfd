package dev.skiff.runtimes.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
import dev.skiff.runtimes.PrepareException;
import dev.skiff.runtimes.RevisionFiles;
import dev.skiff.runtimes.RuntimeConfig;
import dev.skiff.runtimes.Workers;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** prepare() runs the real npm on a local package the test writes, so nothing is fetched from a registry. */
class NodePrepareIT {
    private static final String HANDLER = """
            const { greet } = require('greet');
            exports.handle = (req) => greet(req.name);
            """;

    @TempDir
    Path temp;
    private NodeRuntime runtime;

    @BeforeEach
    void runtime() {
        runtime = new NodeRuntime(new RuntimeConfig(temp.resolve("bootstrap"), null, Duration.ofMinutes(5)));
    }

    @Test
    void localDependencyIsInstalledCopiedAndRequirableByTheWorker() throws Exception {
        Path greet = writePackage(temp.resolve("packages/greet"));
        RevisionFiles files = Workers.code(temp.resolve("revision"), "hello.js", HANDLER);
        runtime.prepare(files, spec("{\"dependencies\": {\"greet\": \"file:" + greet + "\"}}"),
                Workers.packagesIn(temp.resolve("packages")));
        Path installed = files.depsDir().resolve("node_modules/greet");
        assertThat(installed).isDirectory();
        assertThat(Files.isSymbolicLink(installed)).isFalse();
        deleteTree(greet);
        assertGreets(files);
    }

    @Test
    void codesOwnPackageJsonIsUsedWhenTheSpecHasNone() throws Exception {
        RevisionFiles files = Workers.code(temp.resolve("revision"), "hello.js", HANDLER);
        writePackage(files.codeDir().resolve("vendor/greet"));
        Files.writeString(files.codeDir().resolve("package.json"), """
                {"name": "hello", "dependencies": {"greet": "file:vendor/greet"}, "devDependencies": {"absent": "^1"},
                 "scripts": {"postinstall": "exit 1"}}""");
        runtime.prepare(files, spec(null));
        assertThat(files.depsDir().resolve("node_modules/greet/index.js")).exists();
        assertGreets(files);
    }

    @Test
    void noDependenciesInstallsNothing() throws Exception {
        RevisionFiles files = Workers.code(temp.resolve("revision"), "hello.js", HANDLER);
        Files.writeString(files.codeDir().resolve("package.json"), "{\"name\": \"hello\", \"type\": \"commonjs\"}");
        runtime.prepare(files, spec("  \n"));
        try (Stream<Path> entries = Files.list(files.depsDir())) {
            assertThat(entries).isEmpty();
        }
    }

    @Test
    void failedInstallCarriesNpmsMessage() throws Exception {
        RevisionFiles files = Workers.code(temp.resolve("revision"), "hello.js", HANDLER);
        String missing = temp.resolve("nowhere/greet").toString();
        assertThatThrownBy(() -> runtime.prepare(files, spec("{\"dependencies\": {\"greet\": \"file:" + missing + "\"}}"),
                Workers.packagesIn(temp)))
                .isInstanceOf(PrepareException.class)
                .hasMessageContaining("npm error")
                .hasMessageContaining(missing)
                .hasMessageNotContaining("A complete log of this run");
    }

    @Test
    void aLocalDependencyOutsideTheCodeAndThePackageDirectories_isRefusedBeforeNpmRuns() throws Exception {
        Path greet = writePackage(temp.resolve("elsewhere/greet"));
        RevisionFiles files = Workers.code(temp.resolve("revision"), "hello.js", HANDLER);
        assertThatThrownBy(() -> runtime.prepare(files, spec("{\"dependencies\": {\"greet\": \"file:" + greet + "\"}}"),
                Workers.packagesIn(temp.resolve("packages"))))
                .isInstanceOf(PrepareException.class)
                .hasMessageStartingWith("dependencies \"greet\" names file:" + greet + ", outside the function's source");
        assertThatThrownBy(() -> runtime.prepare(files, spec("{\"dependencies\": {\"up\": \"../../elsewhere/greet\"}}"),
                Workers.packagesIn(temp.resolve("packages"))))
                .isInstanceOf(PrepareException.class)
                .hasMessageStartingWith("dependencies \"up\" names ../../elsewhere/greet, outside the function's source");
    }

    @Test
    void codesPackageJsonThatIsNotJsonFailsThePrepare() throws Exception {
        RevisionFiles files = Workers.code(temp.resolve("revision"), "hello.js", HANDLER);
        Files.writeString(files.codeDir().resolve("package.json"), "{oops");
        assertThatThrownBy(() -> runtime.prepare(files, spec(null)))
                .isInstanceOf(PrepareException.class).hasMessageStartingWith("the code's package.json is not valid JSON");
    }

    private void assertGreets(RevisionFiles files) throws Exception {
        HttpResponse<String> response = Workers.call(runtime, files, "hello.handle", "{\"name\": \"bob\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("hi bob");
    }

    private static FunctionSpec spec(String requirements) {
        return FunctionSpec.builder()
                .runtime("nodejs")
                .handler("hello.handle")
                .source(Source.text("hello.js", HANDLER))
                .requirements(requirements)
                .env(Map.of())
                .timeoutSeconds(60)
                .maxRequestSize("6Mi")
                .concurrency(1)
                .build();
    }

    /** Writes the package {@code greet} 1.0.0 into {@code dir}. */
    static Path writePackage(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("package.json"), "{\"name\": \"greet\", \"version\": \"1.0.0\", \"main\": \"index.js\"}");
        Files.writeString(dir.resolve("index.js"), "exports.greet = (name) => 'hi ' + name;\n");
        return dir;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
