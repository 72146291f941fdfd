package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
import dev.skiff.api.VolumeMount;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Workflows through the real server: a diamond DAG (a → b, c → d) whose jobs a python function plays
 * on a mounted volume, writing each output from its inputs and leaving a marker file per call; files
 * in the run directory make a job hold until {@code go} exists ({@code hold-ID}) or fail until
 * {@code fixed} exists ({@code fail-ID}).
 */
class WorkflowsIT {
    private static final String JOB = """
            import os, time, uuid
            def handle(req):
                job_id, job = next(iter(req.items()))
                rundir = job['rundir']
                os.makedirs(os.path.join(rundir, 'calls'), exist_ok=True)
                open(os.path.join(rundir, 'calls', job_id + '-' + uuid.uuid4().hex), 'w').close()
                start = time.strftime('%Y-%m-%dT%H:%M:%S')
                if os.path.exists(os.path.join(rundir, 'hold-' + job_id)):
                    deadline = time.time() + 120
                    while not os.path.exists(os.path.join(rundir, 'go')) and time.time() < deadline:
                        time.sleep(0.1)
                if os.path.exists(os.path.join(rundir, 'fail-' + job_id)) and not os.path.exists(os.path.join(rundir, 'fixed')):
                    raise ValueError('job ' + job_id + ' asked to fail')
                text = ''
                for name in job['inputs']:
                    with open(os.path.join(rundir, name)) as f:
                        text += f.read()
                for name in job['outputs']:
                    with open(os.path.join(rundir, name), 'w') as f:
                        f.write(text + job_id + ';')
                return {'ID': job_id, 'runID': job['runid'], 'Start Time': start,
                        'End Time': time.strftime('%Y-%m-%dT%H:%M:%S'), 'Hostname': os.uname().nodename}
            """;
    private static final String DIAMOND = """
            pegasus: "5.0"
            name: diamond
            jobs:
              - {id: a, name: preprocess, arguments: [], uses: [{lfn: f.a, type: output}]}
              - {id: b, name: findrange, arguments: [], uses: [{lfn: f.a, type: input}, {lfn: f.b, type: output}]}
              - {id: c, name: findrange, arguments: [], uses: [{lfn: f.a, type: input}, {lfn: f.c, type: output}]}
              - {id: d, name: analyze, arguments: [], uses: [{lfn: f.b, type: input}, {lfn: f.c, type: input},
                  {lfn: f.d, type: output}]}
            jobDependencies: []
            """;

    @RegisterExtension
    static final TestServer server = new TestServer();

    @BeforeAll
    static void volumeAndFunction() {
        assertThat(server.send("POST", "/api/v1/volumes", "{\"name\": \"data\"}").statusCode()).isEqualTo(201);
        server.deploy(Function.of("jobs", FunctionSpec.builder()
                .runtime("python3")
                .handler("main.handle")
                .source(Source.text("main.py", JOB))
                .volumes(List.of(new VolumeMount("data", "/mnt/data", null)))
                .build()));
    }

