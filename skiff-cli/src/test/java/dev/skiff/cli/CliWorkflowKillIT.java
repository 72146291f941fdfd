package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server SIGKILLed in the middle of a workflow, then started again on its data directory: the
 * workflow resumes to Succeeded, no job that had succeeded runs again or changes, and the outputs are
 * those of an uninterrupted run.
 */
class CliWorkflowKillIT {
    private static final int JOBS = 6;
    /** Each job appends its id to its count file, waits while its hold file has no go, and writes its output from its input. */
    private static final String RUNNER = """
            import os, time
            def handle(req):
                job_id, job = next(iter(req.items()))
                rundir = job['rundir']
                with open(os.path.join(rundir, 'count-' + job_id), 'a') as f:
                    f.write(job_id + '\\n')
                if os.path.exists(os.path.join(rundir, 'hold-' + job_id)):
                    while not os.path.exists(os.path.join(rundir, 'go')):
                        time.sleep(0.1)
                time.sleep(0.2)
                text = ''
                for name in job['inputs']:
                    with open(os.path.join(rundir, name)) as f:
                        text += f.read()
                for name in job['outputs']:
                    with open(os.path.join(rundir, name), 'w') as f:
                        f.write(text + job_id + ';')
                now = time.strftime('%Y-%m-%dT%H:%M:%S')
                return {'ID': job_id, 'Start Time': now, 'End Time': now, 'Hostname': os.uname().nodename}
            """;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private SkiffProcess.Server server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void sigkillMidChain_thenRestart_resumesToSucceeded_finishedJobsRanOnce_andOutputsAsUninterrupted() throws IOException {
        Path data = dir.resolve("data");
        server = SkiffProcess.startServer(data, Map.of());
        Path code = Files.writeString(dir.resolve("runner.py"), RUNNER);
        Path chain = Files.writeString(dir.resolve("chain.yml"), chain());
        ok("volume", "create", "shared");
        ok("deploy", "runner", "--runtime", "python3", "--handler", "runner.handle", "--from-file", code.toString(),
                "--volume", "shared:/mnt/data");
        ok("volume", "cp", Files.writeString(dir.resolve("hold"), "").toString(), "shared:/killed/hold-j4");
        ok("workflow", "run", chain.toString(), "--function", "runner", "--rundir", "/mnt/data/killed", "--name", "killed");
        Path killed = data.resolve("volumes/shared/killed");
        Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> Files.exists(killed.resolve("count-j4"))
                && state(describe("killed"), "j3").equals("succeeded"));
        JsonNode before = describe("killed");
        Map<String, JsonNode> finished = new HashMap<>();
        for (String id : List.of("j1", "j2", "j3")) {
            finished.put(id, job(before, id));
        }
        assertThat(state(before, "j4")).isEqualTo("running");

        server.close(); // SIGKILL (Process.destroyForcibly) of the server and its instances
        server = SkiffProcess.startServer(data, Map.of());
        ok("volume", "cp", Files.writeString(dir.resolve("go"), "").toString(), "shared:/killed/go");
        Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> describe("killed").at("/status/state").asText()
                .equals("Succeeded"));
        ok("volume", "cp", Files.writeString(dir.resolve("keep"), "").toString(), "shared:/whole/keep");
        ok("workflow", "run", chain.toString(), "--function", "runner", "--rundir", "/mnt/data/whole", "--name", "whole", "--wait");

        JsonNode after = describe("killed");
        for (String id : List.of("j1", "j2", "j3")) {
            assertThat(Files.readString(killed.resolve("count-" + id))).as("runs of " + id).isEqualTo(id + "\n");
            assertThat(job(after, id)).as("the entry of " + id).isEqualTo(finished.get(id));
        }
        for (String id : List.of("j5", "j6")) {
            assertThat(Files.readString(killed.resolve("count-" + id))).as("runs of " + id).isEqualTo(id + "\n");
        }
        assertThat(Files.readString(killed.resolve("count-j4"))).startsWith("j4\n");
        Path whole = data.resolve("volumes/shared/whole");
        for (int i = 1; i <= JOBS; i++) {
            assertThat(Files.readString(killed.resolve("f" + i))).isEqualTo(Files.readString(whole.resolve("f" + i)));
        }
        assertThat(Files.readString(killed.resolve("f" + JOBS))).isEqualTo("j1;j2;j3;j4;j5;j6;");
    }

    /** A chain j1 → j2 → ... → j6: each job reads its parent's file and writes its own. */
    private static String chain() {
        StringBuilder text = new StringBuilder("pegasus: \"5.0\"\nname: chain\njobs:\n");
        for (int i = 1; i <= JOBS; i++) {
            text.append("  - {type: job, name: step, id: j").append(i).append(", arguments: [], uses: [");
            if (i > 1) {
                text.append("{lfn: f").append(i - 1).append(", type: input}, ");
            }
            text.append("{lfn: f").append(i).append(", type: output}]}\n");
        }
        return text.append("jobDependencies: []\n").toString();
    }

    private JsonNode describe(String name) throws IOException {
        return JSON.readTree(ok("workflow", "describe", name, "-o", "json").out());
    }

    private static JsonNode job(JsonNode workflow, String id) {
        for (JsonNode job : workflow.get("jobs")) {
            if (job.get("id").asText().equals(id)) {
                return job;
            }
        }
        throw new AssertionError("no job " + id);
    }

    private static String state(JsonNode workflow, String id) {
        return job(workflow, id).get("state").asText();
    }

    private SkiffProcess.Result ok(String... args) {
        SkiffProcess.Result result = SkiffProcess.run(server.url(), args);
        assertThat(result.status()).as(result.err()).isZero();
        return result;
    }
}
