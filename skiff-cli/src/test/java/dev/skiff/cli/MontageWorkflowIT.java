package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skiff.core.workflow.JobSpec;
import dev.skiff.core.workflow.WorkflowDefinition;
import dev.skiff.core.workflow.Workflows;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/montage-workflow through a real server: the 3x3 Montage grid its make-workflow script
 * makes, run by {@code skiff workflow run --wait} on the example's command function, gives the very
 * mosaic the same jobs give run directly; a job whose input is missing is retried, then fails the
 * run, which names it.
 */
class MontageWorkflowIT {
    private static final Path EXAMPLE = repoRoot().resolve("examples/montage-workflow");

    @TempDir
    static Path dir;

    private static SkiffProcess.Server server;
    private static WorkflowDefinition workflow;

    @BeforeAll
    static void start() throws IOException, InterruptedException {
        Path made = dir.resolve("made");
        Process make = new ProcessBuilder("/usr/bin/python3", EXAMPLE.resolve("make-workflow").toString(), "3",
                made.toString()).redirectErrorStream(true).start();
        String said = new String(make.getInputStream().readAllBytes());
        assertThat(make.waitFor()).as(said).isZero();
        workflow = Workflows.parse(Files.readString(made.resolve("workflow.yml")));
        server = SkiffProcess.startServer(dir.resolve("data"), Map.of());
        ok("volume", "create", "montage-data");
        ok("deploy", "-f", EXAMPLE.resolve("montage.yaml").toString());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Path repoRoot() {
        Path here = Path.of("").toAbsolutePath();
        while (here != null && !Files.isDirectory(here.resolve("examples/montage-workflow"))) {
            here = here.getParent();
        }
        assertThat(here).as("the repository holding examples/montage-workflow").isNotNull();
        return here;
    }

    private static SkiffProcess.Result ok(String... args) {
        SkiffProcess.Result result = SkiffProcess.run(server.url(), args);
        assertThat(result.status()).as(result.err()).isZero();
        return result;
    }

    /** A copy of the made data set and workflow in {@code name}, without the files {@code leftOut}. */
    private static Path copyOfTheDataSet(String name, String... leftOut) throws IOException {
        Path copy = Files.createDirectories(dir.resolve(name));
        try (Stream<Path> files = Files.list(dir.resolve("made"))) {
            for (Path file : files.toList()) {
                if (!List.of(leftOut).contains(file.getFileName().toString())) {
                    Files.copy(file, copy.resolve(file.getFileName()));
                }
            }
        }
        return copy;
    }

    private static Path volume(String path) {
        return server.dataDir().resolve("volumes/montage-data").resolve(path);
    }

    @Test
    void theGrid_throughSkiff_makesTheSameMosaicAsItsJobsRunDirectly() throws Exception {
        Path direct = copyOfTheDataSet("direct");
        DirectRun.run(workflow, direct);
        ok("volume", "cp", copyOfTheDataSet("upload").toString(), "montage-data:/grid");

        SkiffProcess.Result run = ok("workflow", "run", direct.resolve("workflow.yml").toString(),
                "--function", "montage-workflow", "--rundir", "/mnt/data/grid", "--name", "montage-3x3",
                "--parallelism", "2", "--wait");

        assertThat(run.out()).contains("montage-3x3").contains("Succeeded").contains(workflow.jobs().size() + "/"
                + workflow.jobs().size());
        assertThat(Files.readAllBytes(volume("grid/mosaic.fits"))).isEqualTo(Files.readAllBytes(direct.resolve("mosaic.fits")));
        assertThat(volume("grid/mosaic.png")).isNotEmptyFile();
        // mDiffFit exits 0 even when it fails; its verdict is in the status file each job declares as its output.
        for (JobSpec job : workflow.jobs()) {
            if (job.transformation().equals("mDiffFit")) {
                assertThat(Files.readString(volume("grid/" + job.outputs().get(0)))).as(job.id()).contains("stat=\"OK\"");
            }
        }
    }

    @Test
    void aJobWhoseInputIsMissing_isRetried_thenFailsTheRun_namingIt() throws Exception {
        JobSpec projection = workflow.jobs().stream().filter(job -> job.inputs().contains("img_2_2.fits")).findFirst()
                .orElseThrow();
        ok("volume", "cp", copyOfTheDataSet("broken", "img_2_2.fits").toString(), "montage-data:/broken");

        SkiffProcess.Result run = SkiffProcess.run(server.url(), "workflow", "run",
                dir.resolve("made/workflow.yml").toString(), "--function", "montage-workflow",
                "--rundir", "/mnt/data/broken", "--name", "montage-broken", "--retries", "1", "--wait");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains(projection.id()).contains("img_2_2.fits").doesNotContain("Exception");
        JsonNode described = described("montage-broken");
        assertThat(described.path("status").path("message").asText()).contains(projection.id()).contains("img_2_2.fits");
        JsonNode job = Stream.of(described.path("jobs")).flatMap(jobs -> jobs.valueStream())
                .filter(j -> j.path("id").asText().equals(projection.id())).findFirst().orElseThrow();
        assertThat(job.path("state").asText()).isEqualTo("failed");
        assertThat(job.path("attempts").asInt()).isEqualTo(2);
        assertThat(job.path("error").path("error").asText()).isEqualTo("MissingInput");
        assertThat(volume("broken/mosaic.fits")).doesNotExist();
    }

    private static JsonNode described(String name) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/workflows/" + name))
                .header("Authorization", "Bearer " + server.token()).GET().build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            return new ObjectMapper().readTree(answer.body());
        }
    }
}
