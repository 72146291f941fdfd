package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Documents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code skiff workflow run}: the local checks, the request it sends and how --wait ends, against a scripted server. */
class WorkflowRunTest {
    @TempDir
    Path dir;

    private FakeSkiffServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = FakeSkiffServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void run_noWait_postsTheFileAndOnlyTheOptionsGivenAndPrintsTheName() throws IOException {
        server.answerJson(201, WorkflowSamples.workflow("diamond-x7k2p", "Running", 0, 0, null));

        CliRunner.Result result = CliRunner.run("workflow", "run", WorkflowSamples.diamond().toString(),
                "--function", "runner", "--map", "analyze=analyzer", "--rundir", "/runs/d", "--server", server.url());

        assertThat(result.err()).isEmpty();
        assertThat(result.status()).isZero();
        assertThat(result.out()).isEqualTo("diamond-x7k2p\n");
        FakeSkiffServer.Request request = server.requests().getFirst();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.uri()).isEqualTo("/api/v1/workflows");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        JsonNode sent = Documents.json().readTree(request.text());
        assertThat(sent.path("metadata").isEmpty()).isTrue();
        assertThat(sent.path("spec").properties()).extracting(Map.Entry::getKey)
                .containsExactly("workflow", "function", "map", "rundir");
        assertThat(sent.at("/spec/workflow").asText()).isEqualTo(Files.readString(WorkflowSamples.diamond()));
        assertThat(sent.at("/spec/function").asText()).isEqualTo("runner");
        assertThat(sent.at("/spec/map")).isEqualTo(Documents.json().readTree("{\"analyze\": \"analyzer\"}"));
        assertThat(sent.at("/spec/rundir").asText()).isEqualTo("/runs/d");
    }

    @Test
    void run_everyOption_sendsThemAll() throws IOException {
        server.answerJson(201, WorkflowSamples.workflow("d1", "Running", 0, 0, null));

        CliRunner.Result result = CliRunner.run("workflow", "run", WorkflowSamples.diamond().toString(),
                "--map", "preprocess=pre", "--map", "findrange=range", "--map", "analyze=analyzer", "--rundir", "/runs/d",
                "--name", "d1", "--run-id", "r42", "--parallelism", "3", "--retries", "2", "--server", server.url());

        assertThat(result.status()).isZero();
        JsonNode sent = Documents.json().readTree(server.requests().getFirst().text());
        assertThat(sent.at("/metadata/name").asText()).isEqualTo("d1");
        assertThat(sent.at("/spec/function").isMissingNode()).isTrue();
        assertThat(sent.at("/spec/map")).isEqualTo(Documents.json().readTree(
                "{\"preprocess\": \"pre\", \"findrange\": \"range\", \"analyze\": \"analyzer\"}"));
        assertThat(sent.at("/spec/runId").asText()).isEqualTo("r42");
        assertThat(sent.at("/spec/parallelism").asInt()).isEqualTo(3);
        assertThat(sent.at("/spec/retries").asInt()).isEqualTo(2);
    }

    @Test
    void run_unmappedTransformation_failsLocallyNamingItAndSendsNothing() {
        CliRunner.Result result = CliRunner.run("workflow", "run", WorkflowSamples.diamond().toString(),
                "--map", "preprocess=pre", "--rundir", "/runs/d", "--server", server.url());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: --map: no function runs the transformations 'findrange', 'analyze'; "
                + "give --function FUNCTION for all, or --map TRANSFORMATION=FUNCTION for each\n");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void run_notAWorkflow_failsLocallySayingWhyAndSendsNothing() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.yml"), "name: nothing\nsteps: []\n");

        CliRunner.Result result = CliRunner.run("workflow", "run", file.toString(), "--function", "runner",
                "--rundir", "/runs/d", "--server", server.url());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: " + file + ": workflow: not a Pegasus 5 workflow (no jobs) "
                + "nor a WfFormat instance (no workflow.specification)\n");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void run_wfFormatJson_isCheckedAndSentAsIs() throws IOException {
        String text = """
                {"name": "pair", "schemaVersion": "1.5", "workflow": {"specification": {"tasks": [
                  {"name": "split", "id": "t1", "parents": [], "children": ["t2"]},
                  {"name": "join", "id": "t2", "parents": ["t1"], "children": []}]}}}
                """;
        Path file = Files.writeString(dir.resolve("pair.json"), text);
        server.answerJson(201, WorkflowSamples.workflow("pair-1", "Running", 0, 0, null));

        CliRunner.Result result = CliRunner.run("workflow", "run", file.toString(), "--map", "split=splitter",
                "--map", "join=joiner", "--rundir", "/runs/p", "--server", server.url());

        assertThat(result.status()).isZero();
        assertThat(result.out()).isEqualTo("pair-1\n");
        assertThat(Documents.json().readTree(server.requests().getFirst().text()).at("/spec/workflow").asText())
                .isEqualTo(text);
    }

    @Test
    void run_missingFile_saysSoAndSendsNothing() {
        Path file = dir.resolve("nope.yml");

        CliRunner.Result result = CliRunner.run("workflow", "run", file.toString(), "--function", "runner",
                "--rundir", "/runs/d", "--server", server.url());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: no workflow file " + file + "\n");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void run_waitUntilSucceeded_pollsTheWorkflowAndExits0() {
        server.answerJson(201, WorkflowSamples.workflow("d1", "Running", 0, 0, null))
                .answerJson(200, WorkflowSamples.workflow("d1", "Running", 2, 0, null))
                .answerJson(200, WorkflowSamples.workflow("d1", "Succeeded", 4, 0, null));

        CliRunner.Result result = CliRunner.run("workflow", "run", WorkflowSamples.diamond().toString(),
                "--function", "runner", "--rundir", "/runs/d", "--name", "d1", "--wait", "--server", server.url());

        assertThat(result.status()).isZero();
        assertThat(result.out()).isEqualTo("workflow \"d1\" Succeeded: 4/4 jobs succeeded, 0 failed\n");
        assertThat(result.err()).startsWith("[..........] 0/4 done").contains("[##########] 4/4 done");
        assertThat(server.requests()).extracting(FakeSkiffServer.Request::method).containsExactly("POST", "GET", "GET");
        assertThat(server.requests().get(1).uri()).isEqualTo("/api/v1/workflows/d1");
    }

    @Test
    void run_waitUntilFailed_printsWhichJobFailedAndExits1() {
        String message = "job ID0000002 (findrange) failed after 2 attempts: exit status 3";
        server.answerJson(201, WorkflowSamples.workflow("d1", "Running", 0, 0, null))
                .answerJson(200, WorkflowSamples.workflow("d1", "Running", 1, 0, null))
                .answerJson(200, WorkflowSamples.workflow("d1", "Failed", 1, 1, message));

        CliRunner.Result result = CliRunner.run("workflow", "run", WorkflowSamples.diamond().toString(),
                "--function", "runner", "--rundir", "/runs/d", "--wait", "--server", server.url());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.out()).isEqualTo("workflow \"d1\" Failed: 1/4 jobs succeeded, 1 failed\n");
        assertThat(result.err()).endsWith("error: " + message + "\n");
    }
}