    @Test
    void diamond_runsToSucceeded_eachJobOnce_outputsFromItsInputs() throws IOException {
        HttpResponse<String> made = submit("diamond", "run1", 0);
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        JsonNode document = TestServer.read(made.body());
        assertThat(document.at("/kind").asText()).isEqualTo("Workflow");
        assertThat(document.at("/spec/jobs").asInt()).isEqualTo(4);
        assertThat(document.at("/status/counts").size()).isEqualTo(8);

        JsonNode done = awaitState("diamond", "Succeeded");
        List<String> instances = new ArrayList<>();
        TestServer.read(server.send("GET", "/api/v1/functions/jobs/instances", null).body()).get("items")
                .forEach(item -> instances.add(item.get("id").asText()));

        assertThat(done.at("/status/counts/succeeded").asInt()).isEqualTo(4);
        assertThat(done.at("/status/completionTime").isTextual()).isTrue();
        assertThat(done.at("/status/message").isNull()).isTrue();
        List<String> ids = new ArrayList<>();
        for (JsonNode job : done.get("jobs")) {
            ids.add(job.get("id").asText());
            assertThat(job.get("state").asText()).isEqualTo("succeeded");
            assertThat(job.get("attempts").asInt()).isEqualTo(1);
            assertThat(job.get("function").asText()).isEqualTo("jobs");
            assertThat(job.at("/record/ID").asText()).isEqualTo(job.get("id").asText());
            assertThat(job.at("/record/Hostname").isTextual()).isTrue();
            assertThat(job.get("revision").isTextual()).isTrue();
            assertThat(job.get("instance").asText()).as("the instance that served " + job.get("id")).isIn(instances);
            assertThat(job.get("error").isNull()).isTrue();
        }
        assertThat(ids).containsExactly("a", "b", "c", "d");
        assertThat(done.at("/jobs/3/parents").toString()).isEqualTo("[\"b\",\"c\"]");
        assertThat(done.at("/jobs/0/parents").toString()).isEqualTo("[]");
        assertThat(done.at("/jobs/3/inputs").toString()).isEqualTo("[\"f.b\",\"f.c\"]");
        assertThat(done.at("/jobs/3/outputs").toString()).isEqualTo("[\"f.d\"]");
        assertThat(done.at("/jobs/3/arguments").toString()).isEqualTo("[]");
        Path rundir = rundir("run1");
        assertThat(Files.readString(rundir.resolve("f.a"))).isEqualTo("a;");
        assertThat(Files.readString(rundir.resolve("f.d"))).isEqualTo("a;b;a;c;d;");
        assertThat(List.of(calls("run1", "a"), calls("run1", "b"), calls("run1", "c"), calls("run1", "d")))
                .containsOnly(1L);

        assertThat(submit("diamond-later", "run1b", 0).statusCode()).isEqualTo(201);
        List<String> names = new ArrayList<>();
        TestServer.read(server.send("GET", "/api/v1/workflows", null).body()).get("items")
                .forEach(item -> names.add(item.at("/metadata/name").asText()));
        assertThat(names.indexOf("diamond-later")).isGreaterThanOrEqualTo(0).isLessThan(names.indexOf("diamond"));
    }

    @Test
    void failingJob_isRetried_thenFailsTheWorkflow_andRetryRunsOnlyWhatDidNotSucceed() throws IOException {
        put("run2/fail-c");

        assertThat(submit("failing", "run2", 1).statusCode()).isEqualTo(201);
        JsonNode failed = awaitState("failing", "Failed");

        assertThat(job(failed, "c").get("state").asText()).isEqualTo("failed");
        assertThat(job(failed, "c").get("attempts").asInt()).isEqualTo(2);
        assertThat(job(failed, "c").at("/error/status").asInt()).isEqualTo(500);
        assertThat(job(failed, "d").get("state").asText()).isEqualTo("unreachable");
        assertThat(job(failed, "b").get("state").asText()).isEqualTo("succeeded");
        assertThat(failed.at("/status/message").asText()).contains("job c").contains("jobs");
        assertThat(server.send("POST", "/api/v1/workflows/failing/cancel", null).statusCode()).isEqualTo(409);

        put("run2/fixed");
        HttpResponse<String> retried = server.send("POST", "/api/v1/workflows/failing/retry", null);
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        assertThat(TestServer.read(retried.body()).at("/status/state").asText()).isEqualTo("Running");
        awaitState("failing", "Succeeded");

        assertThat(calls("run2", "a")).isEqualTo(1);
        assertThat(calls("run2", "b")).isEqualTo(1);
        assertThat(calls("run2", "c")).isEqualTo(3);
        assertThat(calls("run2", "d")).isEqualTo(1);
        assertThat(server.send("POST", "/api/v1/workflows/failing/retry", null).statusCode()).isEqualTo(409);
    }

    @Test
    void cancel_whileAJobRuns_letsItFinish_andStartsNothingElse() throws IOException {
        put("run3/hold-a");
        assertThat(submit("cancelled", "run3", 0).statusCode()).isEqualTo(201);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> calls("run3", "a") == 1);

        HttpResponse<String> cancel = server.send("POST", "/api/v1/workflows/cancelled/cancel", null);
        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(200);
        put("run3/go");
        JsonNode done = awaitState("cancelled", "Cancelled");

