package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
import dev.skiff.api.VolumeMount;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Named volumes through the real server: CRUD, files in and out, in-use refusals, and sharing between functions. */
class VolumesIT {
    private static final String WRITER = """
            import os
            def handle(req):
                with open(os.path.join(os.environ['SKIFF_VOLUME_SHARED'], 'note.txt'), 'w') as f:
                    f.write(req['text'])
                return 'written'
            """;
    private static final String READER = """
            import os
            def handle(req):
                with open(os.path.join(os.environ['SKIFF_VOLUME_SHARED'], 'note.txt')) as f:
                    return f.read()
            """;

    @RegisterExtension
    static final TestServer server = new TestServer();

    private static Function python(String name, String source, List<VolumeMount> volumes) {
        return Function.of(name, FunctionSpec.builder()
                .runtime("python3")
                .handler("main.handle")
                .source(Source.text("main.py", source))
                .volumes(volumes)
                .build());
    }

    private static HttpResponse<String> create(String body) {
        return server.send("POST", "/api/v1/volumes", body);
    }

    @Test
    void volume_createListGetDelete() {
        HttpResponse<String> created = create("{\"name\": \"crud\"}");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        Path dir = Path.of(TestServer.read(created.body()).get("path").asText());
        assertThat(dir).isDirectory().startsWith(server.dataDir().resolve("volumes"));
        assertThat(create("{\"name\": \"crud\"}").statusCode()).isEqualTo(409);
        assertThat(create("{\"name\": \"Not_A_Label\"}").statusCode()).isEqualTo(400);
        assertThat(server.send("GET", "/api/v1/volumes", null).body()).contains("\"crud\"");
        assertThat(server.send("GET", "/api/v1/volumes/crud", null).statusCode()).isEqualTo(200);

        assertThat(server.send("DELETE", "/api/v1/volumes/crud", null).statusCode()).isEqualTo(200);

        assertThat(dir).doesNotExist();
        assertThat(server.send("GET", "/api/v1/volumes/crud", null).statusCode()).isEqualTo(404);
    }

    @Test
    void volume_onAUsersDirectory_isLeftInPlaceOnDelete(@TempDir Path own) throws IOException {
        Files.writeString(own.resolve("keep.txt"), "mine");
        // Sandboxed functions run as an unprivileged uid: the directory must be open to it (a temporary one is 0700).
        Files.setPosixFilePermissions(own, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(create("{\"name\": \"users\", \"path\": \"" + own + "\"}").statusCode()).isEqualTo(201);
        assertThat(create("{\"name\": \"nowhere\", \"path\": \"" + own.resolve("missing") + "\"}").statusCode()).isEqualTo(400);

        assertThat(server.send("DELETE", "/api/v1/volumes/users", null).statusCode()).isEqualTo(200);

        assertThat(own.resolve("keep.txt")).hasContent("mine");
    }

    @Test
    void files_uploadDownloadAndList_refusingEscapes() {
        create("{\"name\": \"files\"}");

        HttpResponse<String> put = server.send("PUT", "/api/v1/volumes/files/files/in/a.txt", "hello", "application/octet-stream");
        HttpResponse<String> get = server.send("GET", "/api/v1/volumes/files/files/in/a.txt", null);
        HttpResponse<String> list = server.send("GET", "/api/v1/volumes/files/files", null);

        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        assertThat(get.body()).isEqualTo("hello");
        assertThat(get.headers().firstValue("X-Skiff-Entry-Type")).contains("file");
        JsonNode items = TestServer.read(list.body()).get("items");
        assertThat(items.toString()).contains("{\"path\":\"in\",\"type\":\"directory\",\"size\":0}")
                .contains("{\"path\":\"in/a.txt\",\"type\":\"file\",\"size\":5}");
        assertThat(server.send("PUT", "/api/v1/volumes/files/files/in/..%2F..%2Fescape.txt", "x").statusCode()).isEqualTo(400);
        assertThat(server.send("GET", "/api/v1/volumes/files/files/%2Fetc%2Fpasswd", null).statusCode()).isEqualTo(400);
        assertThat(server.send("GET", "/api/v1/volumes/files/files/missing.txt", null).statusCode()).isEqualTo(404);
    }

    @Test
    void deploy_mountingAnUnknownVolume_is400NamingIt() {
        HttpResponse<String> response = server.send("POST", "/api/v1/functions", TestServer.json(
                python("orphan", READER, List.of(new VolumeMount("no-such-volume", "/mnt/x", null)))));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("no-such-volume");
    }

    @Test
    void volume_writtenByOneFunction_isReadByAnother_andCannotBeDeletedWhileMounted() {
        create("{\"name\": \"shared\"}");
        server.deploy(python("writer", WRITER, List.of(new VolumeMount("shared", "/mnt/shared", null))));
        server.deploy(python("reader", READER, List.of(new VolumeMount("shared", "/srv/shared", true))));

        assertThat(server.send("POST", "/function/writer", "{\"text\": \"from the writer\"}").body()).isEqualTo("written");
        assertThat(server.send("POST", "/function/reader", "{}").body()).isEqualTo("from the writer");

        HttpResponse<String> refused = server.send("DELETE", "/api/v1/volumes/shared", null);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(TestServer.read(refused.body()).get("message").asText()).contains("reader").contains("writer");
        assertThat(server.send("GET", "/api/v1/volumes/shared/files/note.txt", null).body()).isEqualTo("from the writer");

        server.send("DELETE", "/api/v1/functions/writer", null);
        server.send("DELETE", "/api/v1/functions/reader", null);
        assertThat(server.send("DELETE", "/api/v1/volumes/shared", null).statusCode()).isEqualTo(200);
    }
}
