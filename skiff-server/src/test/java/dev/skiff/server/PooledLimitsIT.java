package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.server.backend.cgroups.LimitSettings;
import dev.skiff.testkit.server.ServerHarness;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * A generic worker of the pre-warmed pool starts in a group of its own holding the server's defaults;
 * handed a function, its group is given the function's limits, which it then runs under exactly as
 * a fresh instance would, out-of-memory answer included. The data directory is outside /tmp, where
 * the sandboxed pool can serve.
 */
class PooledLimitsIT {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    /** Temporary directories under target/ (or /var/tmp when the clone is under /tmp), never /tmp. */
    static final class OutsideTmp implements TempDirFactory {
        @Override
        public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext context) throws IOException {
            return Files.createTempDirectory(Files.createDirectories(ServerConfig.outsideTmp(Path.of("target"))), "pooled-limits-it");
        }
    }

    @TempDir(factory = OutsideTmp.class)
    Path dataDir;

    @Test
    void pooledWorker_handedAFunction_holdsItsLimits_andAnswersOutOfMemoryNamingThem() throws Exception {
        // The default memory limit is the function's: a pooled sandbox's /tmp is sized by the default, so only
        // such functions are handed to the pool.
        try (TestServer server = TestServer.start(ServerConfig.ephemeral(dataDir).withPoolSize(1)
                .withLimits(new LimitSettings(200L << 20, LimitSettings.MAX_MEMORY, 0, 0, LimitSettings.PIDS)))) {
            await().atMost(PATIENCE).until(() -> server.server().pools().stream()
                    .anyMatch(pool -> pool.pool().equals("python3") && pool.waiting() == 1));
            server.deploy(LimitedFunctions.python("pooled", LimitedFunctions.CGROUP_OF_ITSELF, Map.of("memory", "200Mi", "cpu", "300m")));

            JsonNode instance = server.instances("pooled").get(0);
            String cgroup = server.send("POST", "/function/pooled", "{}").body();
            // Read while the instance lives: the kill below ends its group.
            List<String> held = LimitedFunctions.groupValues(cgroup, List.of("memory/memory.limit_in_bytes",
                    "cpu/cpu.cfs_quota_us", "pids/pids.max"));
            HttpResponse<String> hog = server.send("POST", "/function/pooled", "{\"mb\": 1024}");

            assertThat(instance.get("pooled").asBoolean()).as("the deploy took the pool's worker").isTrue();
            assertThat(held).containsExactly("209715200", "30000", "1024");
            assertThat(hog.statusCode()).as(hog.body()).isEqualTo(502);
            assertThat(ServerHarness.read(hog.body()).get("error").asText()).isEqualTo("OutOfMemory");
            assertThat(ServerHarness.read(hog.body()).get("message").asText()).contains("200Mi (spec.resources.limits.memory)");
        }
    }
}
