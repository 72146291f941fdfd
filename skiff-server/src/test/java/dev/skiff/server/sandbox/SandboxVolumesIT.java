package dev.skiff.server.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Function;
import dev.skiff.api.VolumeMount;
import dev.skiff.testkit.server.ServerHarness;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a sandboxed function, an unprivileged user (65532), can do with its volumes: write into one
 * it mounts writable, and read, overwrite and delete what the file API put there (its files are
 * given to the sandbox's user); and a user's own directory the sandbox's user could not use is
 * refused when it is named, saying which uid needs what and how to give it.
 */
class SandboxVolumesIT {
    private static final int SANDBOX_UID = 65532;
    private static final String KEEPER = "keeper";

    @RegisterExtension
    static final SandboxServer server = new SandboxServer();

    @BeforeAll
    static void deploy() {
        server.send("POST", "/api/v1/volumes", "{\"name\": \"scratch\"}");
        server.deploy(Function.of(KEEPER, Hostile.spec().volumes(List.of(new VolumeMount("scratch", "/mnt/scratch", null))).build()));
    }

    private static JsonNode probe(String probe, Object... args) {
        return Hostile.probe(server, KEEPER, probe, args);
    }

    private static HttpResponse<String> download(String path) {
        return server.send("GET", "/api/v1/volumes/scratch/files/" + path, null);
    }

    private static int owner(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:uid");
    }

    private static String message(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        return ServerHarness.read(answer.body()).get("message").asText();
    }

    @Test
    void volumeMountedWritable_takesTheFunctionsFile_andTheFileApiReadsItBack() throws IOException {
        assertThat(probe("write", "path", "/mnt/scratch/out.txt", "text", "from inside").get("outcome").asText()).isEqualTo("ok");

        assertThat(download("out.txt").body()).isEqualTo("from inside");
        assertThat(owner(server.dataDir().resolve("volumes/scratch/out.txt"))).isEqualTo(SANDBOX_UID);
    }

    @Test
    void uploadedFile_isReadOverwrittenAndDeletedByTheFunction() throws IOException {
        HttpResponse<String> upload = server.send("PUT", "/api/v1/volumes/scratch/files/in/x.txt", "uploaded",
                "application/octet-stream");
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
        Path uploaded = server.dataDir().resolve("volumes/scratch/in/x.txt");
        assertThat(owner(uploaded)).isEqualTo(SANDBOX_UID);
        assertThat(owner(uploaded.getParent())).isEqualTo(SANDBOX_UID);

        assertThat(probe("read", "path", "/mnt/scratch/in/x.txt").get("head").asText()).isEqualTo("uploaded");
        assertThat(probe("write", "path", "/mnt/scratch/in/x.txt", "text", "overwritten").get("outcome").asText()).isEqualTo("ok");
        assertThat(download("in/x.txt").body()).isEqualTo("overwritten");
        assertThat(probe("delete", "path", "/mnt/scratch/in/x.txt").get("outcome").asText()).isEqualTo("ok");
        assertThat(download("in/x.txt").statusCode()).isEqualTo(404);
    }

    @Test
    void usersOwnDirectory_privateToRoot_isRefusedAtCreate_namingTheUidAndTheFix(@TempDir Path parent) throws IOException {
        Path own = Files.createDirectory(parent.resolve("private"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));

        String message = message(server.send("POST", "/api/v1/volumes",
                "{\"name\": \"private\", \"path\": \"" + own + "\"}"));

        assertThat(message).startsWith("path: ").contains("uid " + SANDBOX_UID, "mode 0700",
                "chown " + SANDBOX_UID + ":" + SANDBOX_UID, "chmod o+rx");
        assertThat(server.send("GET", "/api/v1/volumes/private", null).statusCode()).isEqualTo(404);
    }

    @Test
    void usersOwnDirectory_readableButNotWritable_isRefusedWhenMountedWritable_andTakenReadOnly(@TempDir Path parent)
            throws IOException {
        Path own = Files.createDirectory(parent.resolve("shared"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.writeString(own.resolve("note.txt"), "root's note");
        HttpResponse<String> created = server.send("POST", "/api/v1/volumes", "{\"name\": \"shared\", \"path\": \"" + own + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        String message = message(server.send("POST", "/api/v1/functions", ServerHarness.json(Function.of("writer",
                Hostile.spec().volumes(List.of(new VolumeMount("shared", "/mnt/shared", null))).build()))));
        server.deploy(Function.of("reader", Hostile.spec().volumes(List.of(new VolumeMount("shared", "/mnt/shared", true))).build()));

        assertThat(message).contains("spec.volumes[0].name", "uid " + SANDBOX_UID, "write in", "chown " + SANDBOX_UID,
                "chmod o+rxw", "readOnly");
        assertThat(server.send("GET", "/api/v1/functions/writer", null).statusCode()).isEqualTo(404);
        assertThat(Hostile.probe(server, "reader", "read", "path", "/mnt/shared/note.txt").get("head").asText())
                .isEqualTo("root's note");
    }
}
