package dev.skiff.server.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.VolumeMount;
import dev.skiff.server.ServerConfig;
import dev.skiff.server.SkiffServer;
import dev.skiff.testkit.server.ServerHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real server, sandboxing its functions, for one test class: registered as
 * {@code @RegisterExtension static final SandboxServer server = new SandboxServer();} it starts
 * before the class's tests and is stopped, and its data directory deleted, after them.
 *
 * <p>Its data directory lies outside {@code /tmp} (under the module's {@code target}), as an
 * operator's does: every sandbox has a private {@code /tmp}, which would hide a data directory
 * there even from a function that sees the rest of the host, and the probes of these tests must
 * fail only for the sandbox's view, not for that accident.
 */
final class SandboxServer extends ServerHarness<SkiffServer> {
    /** Where a fresh function of {@link #deploy(String, FunctionSpec.Builder, InstanceKind)} mounts its volume. */
    static final String FRESH_MOUNT = "/keep-fresh";
    private static final Duration POOL_PATIENCE = Duration.ofSeconds(60);

    SandboxServer() {
        this(config -> config);
    }

    /** A server whose configuration {@code configure} changes. */
    SandboxServer(java.util.function.UnaryOperator<ServerConfig> configure) {
        super(dir -> SkiffServer.start(configure.apply(ServerConfig.ephemeral(dir))), SkiffServer::port);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Path parent = Files.createDirectories(ServerConfig.outsideTmp(Path.of("target")));
        startOn(Files.createTempDirectory(parent, "sandbox-it"));
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        close();
        try (Stream<Path> files = Files.walk(dataDir())) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /**
     * Deploys {@code spec} as {@code name} + {@code kind}'s suffix, its instance of that kind: a fresh
     * one mounts a volume of its own (at {@link #FRESH_MOUNT}); a pooled one is deployed once the
     * pool has a python3 worker waiting. Checks that its instance is of that kind.
     */
    void deploy(String name, FunctionSpec.Builder spec, InstanceKind kind) {
        String function = name + kind.suffix();
        if (kind == InstanceKind.FRESH) {
            String volume = function + "-volume";
            assertThat(send("POST", "/api/v1/volumes", "{\"name\": \"" + volume + "\"}").statusCode()).isEqualTo(201);
            spec.volumes(List.of(new VolumeMount(volume, FRESH_MOUNT, null)));
        } else {
            await().atMost(POOL_PATIENCE).until(() -> send("GET", "/metrics", null).body().lines()
                    .filter(line -> line.startsWith("skiff_pool_waiting_workers{runtime=\"python3\"}"))
                    .anyMatch(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) >= 1));
        }
        deploy(Function.of(function, spec.build()));
        List<Boolean> pooled = new ArrayList<>();
        instances(function).forEach(instance -> pooled.add(instance.get("pooled").asBoolean()));
        assertThat(pooled).as(function + "'s instances, pooled or not").isNotEmpty()
                .containsOnly(kind == InstanceKind.POOLED);
    }

    /** The port of the server's management API, which functions must not reach. */
    int port() {
        return server().port();
    }
}
