package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.Documents;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code skiff workflow list, describe, cancel, retry} against a scripted server. */
class WorkflowCommandsTest {
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
    void list_table_showsStateJobsFailedAndAge() {
        server.answerJson(200, "{\"items\": [" + WorkflowSamples.workflow("d2", "Running", 1, 0, null) + ", "
                + WorkflowSamples.workflow("d1", "Failed", 2, 1, "job b failed") + "]}");

        CliRunner.Result result = CliRunner.run("workflow", "list", "--server", server.url());

        assertThat(result.status()).isZero();
        assertThat(result.out()).isEqualTo("""
                NAME   STATE     JOBS   FAILED   AGE
                d2     Running   1/4    0        5m
                d1     Failed    2/4    1        5m
                """);
        assertThat(server.requests().getFirst().method()).isEqualTo("GET");
        assertThat(server.requests().getFirst().uri()).isEqualTo("/api/v1/workflows");
    }

    @Test
    void logs_ofAJobThatWroteNoLines_saysWhereItsOutputIs() {
        server.answerJson(200, WorkflowSamples.withJobs(WorkflowSamples.workflow("d1", "Succeeded", 4, 0, null))
                .replace("\"revision\": \"runner-00001\", \"instance\": \"runner-00001-a\"",
                        "\"revision\": \"runner-00001\", \"instance\": \"runner-00001-a\", \"activation\": \"a1\""));
        server.answerJson(200, "{\"activationId\": \"a1\", \"logs\": []}");

        CliRunner.Result result = CliRunner.run("workflow", "logs", "d1", "ID0000001", "--server", server.url());

        assertThat(result.status()).isZero();
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("job \"ID0000001\" wrote no log lines").contains("skiff workflow describe d1 -o json");
    }

    @Test
    void list_inANamespace_asksThatNamespace() {
        server.answerJson(200, "{\"items\": []}");

        CliRunner.Result result = CliRunner.run("workflow", "list", "-n", "lab", "--server", server.url());

        assertThat(result.status()).isZero();
        assertThat(result.err()).contains("No workflows yet");
        assertThat(server.requests().getFirst().uri()).isEqualTo("/api/v1/namespaces/lab/workflows");
    }

    @Test
    void list_json_printsTheServersDocumentAsIs() throws IOException {
        String answer = "{\"items\": [" + WorkflowSamples.workflow("d1", "Running", 1, 0, null) + "]}";
        server.answerJson(200, answer);

        CliRunner.Result result = CliRunner.run("workflow", "list", "-o", "json", "--server", server.url());

        assertThat(result.status()).isZero();
        assertThat(Documents.json().readTree(result.out())).isEqualTo(Documents.json().readTree(answer));
    }

    @Test
    void describe_table_printsTheBlockThenTheJobs() {
        server.answerJson(200, WorkflowSamples.withJobs(WorkflowSamples.workflow("d1", "Failed", 1, 1, "job ID0000002 failed: exit 3")));

        CliRunner.Result result = CliRunner.run("workflow", "describe", "d1", "--server", server.url());

        assertThat(result.status()).isZero();
        assertThat(server.requests().getFirst().uri()).isEqualTo("/api/v1/workflows/d1");
        assertThat(result.out()).isEqualTo("""
                Name:        d1
                Namespace:   default
                State:       Failed
                Function:    runner
                Map:         analyze=analyzer
                Rundir:      /runs/d
                Run id:      -
                Parallelism: 2
                Retries:     1
                Started:     2026-11-22T07:55:01Z
                Finished:    2026-11-22T07:59:00Z
                Message:     job ID0000002 failed: exit 3
                Jobs:        4: 2 waiting, 1 succeeded, 1 failed

                ID          TRANSFORMATION   FUNCTION   STATE       ATTEMPTS   DURATION   INSTANCE
                ID0000001   preprocess       runner     succeeded   1          1m05s      runner-00001-a
                ID0000002   findrange        runner     failed      2          12s        runner-00001-b
                ID0000003   findrange        runner     waiting     0          -          -
                """);
    }

