package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.testkit.server.TestFunctions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** State survives a restart: functions, revisions and code are still there and answer. */
class RestartIT {
    @TempDir
    Path dataDir;

    @Test
    void restart_functionsStillAnswer() {
        try (TestServer server = TestServer.start(dataDir)) {
            server.deploy(TestFunctions.python("survivor", "def handle(req):\n    return 'v1'\n"));
            server.send("PUT", "/api/v1/functions/survivor",
                    TestServer.json(TestFunctions.python("survivor", "def handle(req):\n    return 'v2'\n")));
            server.deploy(TestFunctions.python("second", "def handle(req):\n    return 'second'\n"));

            server.restart();

            assertThat(server.send("POST", "/function/survivor", "").body()).isEqualTo("v2");
            assertThat(server.send("POST", "/function/second", "").body()).isEqualTo("second");
            JsonNode survivor = TestServer.read(server.send("GET", "/api/v1/functions/survivor", null).body());
            assertThat(survivor.at("/metadata/generation").asLong()).isEqualTo(2);
            assertThat(survivor.at("/status/latestReadyRevision").asText()).isEqualTo("survivor-00002");
            JsonNode revisions = TestServer.read(server.send("GET", "/api/v1/functions/survivor/revisions", null).body());
            assertThat(revisions.get("items")).hasSize(2);
        }
    }

    @Test
    void restart_leftoversOfAnInterruptedDeployAreRemoved() throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            server.deploy(TestFunctions.python("kept", "def handle(req):\n    return 'kept'\n"));
            Path orphanRevision = Files.createDirectories(dataDir.resolve("functions/kept/kept-00009/code"));
            Path orphanFunction = Files.createDirectories(dataDir.resolve("functions/ghost/ghost-00001/code"));

            server.restart();

            assertThat(orphanRevision).doesNotExist();
            assertThat(orphanFunction).doesNotExist();
            assertThat(dataDir.resolve("functions/kept/kept-00001/code/main.py")).exists();
            assertThat(server.send("POST", "/function/kept", "").body()).isEqualTo("kept");
        }
    }

    @Test
    void start_dataDirInUse_isRefusedWithAClearMessage() {
        try (TestServer server = TestServer.start(dataDir)) {
            assertThat(server.server().port()).isPositive();
            assertThatThrownBy(() -> SkiffServer.start(ServerConfig.ephemeral(dataDir)))
                    .hasMessageContaining("another Skiff server is using the data directory");
        }
    }
}
