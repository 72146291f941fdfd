package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Documents;
import dev.skiff.api.Function;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The seed-000 Montage task function through the real server: a volume filled through the API,
 * examples/montage/montage.yaml deployed as it is, and the real mProject run by a job.
 */
class MontageFunctionIT {
    private static final String RUNDIR = "/montage-data/2MASS-J-D1";

    @RegisterExtension
    static final TestServer server = new TestServer();

    @BeforeAll
    static void volumeWithAnImageAndTheFunction() throws Exception {
        assertThat(server.send("POST", "/api/v1/volumes", "{\"name\": \"montage-data\"}").statusCode()).isEqualTo(201);
        Path image = Files.createTempFile("skiff-montage", ".fits");
        Process made = new ProcessBuilder("mMakeImg", TestServer.repoFile("examples/montage/image.hdr").toString(),
                image.toString()).redirectErrorStream(true).start();
        assertThat(made.waitFor()).as(new String(made.getInputStream().readAllBytes())).isZero();
        upload(RUNDIR + "/image.fits", Files.readAllBytes(image));
        upload(RUNDIR + "/region.hdr", Files.readAllBytes(TestServer.repoFile("examples/montage/region.hdr")));
        Files.delete(image);
        String yaml = Files.readString(TestServer.repoFile("examples/montage/montage.yaml"));
        server.deploy(Documents.read(yaml, Function.class));
    }

    private static void upload(String path, byte[] bytes) {
        HttpResponse<String> put = server.send(server.request("/api/v1/volumes/montage-data/files" + path)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
        assertThat(put.statusCode()).as(put.body()).isBetween(200, 201);
    }

    @Test
    void mProjectJob_answersTheSeedRecord_andWritesItsOutputsToTheVolume() throws Exception {
        String job = Files.readString(TestServer.repoFile("examples/montage/mproject-job.json"));

        HttpResponse<String> answer = server.send("POST", "/function/montage", job);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode record = TestServer.read(answer.body());
        List<String> fields = List.of("ID", "runID", "Command", "Arguments", "Inputs", "Outputs", "Start Time",
                "InputIO Time", "Command Time", "OutputIO Time", "End Time", "Hostname", "Execution Output",
                "Execution Error");
        assertThat(record.properties()).extracting(Map.Entry::getKey).containsExactlyElementsOf(fields);
        assertThat(record.get("ID").asText()).isEqualTo("ID0000001");
        assertThat(record.get("Command").asText()).isEqualTo("mProject");
        assertThat(record.get("Execution Output").asText()).contains("stat=\"OK\"");
        Path volume = server.dataDir().resolve("volumes/montage-data" + RUNDIR);
        assertThat(volume.resolve("p-image.fits")).isRegularFile();
        assertThat(volume.resolve("p-image_area.fits")).isRegularFile();
        // The command runtime's worker, like Python's and Node's, is reached on its own Unix socket.
        assertThat(server.instances("montage").get(0).path("socket").asText()).endsWith("/http.sock");
    }

    @Test
    void jobs_outsideTheAllowListOrTheVolume_areRefused() {
        HttpResponse<String> shell = server.send("POST", "/function/montage",
                "{\"J\": {\"name\": \"x\", \"runid\": \"r\", \"rundir\": \"/mnt/data\", \"command\": \"sh\","
                        + " \"arguments\": [\"-c\", \"id\"], \"inputs\": [], \"outputs\": []}}");
        HttpResponse<String> escape = server.send("POST", "/function/montage",
                "{\"J\": {\"name\": \"x\", \"runid\": \"r\", \"rundir\": \"/etc\", \"command\": \"mProject\","
                        + " \"arguments\": [], \"inputs\": [], \"outputs\": []}}");

        assertThat(shell.statusCode()).as(shell.body()).isEqualTo(403);
        assertThat(escape.statusCode()).as(escape.body()).isEqualTo(400);
        assertThat(TestServer.read(escape.body()).get("error").asText()).isNotBlank();
    }
}
