package dev.skiff.server.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
import dev.skiff.testkit.server.ServerHarness;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A revision's build runs code that came with the function: a Python package's in-tree build
 * backend, an npm dependency's install script, a Java handler's static initializer in the training
 * run. Before builds were sandboxed each ran as root on the host at deploy time and wrote wherever
 * it liked; a requirements line {@code -r /etc/passwd} had pip quote the file in the 422 message.
 * Now each runs as the sandbox's user, sees the function's own files, and writes its dependency
 * directory only; each test has the hostile code report where it ran and what it could write, and
 * looks on the host for the files it tried to leave; the npm script also tries the management API.
 */
class SandboxBuildsIT {
    @RegisterExtension
    static final SandboxServer server = new SandboxServer();

    /** Host paths a build tries to write: the server's data directory and the test's own directory. */
    private static List<Path> markers(String tool) {
        return List.of(server.dataDir().resolve("PWNED-" + tool),
                server.dataDir().getParent().resolve("PWNED-" + tool + "-" + ProcessHandle.current().pid()));
    }

    private static String pythonList(List<Path> paths) {
        return "[" + String.join(", ", paths.stream().map(p -> "'" + p + "'").toList()) + "]";
    }

    @Test
    void pipBuildBackend_runsAsTheSandboxUser_andWritesNothingOnTheHost() {
        String backend = """
                import os, socket
                def _evidence():
                    tried = []
                    for path in %s:
                        try:
                            with open(path, 'w') as f:
                                f.write('pwned')
                            tried.append('written')
                        except OSError as e:
                            tried.append(type(e).__name__)
                    return 'EVIDENCE uid=%%d host=%%s writes=%%s' %% (os.getuid(), socket.gethostname(), ','.join(tried))
                def get_requires_for_build_wheel(config_settings=None):
                    raise RuntimeError(_evidence())
                def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
                    raise RuntimeError(_evidence())
                """.formatted(pythonList(markers("pip")));
        byte[] zip = zip(Map.of(
                "main.py", "def handle(req):\n    return 'never'\n",
                "requirements.txt", "./evil\n",
                "evil/pyproject.toml", """
                        [build-system]
                        requires = []
                        build-backend = "evil_backend"
                        backend-path = ["."]
                        """,
                "evil/evil_backend.py", backend));

        HttpResponse<String> answer = deploy("pip-backend", "python3", "main.handle", zip);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(422);
        String message = ServerHarness.read(answer.body()).get("message").asText();
        assertThat(message).as("the backend ran, and said where").contains("EVIDENCE uid=65532 host=build-pip-backend-00001");
        assertThat(message).doesNotContain("written");
        assertNoMarkers("pip");
    }

    @Test
    void npmInstallScript_runsAsTheSandboxUser_andWritesOnlyTheDependencies() throws IOException {
        String script = """
                const fs = require('fs'), os = require('os');
                const writes = %s.map(path => {
                  try { fs.writeFileSync(path, 'pwned'); return 'written'; } catch (e) { return e.code; }
                });
                const finish = (api) => fs.writeFileSync('evidence.json',
                    JSON.stringify({uid: process.getuid(), host: os.hostname(), writes, api}));
                const management = require('net').connect(%d, '127.0.0.1');
                management.on('connect', () => { finish('connected'); management.destroy(); });
                management.on('error', (e) => finish(e.code));
                """.formatted(pythonList(markers("npm")).replace('\'', '"'), server.port());
        byte[] zip = zip(Map.of(
                "main.js", "exports.handle = () => require('evil/evidence.json');\n",
                "package.json", "{\"dependencies\": {\"evil\": \"file:./evil\"}}",
                "evil/package.json", "{\"name\": \"evil\", \"version\": \"1.0.0\", \"scripts\": {\"install\": \"node install.js\"}}",
                "evil/install.js", script));

        HttpResponse<String> deployed = deploy("npm-script", "nodejs", "main.handle", zip);
        assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(201);

        HttpResponse<String> answer = server.send("POST", "/function/npm-script", "{}");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode evidence = ServerHarness.read(answer.body());
        assertThat(evidence.get("uid").asInt()).isEqualTo(65532);
        assertThat(evidence.get("host").asText()).isEqualTo("build-npm-script-00001");
        assertThat(evidence.get("writes").toString()).doesNotContain("written");
        assertThat(evidence.get("api").asText()).as("the management API, from the build").isEqualTo("ECONNREFUSED");
        assertNoMarkers("npm");
        assertTakenBack(server.dataDir().resolve("functions/npm-script/npm-script-00001/deps"));
    }

