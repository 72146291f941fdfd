package dev.skiff.runtimes.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
import dev.skiff.runtimes.PrepareException;
import dev.skiff.runtimes.RevisionFiles;
import dev.skiff.runtimes.RuntimeConfig;
import dev.skiff.runtimes.Workers;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** prepare() runs the real pip on a wheel the test builds, so nothing is fetched from an index. */
class PythonPrepareIT {
    private static final String HANDLER = """
            import skiffdemo

            def handle(req):
                return skiffdemo.greet(req['name'])
            """;

    @TempDir
    Path temp;
    private PythonRuntime runtime;

    @BeforeEach
    void runtime() {
        runtime = new PythonRuntime(new RuntimeConfig(temp.resolve("bootstrap"), "/usr/bin/python3", Duration.ofMinutes(5)));
    }

    @Test
    void requirementsAreInstalledAndImportableByTheWorker() throws Exception {
        Path wheel = buildWheel(temp.resolve("wheels"));
        RevisionFiles files = Workers.code(temp.resolve("revision"), "hello.py", HANDLER);
        runtime.prepare(files, spec(wheel.toAbsolutePath() + "\n"), Workers.packagesIn(temp.resolve("wheels")));
        assertThat(files.depsDir().resolve("skiffdemo/__init__.py")).exists();
        assertGreets(files);
    }

    @Test
    void codesOwnRequirementsFileIsUsedWhenTheSpecHasNone() throws Exception {
        RevisionFiles files = Workers.code(temp.resolve("revision"), "hello.py", HANDLER);
        buildWheel(files.codeDir().resolve("vendor"));
        Files.writeString(files.codeDir().resolve("requirements.txt"), "./vendor/skiffdemo-1.0-py3-none-any.whl\n");
        runtime.prepare(files, spec(null));
        assertGreets(files);
    }

    @Test
    void noRequirementsInstallsNothing() throws Exception {
        RevisionFiles files = Workers.code(temp.resolve("revision"), "hello.py", HANDLER);
        runtime.prepare(files, spec("  \n"));
        try (var entries = Files.list(files.depsDir())) {
            assertThat(entries).isEmpty();
        }
    }

    @Test
    void failedInstallCarriesPipsMessage() throws Exception {
        RevisionFiles files = Workers.code(temp.resolve("revision"), "hello.py", HANDLER);
        String missing = temp.resolve("nowhere/missing-1.0-py3-none-any.whl").toString();
        assertThatThrownBy(() -> runtime.prepare(files, spec(missing), Workers.packagesIn(temp)))
                .isInstanceOf(PrepareException.class)
                .hasMessageContaining("ERROR:")
                .hasMessageContaining(missing)
                .hasMessageNotContaining("Running pip as the 'root' user");
    }

    @Test
    void aWheelOutsideTheCodeAndThePackageDirectories_isRefusedBeforePipRuns() throws Exception {
        Path wheel = buildWheel(temp.resolve("elsewhere"));
        RevisionFiles files = Workers.code(temp.resolve("revision"), "hello.py", HANDLER);
        assertThatThrownBy(() -> runtime.prepare(files, spec("# ours\nrequests\n" + wheel + "\n"),
                Workers.packagesIn(temp.resolve("wheels"))))
                .isInstanceOf(PrepareException.class)
                .hasMessage("spec.requirements line 3 names " + wheel + ", outside the function's source: a build reads "
                        + "only the files deployed with the function and the server's package directories "
                        + "(skiff server --package-dir)");
        try (var entries = Files.list(files.depsDir())) {
            assertThat(entries).isEmpty();
        }
    }

    private void assertGreets(RevisionFiles files) throws Exception {
        HttpResponse<String> response = Workers.call(runtime, files, "hello.handle", "{\"name\": \"bob\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("hi bob");
    }

    private static FunctionSpec spec(String requirements) {
        return FunctionSpec.builder()
                .runtime("python3")
                .handler("hello.handle")
                .source(Source.text("hello.py", HANDLER))
                .requirements(requirements)
                .env(Map.of())
                .timeoutSeconds(60)
                .maxRequestSize("6Mi")
                .concurrency(1)
                .build();
    }

    /** Writes skiffdemo-1.0-py3-none-any.whl, a pure-Python wheel with a RECORD of real hashes. */
    private static Path buildWheel(Path dir) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("skiffdemo/__init__.py", "def greet(name):\n    return 'hi ' + name\n");
        files.put("skiffdemo-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: skiffdemo\nVersion: 1.0\n");
        files.put("skiffdemo-1.0.dist-info/WHEEL",
                "Wheel-Version: 1.0\nGenerator: skiff-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
        StringBuilder record = new StringBuilder();
        files.forEach((name, content) -> record.append(name).append(",sha256=").append(digest(content))
                .append(',').append(content.getBytes(StandardCharsets.UTF_8).length).append('\n'));
        files.put("skiffdemo-1.0.dist-info/RECORD", record.append("skiffdemo-1.0.dist-info/RECORD,,\n").toString());
        Path wheel = Files.createDirectories(dir).resolve("skiffdemo-1.0-py3-none-any.whl");
        try (OutputStream out = Files.newOutputStream(wheel); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return wheel;
    }

    private static String digest(String content) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