    @Test
    void describe_json_printsTheServersDocumentAsIs() throws IOException {
        String answer = WorkflowSamples.withJobs(WorkflowSamples.workflow("d1", "Running", 1, 0, null));
        server.answerJson(200, answer);

        CliRunner.Result result = CliRunner.run("workflow", "describe", "d1", "-o", "json", "--server", server.url());

        assertThat(result.status()).isZero();
        assertThat(Documents.json().readTree(result.out())).isEqualTo(Documents.json().readTree(answer));
    }

    @Test
    void describe_unknownWorkflow_printsTheServersMessageAndExits1() {
        server.answerJson(404, "{\"error\": \"NotFound\", \"message\": \"workflow 'nope' not found\"}");

        CliRunner.Result result = CliRunner.run("workflow", "describe", "nope", "--server", server.url());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("error: workflow 'nope' not found\n");
    }

    @Test
    void cancel_running_postsCancelAndSaysSo() {
        server.answerJson(200, WorkflowSamples.workflow("d1", "Cancelled", 1, 0, null));

        CliRunner.Result result = CliRunner.run("workflow", "cancel", "d1", "--server", server.url());

        assertThat(result.status()).isZero();
        assertThat(result.out()).isEqualTo("workflow \"d1\" cancelled\n");
        assertThat(server.requests().getFirst().method()).isEqualTo("POST");
        assertThat(server.requests().getFirst().uri()).isEqualTo("/api/v1/workflows/d1/cancel");
    }

    @Test
    void cancel_alreadyEnded_printsThe409sMessageAndExits1() {
        server.answerJson(409, "{\"error\": \"Conflict\", \"message\": \"workflow 'd1' has already succeeded\"}");

        CliRunner.Result result = CliRunner.run("workflow", "cancel", "d1", "--server", server.url());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("error: workflow 'd1' has already succeeded\n");
    }

    @Test
    void retry_failed_postsRetryAndSaysSo() {
        server.answerJson(200, WorkflowSamples.workflow("d1", "Running", 1, 0, null));

        CliRunner.Result result = CliRunner.run("workflow", "retry", "d1", "--server", server.url());

        assertThat(result.status()).isZero();
        assertThat(result.out()).isEqualTo("workflow \"d1\" running again\n");
        assertThat(server.requests().getFirst().method()).isEqualTo("POST");
        assertThat(server.requests().getFirst().uri()).isEqualTo("/api/v1/workflows/d1/retry");
    }

    @Test
    void retry_wait_waitsUntilTheWorkflowEnds() {
        server.answerJson(200, WorkflowSamples.workflow("d1", "Running", 1, 0, null))
                .answerJson(200, WorkflowSamples.workflow("d1", "Succeeded", 4, 0, null));

        CliRunner.Result result = CliRunner.run("workflow", "retry", "d1", "--wait", "--server", server.url());

        assertThat(result.status()).isZero();
        assertThat(result.out()).isEqualTo("workflow \"d1\" running again\n"
                + "workflow \"d1\" Succeeded: 4/4 jobs succeeded, 0 failed\n");
        assertThat(server.requests()).extracting(FakeSkiffServer.Request::uri)
                .containsExactly("/api/v1/workflows/d1/retry", "/api/v1/workflows/d1");
    }

    @Test
    void retry_waitEndsCancelled_exits1SayingSo() {
        server.answerJson(200, WorkflowSamples.workflow("d1", "Running", 1, 0, null))
                .answerJson(200, WorkflowSamples.workflow("d1", "Cancelled", 1, 0, null));

        CliRunner.Result result = CliRunner.run("workflow", "retry", "d1", "--wait", "--server", server.url());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.out()).endsWith("workflow \"d1\" Cancelled: 1/4 jobs succeeded, 0 failed\n");
        assertThat(result.err()).endsWith("error: workflow \"d1\" was cancelled\n");
    }
}
