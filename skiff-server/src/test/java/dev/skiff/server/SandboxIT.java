package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
import dev.skiff.api.VolumeMount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Under bubblewrap a function writes only to its volumes and its own private /tmp. */
class SandboxIT {
    private static final String PROBE = """
            import os
            def handle(req):
                try:
                    with open(req['path'], 'w') as f:
                        f.write('x')
                    return 'wrote'
                except OSError as e:
                    return 'refused: ' + e.strerror
            """;

    @RegisterExtension
    static final TestServer server = new TestServer();

    @BeforeAll
    static void deploy() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/bwrap")), "bubblewrap is not installed");
        server.send("POST", "/api/v1/volumes", "{\"name\": \"sandboxed\"}");
        server.send("POST", "/api/v1/volumes", "{\"name\": \"readonly\"}");
        server.deploy(Function.of("probe", FunctionSpec.builder()
                .runtime("python3")
                .handler("main.handle")
                .source(Source.text("main.py", PROBE))
                .volumes(List.of(new VolumeMount("sandboxed", "/data", null), new VolumeMount("readonly", "/mnt/ro", true)))
                .build()));
    }

    private static String write(String path) {
        return server.send("POST", "/function/probe", "{\"path\": \"" + path + "\"}").body();
    }

    @Test
    void write_outsideTheVolumes_isRefused() {
        assertThat(write("/usr/skiff-sandbox-probe")).startsWith("refused: Read-only file system");
        assertThat(write("/skiff-sandbox-probe")).startsWith("refused:");
        Path code = server.dataDir().resolve("functions/probe/probe-00001/code");
        assertThat(write(code.resolve("skiff-sandbox-probe").toString())).startsWith("refused: Read-only file system");
        write(server.dataDir().resolve("skiff-sandbox-probe").toString());

        assertThat(Path.of("/usr/skiff-sandbox-probe")).doesNotExist();
        assertThat(server.dataDir().resolve("skiff-sandbox-probe")).doesNotExist();
    }

    @Test
    void write_toAVolume_landsInItsDirectory_unlessReadOnly() {
        assertThat(write("/data/hello.txt")).isEqualTo("wrote");
        assertThat(write("/mnt/ro/hello.txt")).startsWith("refused: Read-only file system");

        assertThat(server.dataDir().resolve("volumes/sandboxed/hello.txt")).hasContent("x");
        assertThat(server.dataDir().resolve("volumes/readonly/hello.txt")).doesNotExist();
    }

    @Test
    void tmp_isPrivateToTheInstance() {
        String name = "skiff-sandbox-" + UUID.randomUUID();

        assertThat(write("/tmp/" + name)).isEqualTo("wrote");

        assertThat(Path.of("/tmp", name)).doesNotExist();
    }
}
