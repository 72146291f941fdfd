package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Links a function planted in its volume (made here directly in the volume's directory, as a
 * function would): the file API reads, writes and lists nothing through them, in or out of the volume.
 */
class VolumeSymlinkIT {
    private static final String SECRET = "aws_secret_access_key=hunter2";

    @RegisterExtension
    static final TestServer server = new TestServer();

    @TempDir
    static Path host;
    private static Path volume;

    @BeforeAll
    static void plantLinks() throws Exception {
        HttpResponse<String> created = server.send("POST", "/api/v1/volumes", "{\"name\": \"planted\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        volume = Path.of(TestServer.read(created.body()).get("path").asText());
        Files.writeString(host.resolve("secret.txt"), SECRET);
        Files.createSymbolicLink(volume.resolve("leak"), host.resolve("secret.txt"));
        Files.createSymbolicLink(volume.resolve("door"), host);
        Files.createSymbolicLink(volume.resolve("passwd"), Path.of("/etc/passwd"));
        Files.writeString(volume.resolve("real.txt"), "inside");
        Files.createSymbolicLink(volume.resolve("alias.txt"), Path.of("real.txt"));
    }

    private static HttpResponse<String> get(String path) {
        return server.send("GET", "/api/v1/volumes/planted/files/" + path, null);
    }

    private static HttpResponse<String> put(String path, String content) {
        return server.send("PUT", "/api/v1/volumes/planted/files/" + path, content, "application/octet-stream");
    }

    /** A volume {@code name} on a directory of the user's own, made for it. */
    private static Path usersVolume(String name) throws Exception {
        Path own = Files.createDirectories(host.resolve(name));
        HttpResponse<String> created = server.send("POST", "/api/v1/volumes",
                "{\"name\": \"" + name + "\", \"path\": \"" + own + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return own;
    }

    private static String refusedNaming(HttpResponse<String> response, String link) {
        assertThat(response.body()).doesNotContain("hunter2").doesNotContain("root:");
        String message = StrictAnswers.invalid(response);
        assertThat(message).contains("'" + link + "'").contains("symbolic link");
        return message;
    }

    @Test
    void read_linkToAHostFile_is400NamingTheLink() {
        refusedNaming(get("leak"), "leak");
        refusedNaming(get("passwd"), "passwd");
    }

    @Test
    void read_throughALinkedDirectory_is400() {
        refusedNaming(get("door/secret.txt"), "door");
        refusedNaming(get("door"), "door");
    }

    @Test
    void write_ontoALinkToAHostFile_is400_andTheFileIsUnchanged() throws Exception {
        refusedNaming(put("leak", "overwritten"), "leak");

        assertThat(host.resolve("secret.txt")).hasContent(SECRET);
        assertThat(Files.isSymbolicLink(volume.resolve("leak"))).isTrue();
    }

    @Test
    void write_throughALinkedDirectory_is400_andNothingIsMadeOutside() throws Exception {
        refusedNaming(put("door/planted.txt", "x"), "door");
        refusedNaming(put("door/sub/planted.txt", "x"), "door");

        assertThat(host.resolve("planted.txt")).doesNotExist();
        assertThat(host.resolve("sub")).doesNotExist();
        try (var entries = Files.list(host)) {
            assertThat(entries.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".skiff-upload"));
        }
    }

    @Test
    void list_showsLinksAsLinks_neitherFollowedNorSized() {
        HttpResponse<String> listed = get("");
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        JsonNode items = TestServer.read(listed.body()).get("items");

        assertThat(items.toString()).contains("{\"path\":\"leak\",\"type\":\"link\",\"size\":0}")
                .contains("{\"path\":\"door\",\"type\":\"link\",\"size\":0}")
                .contains("{\"path\":\"real.txt\",\"type\":\"file\",\"size\":6}")
                .doesNotContain("door/").doesNotContain("secret.txt");
    }

    @Test
    void usersOwnVolume_linkPlantedInIt_isRefusedAlike() throws Exception {
        Path own = usersVolume("own-planted");
        Files.createSymbolicLink(own.resolve("leak"), host.resolve("secret.txt"));

        refusedNaming(server.send("GET", "/api/v1/volumes/own-planted/files/leak", null), "leak");
        refusedNaming(server.send("PUT", "/api/v1/volumes/own-planted/files/leak", "x", "application/octet-stream"), "leak");
        assertThat(host.resolve("secret.txt")).hasContent(SECRET);
    }

    @Test
    void usersOwnVolume_itsDirectoryReplacedByALinkToEtc_isNeitherReadNorWritten() throws Exception {
        Path own = usersVolume("own-swapped");
        Files.delete(own);
        Files.createSymbolicLink(own, Path.of("/etc"));

        HttpResponse<String> read = server.send("GET", "/api/v1/volumes/own-swapped/files/passwd", null);

        assertThat(read.body()).doesNotContain("root:");
        assertThat(StrictAnswers.error(read, 409, "Conflict")).contains("'own-swapped'").contains("symbolic link");
        StrictAnswers.error(server.send("GET", "/api/v1/volumes/own-swapped/files", null), 409, "Conflict");
    }

    @Test
    void linkStayingInside_isRefusedAlike_andItsTargetIsReadByItsOwnName() {
        refusedNaming(get("alias.txt"), "alias.txt");

        HttpResponse<String> real = get("real.txt");
        assertThat(real.statusCode()).isEqualTo(200);
        assertThat(real.body()).isEqualTo("inside");
    }
}
