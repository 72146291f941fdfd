package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.testkit.http.TestHttpClient;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's own admin token: made on the first start, its secret in a 0600 file of the data
 * directory and only its hash in the database; kept across restarts; renewed when revoked. And the
 * CLI configuration each start records it in, which servers started at once all add to.
 */
class AdminTokenIT {
    @TempDir
    Path dir;

    private static String read(Path file) throws IOException {
        return Files.readString(file).strip();
    }

    private static String perms(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    @Test
    void theAdminToken_isWrittenOnce_ownerOnly_keptAcrossRestarts_andStoredAsAHashOnly() throws IOException {
        Path data = dir.resolve("data");
        String first;
        try (TestServer server = TestServer.start(data)) {
            first = read(data.resolve("admin-token"));
            assertThat(first).startsWith("skiff_").hasSize(6 + 43);
            assertThat(perms(data.resolve("admin-token"))).isEqualTo("rw-------");
            assertThat(server.token()).isEqualTo(first);
            assertThat(server.send("GET", "/api/v1/functions", null).statusCode()).isEqualTo(200);
        }
        assertThat(TestServer.databaseText(data)).doesNotContain(first);
        try (TestServer again = TestServer.start(data)) {
            assertThat(read(data.resolve("admin-token"))).isEqualTo(first);
            assertThat(again.send("GET", "/api/v1/functions", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aRevokedAdminToken_isRefusedAtOnce_andTheNextStartMakesANewOne() throws IOException, InterruptedException {
        Path data = dir.resolve("data");
        String first;
        try (TestServer server = TestServer.start(data)) {
            first = server.token();
            HttpResponse<String> revoked = server.send("DELETE", "/api/v1/tokens/admin", null);
            assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
            assertThat(server.send("GET", "/api/v1/functions", null).statusCode()).isEqualTo(401);
        }
        try (TestServer server = TestServer.start(data)) {
            String second = read(data.resolve("admin-token"));
            assertThat(second).isNotEqualTo(first);
            assertThat(perms(data.resolve("admin-token"))).isEqualTo("rw-------");
            assertThat(server.send("GET", "/api/v1/functions", null).statusCode()).isEqualTo(200);
            assertThat(server.http().withToken(first).get("/api/v1/functions").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void serversStartedTogether_eachRecordTheirUrlAndToken_inOneOwnerOnlyCliConfiguration() throws Exception {
        Path config = dir.resolve("home/.config/skiff/config.json");
        List<CompletableFuture<TestServer>> starting = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Path data = dir.resolve("data" + i);
            starting.add(CompletableFuture.supplyAsync(() -> TestServer.start(ServerConfig.ephemeral(data)
                    .withAccess(AccessConfig.DEFAULT.withCliConfig(config)))));
        }
        List<TestServer> servers = starting.stream().map(CompletableFuture::join).toList();
        try {
            assertThat(perms(config)).isEqualTo("rw-------");
            assertThat(perms(config.getParent())).isEqualTo("rwx------");
            JsonNode recorded = TestHttpClient.read(Files.readString(config)).get("servers");
            for (TestServer server : servers) {
                String url = "http://127.0.0.1:" + server.server().port();
                assertThat(recorded.path(url).path("token").asText()).as(url).isEqualTo(server.token());
            }
            try (Stream<Path> left = Files.list(config.getParent())) {
                assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("config.json", "config.json.lock");
            }
        } finally {
            for (TestServer server : servers) {
                server.close();
            }
        }
    }
}