        assertThat(job(done, "a").get("state").asText()).isEqualTo("succeeded");
        for (String id : List.of("b", "c", "d")) {
            assertThat(job(done, id).get("state").asText()).isEqualTo("cancelled");
            assertThat(calls("run3", id)).isZero();
        }
    }

    @Test
    void restart_midWorkflow_resumesIt_withoutRunningFinishedJobsAgain() throws IOException {
        put("run4/hold-b");
        assertThat(submit("resumed", "run4", 0).statusCode()).isEqualTo(201);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> calls("run4", "b") == 1);

        server.restart();
        put("run4/go");
        JsonNode done = awaitState("resumed", "Succeeded");

        assertThat(calls("run4", "a")).isEqualTo(1);
        assertThat(calls("run4", "b")).isGreaterThanOrEqualTo(1);
        assertThat(Files.readString(rundir("run4").resolve("f.d"))).isEqualTo("a;b;a;c;d;");
        assertThat(job(done, "a").at("/record/ID").asText()).isEqualTo("a");
    }

    @Test
    void badSubmissions_areRefusedNamingWhatIsWrong_andNothingIsStored() {
        HttpResponse<String> unmapped = server.send("POST", "/api/v1/workflows", body("bad-1", DIAMOND, "run5", 0, null, true));
        assertThat(unmapped.statusCode()).isEqualTo(400);
        assertThat(unmapped.body()).contains("preprocess");

        HttpResponse<String> missing = server.send("POST", "/api/v1/workflows", body("bad-2", DIAMOND, "run5", 0, "nothere", false));
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("nothere");

        HttpResponse<String> yaml = server.send("POST", "/api/v1/workflows", body("bad-3", "jobs: [ {id: a", "run5", 0, null, false));
        assertThat(yaml.statusCode()).isEqualTo(400);

        HttpResponse<String> relative = server.send("POST", "/api/v1/workflows",
                body("bad-4", DIAMOND, "run5", 0, null, false).replace("/mnt/data/run5", "run5"));
        assertThat(relative.statusCode()).isEqualTo(400);
        assertThat(relative.body()).contains("rundir");

        assertThat(server.send("GET", "/api/v1/workflows/bad-1", null).statusCode()).isEqualTo(404);
        assertThat(submit("twice", "run6", 0).statusCode()).isEqualTo(201);
        assertThat(submit("twice", "run6", 0).statusCode()).isEqualTo(409);
    }

    @Test
    void tokenOfAnotherNamespace_isForbidden() {
        assertThat(server.send("POST", "/api/v1/namespaces", "{\"metadata\": {\"name\": \"team-w\"}}").statusCode()).isEqualTo(201);
        HttpResponse<String> made = server.send("POST", "/api/v1/tokens",
                "{\"name\": \"dev-w\", \"role\": \"developer\", \"namespaces\": [\"team-w\"]}");
        String token = TestServer.read(made.body()).get("token").asText();

        HttpResponse<String> other = server.send(server.request("/api/v1/namespaces/default/workflows")
                .setHeader("Authorization", "Bearer " + token).GET().build());
        HttpResponse<String> own = server.send(server.request("/api/v1/namespaces/team-w/workflows")
                .setHeader("Authorization", "Bearer " + token).GET().build());

        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
    }

    @Test
    void aNamespaceHoldingAWorkflow_isDeletedOnlyWhenForced_andARecreatedOneSeesNoneOfIt() {
        namespaceWithJobs("team-d");
        HttpResponse<String> hold = server.send("PUT", "/api/v1/namespaces/team-d/volumes/data/files/run7/hold-a", "",
                "application/octet-stream");
        assertThat(hold.statusCode()).as(hold.body()).isBetween(200, 201);
        HttpResponse<String> made = server.send("POST", "/api/v1/namespaces/team-d/workflows",
                body("held", DIAMOND, "run7", 0, "jobs", false));
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);

        HttpResponse<String> refused = server.send("DELETE", "/api/v1/namespaces/team-d", null);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("workflow held");
        assertThat(server.send("DELETE", "/api/v1/namespaces/team-d?force=true", null).statusCode()).isEqualTo(200);

        assertThat(server.send("POST", "/api/v1/namespaces", "{\"metadata\": {\"name\": \"team-d\"}}").statusCode()).isEqualTo(201);
        assertThat(TestServer.read(server.send("GET", "/api/v1/namespaces/team-d/workflows", null).body()).get("items")).isEmpty();
        assertThat(server.send("GET", "/api/v1/namespaces/team-d/workflows/held", null).statusCode()).isEqualTo(404);
    }

    @Test
    void metrics_showWorkflowsRunning_jobsByState_andJobDurationsByTransformation() {
        namespaceWithJobs("team-m");
        HttpResponse<String> made = server.send("POST", "/api/v1/namespaces/team-m/workflows",
                body("measured", DIAMOND, "run8", 0, "jobs", false));
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> TestServer.read(server.send("GET",
                "/api/v1/namespaces/team-m/workflows/measured", null).body()).at("/status/state").asText().equals("Succeeded"));

        String metrics = server.send("GET", "/metrics", null).body();

        assertThat(metrics).contains("skiff_workflows_running{namespace=\"team-m\"} 0\n")
                .contains("skiff_workflow_jobs{namespace=\"team-m\",state=\"succeeded\"} 4\n")
                .contains("skiff_workflow_jobs{namespace=\"team-m\",state=\"failed\"} 0\n")
                .contains("skiff_workflow_job_duration_seconds_count{namespace=\"team-m\",transformation=\"preprocess\"} 1\n")
                .contains("skiff_workflow_job_duration_seconds_count{namespace=\"team-m\",transformation=\"findrange\"} 2\n")
                .contains("skiff_workflow_job_duration_seconds_bucket{namespace=\"team-m\",transformation=\"analyze\",le=\"+Inf\"} 1\n");
    }

    /** Makes {@code namespace} with a volume {@code data} and the job function {@code jobs} mounting it. */
    private static void namespaceWithJobs(String namespace) {
        assertThat(server.send("POST", "/api/v1/namespaces", "{\"metadata\": {\"name\": \"" + namespace + "\"}}").statusCode())
                .isEqualTo(201);
        assertThat(server.send("POST", "/api/v1/namespaces/" + namespace + "/volumes", "{\"name\": \"data\"}").statusCode())
                .isEqualTo(201);
        HttpResponse<String> deployed = server.send("POST", "/api/v1/namespaces/" + namespace + "/functions", TestServer.json(
                Function.of("jobs", FunctionSpec.builder().runtime("python3").handler("main.handle")
                        .source(Source.text("main.py", JOB)).volumes(List.of(new VolumeMount("data", "/mnt/data", null))).build())));
        assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(201);
    }

    private static HttpResponse<String> submit(String name, String run, int retries) {
        return server.send("POST", "/api/v1/workflows", body(name, DIAMOND, run, retries, "jobs", false));
    }

    private static String body(String name, String workflow, String run, int retries, String function, boolean noFunction) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putObject("metadata").put("name", name);
        ObjectNode spec = body.putObject("spec");
        spec.put("workflow", workflow);
        if (!noFunction) {
            spec.put("function", function == null ? "jobs" : function);
        }
        spec.put("rundir", "/mnt/data/" + run);
        spec.put("retries", retries);
        return body.toString();
    }

    private static JsonNode awaitState(String name, String state) {
        Awaitility.await().atMost(Duration.ofSeconds(120)).until(() ->
                TestServer.read(server.send("GET", "/api/v1/workflows/" + name, null).body()).at("/status/state").asText()
                        .equals(state));
        return TestServer.read(server.send("GET", "/api/v1/workflows/" + name, null).body());
    }

    private static JsonNode job(JsonNode workflow, String id) {
        for (JsonNode job : workflow.get("jobs")) {
            if (job.get("id").asText().equals(id)) {
                return job;
            }
        }
        throw new AssertionError("no job " + id);
    }

    private static void put(String path) {
        HttpResponse<String> put = server.send("PUT", "/api/v1/volumes/data/files/" + path, "", "application/octet-stream");
        assertThat(put.statusCode()).as(put.body()).isBetween(200, 201);
    }

    private static Path rundir(String run) {
        return server.dataDir().resolve("volumes/data/" + run);
    }

    private static long calls(String run, String id) throws IOException {
        Path dir = rundir(run).resolve("calls");
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(id + "-")).count();
        }
    }
}