    @Test
    void javaStaticInitializer_inTheTrainingRun_runsAsTheSandboxUser() {
        String markers = String.join(", ", markers("java").stream().map(p -> "\"" + p + "\"").toList());
        String handler = """
                import dev.skiff.function.Context;
                import dev.skiff.function.Request;
                import dev.skiff.function.SkiffFunction;
                import java.nio.file.*;
                import java.util.*;
                public class Evil implements SkiffFunction {
                    static {
                        if ("1".equals(System.getenv("SKIFF_TRAINING"))) {
                            List<String> writes = new ArrayList<>();
                            for (String path : List.of(%s)) {
                                try { Files.writeString(Path.of(path), "pwned"); writes.add("written"); }
                                catch (Exception e) { writes.add(e.getClass().getSimpleName()); }
                            }
                            String uid;
                            try { uid = Files.readAllLines(Path.of("/proc/self/status")).stream()
                                    .filter(l -> l.startsWith("Uid:")).findFirst().orElse("?"); }
                            catch (Exception e) { uid = e.toString(); }
                            try {
                                Files.writeString(Path.of(System.getenv("SKIFF_DEPS_DIR"), "evidence.txt"),
                                        uid.split("\\\\s+")[1] + " " + writes);
                            } catch (Exception e) { throw new RuntimeException(e); }
                        }
                    }
                    public Object handle(Request request, Context context) throws Exception {
                        return Files.readString(Path.of(System.getenv("SKIFF_DEPS_DIR"), "evidence.txt"));
                    }
                }
                """.formatted(markers);
        Function function = Function.of("java-static", FunctionSpec.builder().runtime("java").handler("Evil")
                .source(Source.text("Evil.java", handler)).build());
        HttpResponse<String> deployed = server.send("POST", "/api/v1/functions", ServerHarness.json(function));
        assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(201);

        HttpResponse<String> answer = server.send("POST", "/function/java-static", "x");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).startsWith("65532 ").doesNotContain("written");
        assertNoMarkers("java");
    }

    @Test
    void requirementsNamingAHostFile_areRefused_withoutQuotingIt() {
        Function function = Function.of("reads-passwd", FunctionSpec.builder().runtime("python3").handler("main.handle")
                .source(Source.text("main.py", "def handle(req):\n    return 1\n"))
                .requirements("-r /etc/passwd\n").build());

        HttpResponse<String> answer = server.send("POST", "/api/v1/functions", ServerHarness.json(function));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(422);
        assertThat(answer.body()).contains("spec.requirements line 1 names /etc/passwd, outside the function's source")
                .doesNotContain("root:x:0:0");
    }

    @Test
    void aRequirementsFileInTheCode_cannotLeaveTheCode_byDotsOrFileUrls() {
        for (String line : List.of("-r ../../../../../../etc/passwd", "file:///etc/passwd", "-f /var/lib/wheels somepkg")) {
            byte[] zip = zip(Map.of("main.py", "def handle(req):\n    return 1\n", "requirements.txt", line + "\n"));

            HttpResponse<String> answer = deploy("escapes", "python3", "main.handle", zip);

            assertThat(answer.statusCode()).as(line + ": " + answer.body()).isEqualTo(422);
            assertThat(answer.body()).as(line).contains("requirements.txt line 1 names").contains("outside the function's source");
        }
    }

    @Test
    void anNpmDependencyOutsideTheCode_isRefused() {
        Function function = Function.of("npm-outside", FunctionSpec.builder().runtime("nodejs").handler("main.handle")
                .source(Source.text("main.js", "exports.handle = () => 1;\n"))
                .requirements("{\"dependencies\": {\"etc\": \"file:/etc\"}}").build());

        HttpResponse<String> answer = server.send("POST", "/api/v1/functions", ServerHarness.json(function));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(422);
        assertThat(answer.body()).contains("dependencies \\\"etc\\\" names file:/etc, outside the function's source");
    }

    private static HttpResponse<String> deploy(String name, String runtime, String handler, byte[] zip) {
        Function function = Function.of(name, FunctionSpec.builder().runtime(runtime).handler(handler)
                .source(Source.binary("code.zip", zip, Source.ContentType.ZIP)).build());
        return server.send("POST", "/api/v1/functions", ServerHarness.json(function));
    }

    private static void assertNoMarkers(String tool) {
        for (Path marker : markers(tool)) {
            assertThat(marker).as("a file the build tried to leave on the host").doesNotExist();
        }
    }

    /** Everything under {@code deps} is the server's (root's) again, and writable by it alone. */
    private static void assertTakenBack(Path deps) throws IOException {
        try (Stream<Path> files = Files.walk(deps)) {
            for (Path file : files.toList()) {
                assertThat(Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS)).as(file.toString()).isEqualTo(0);
                if (!Files.isSymbolicLink(file)) {
                    assertThat(Files.getPosixFilePermissions(file)).as(file.toString())
                            .doesNotContain(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
                }
            }
        }
    }

    private static byte[] zip(Map<String, String> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> file : new LinkedHashMap<>(files).entrySet()) {
                out.putNextEntry(new ZipEntry(file.getKey()));
                out.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
