package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Documents;
import dev.skiff.testkit.schema.WfFormatSchema;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skiff workflow} against a real server: a Pegasus diamond run with {@code --wait} through a
 * function on a volume, then listed, described, drawn and exported; a failing job fails the run and the command.
 */
class CliWorkflowIT {
    @TempDir
    static Path dir;

    private static SkiffProcess.Server server;

    /** A job runner: writes each output from its inputs, fails a job whose id has a fail- file. */
    private static final String RUNNER = """
            import os, time
            def handle(req):
                job_id, job = next(iter(req.items()))
                print('working on ' + job_id, flush=True)
                rundir = job['rundir']
                if os.path.exists(os.path.join(rundir, 'fail-' + job_id)):
                    raise ValueError('job ' + job_id + ' asked to fail')
                text = ''
                for name in job['inputs']:
                    path = os.path.join(rundir, name)
                    if os.path.exists(path):
                        with open(path) as f:
                            text += f.read()
                for name in job['outputs']:
                    with open(os.path.join(rundir, name), 'w') as f:
                        f.write(text + job_id + ';')
                now = time.strftime('%Y-%m-%dT%H:%M:%S')
                return {'ID': job_id, 'Start Time': now, 'End Time': now, 'Hostname': os.uname().nodename}
            """;

    @BeforeAll
    static void start() throws IOException {
        server = SkiffProcess.startServer(dir.resolve("data"), Map.of());
        Path code = Files.writeString(dir.resolve("runner.py"), RUNNER);
        ok("volume", "create", "shared");
        ok("deploy", "runner", "--runtime", "python3", "--handler", "runner.handle", "--from-file", code.toString(),
                "--volume", "shared:/mnt/data");
        try (var in = CliWorkflowIT.class.getResourceAsStream("diamond.yml")) {
            Files.write(dir.resolve("diamond.yml"), in.readAllBytes());
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static SkiffProcess.Result ok(String... args) {
        SkiffProcess.Result result = SkiffProcess.run(server.url(), args);
        assertThat(result.status()).as(result.err()).isZero();
        return result;
    }

    @Test
    void aDiamond_runsToSucceeded_withWait_andIsListedDescribedDrawnAndExported() throws Exception {
        ok("volume", "cp", Files.writeString(dir.resolve("f.a"), "a;").toString(), "shared:/run1/f.a");
        SkiffProcess.Result run = ok("workflow", "run", dir.resolve("diamond.yml").toString(), "--function", "runner",
                "--rundir", "/mnt/data/run1", "--name", "diamond-1", "--parallelism", "2", "--wait");

        assertThat(run.out()).contains("diamond-1").contains("Succeeded");
        assertThat(Files.readString(server.dataDir().resolve("volumes/shared/run1/f.d")))
                .contains("ID0000001").contains("ID0000002").contains("ID0000003").endsWith("ID0000004;");
        assertThat(ok("workflow", "list").out()).contains("diamond-1").contains("Succeeded");
        assertThat(ok("workflow", "list", "-o", "json").out()).contains("\"items\"").contains("diamond-1");
        String described = ok("workflow", "describe", "diamond-1").out();
        assertThat(described).contains("ID0000004").contains("analyze").contains("runner");

        String svg = ok("workflow", "gantt", "diamond-1").out();
        DocumentBuilderFactory xml = DocumentBuilderFactory.newInstance();
        xml.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        xml.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(svg.split("<rect class=\"job", -1)).hasSize(5);
        assertThat(svg).contains("diamond-1 (Succeeded)");

        JsonNode instance = Documents.json().readTree(ok("workflow", "export", "diamond-1", "--format", "wfcommons").out());
        assertThat(WfFormatSchema.errors(instance)).isEmpty();
        JsonNode tasks = instance.at("/workflow/specification/tasks");
        assertThat(tasks).hasSize(4);
        assertThat(tasks.get(0).get("parents")).isEmpty();
        assertThat(tasks.get(1).get("parents").toString()).isEqualTo("[\"ID0000001\"]");
        assertThat(tasks.get(3).get("parents").toString()).isEqualTo("[\"ID0000002\",\"ID0000003\"]");
        assertThat(tasks.get(0).get("children").toString()).isEqualTo("[\"ID0000002\",\"ID0000003\"]");
        assertThat(instance.at("/workflow/execution/tasks")).hasSize(4);

        String csv = ok("workflow", "export", "diamond-1", "--format", "csv").out();
        assertThat(csv.split("\r\n")).hasSize(5);
        assertThat(csv).startsWith("id,transformation,").contains(",Hostname");
    }

    @Test
    void aWfFormatInstance_runsAsItsTasksSay() throws IOException {
        Path trace = dir.resolve("diamond-wfformat.json");
        try (var in = CliWorkflowIT.class.getResourceAsStream("diamond-wfformat.json")) {
            Files.write(trace, in.readAllBytes());
        }
        ok("volume", "cp", Files.writeString(dir.resolve("f.a"), "a;").toString(), "shared:/wf/f.a");

        SkiffProcess.Result run = ok("workflow", "run", trace.toString(), "--function", "runner",
                "--rundir", "/mnt/data/wf", "--name", "diamond-wf", "--wait");

        assertThat(run.out()).contains("diamond-wf").contains("Succeeded").contains("4/4");
        assertThat(Files.readString(server.dataDir().resolve("volumes/shared/wf/f.d")))
                .contains("t1;").contains("t2;").contains("t3;").endsWith("t4;");
        assertThat(ok("workflow", "describe", "diamond-wf").out()).contains("findrange").contains("analyze");
    }

    @Test
    void reportsOfAnUnknownWorkflow_sayItIsNotFound() {
        SkiffProcess.Result result = SkiffProcess.run(server.url(), "workflow", "gantt", "no-such-workflow");

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: no workflow 'no-such-workflow' in namespace default\n");
    }

    @Test
    void aFailingJob_failsTheRun_andTheWaitingCommand() throws IOException {
        ok("volume", "cp", Files.writeString(dir.resolve("f.a"), "a;").toString(), "shared:/run2/f.a");
        ok("volume", "cp", Files.writeString(dir.resolve("fail-ID0000003"), "").toString(), "shared:/run2/fail-ID0000003");
        SkiffProcess.Result run = SkiffProcess.run(server.url(), "workflow", "run", dir.resolve("diamond.yml").toString(),
                "--function", "runner", "--rundir", "/mnt/data/run2", "--name", "diamond-2", "--wait");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("ID0000003").doesNotContain("Exception");
        assertThat(ok("workflow", "describe", "diamond-2").out()).contains("unreachable");
    }

    @Test
    void workflowLogs_showsEachJobsLines_underItsId_inStartOrder_andOneJobsAlone() throws IOException {
        ok("volume", "cp", Files.writeString(dir.resolve("f.a"), "a;").toString(), "shared:/run3/f.a");
        ok("workflow", "run", dir.resolve("diamond.yml").toString(), "--function", "runner",
                "--rundir", "/mnt/data/run3", "--name", "diamond-3", "--parallelism", "1", "--wait");

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ok("workflow", "logs", "diamond-3").out())
                .contains("ID0000001 | working on ID0000001").contains("ID0000004 | working on ID0000004")
                .doesNotContain("no record of activation"));
        String all = ok("workflow", "logs", "diamond-3").out();
        assertThat(all.indexOf("ID0000001 | working on ID0000001")).isLessThan(all.indexOf("ID0000004 | working on ID0000004"));
        assertThat(ok("workflow", "logs", "diamond-3", "ID0000002").out()).contains("working on ID0000002")
                .doesNotContain("ID0000002 |");
        assertThat(ok("workflow", "describe", "diamond-3", "-o", "json").out()).contains("\"activation\"");
    }

    @Test
    void workflowLogs_ofAJobThatNeverRan_orNoSuchJob_saysSo() throws IOException {
        ok("volume", "cp", Files.writeString(dir.resolve("f.a"), "a;").toString(), "shared:/run4/f.a");
        ok("volume", "cp", Files.writeString(dir.resolve("fail-ID0000001"), "").toString(), "shared:/run4/fail-ID0000001");
        SkiffProcess.run(server.url(), "workflow", "run", dir.resolve("diamond.yml").toString(), "--function", "runner",
                "--rundir", "/mnt/data/run4", "--name", "diamond-4", "--retries", "0", "--wait");

        SkiffProcess.Result never = SkiffProcess.run(server.url(), "workflow", "logs", "diamond-4", "ID0000004");
        assertThat(never.status()).isEqualTo(1);
        assertThat(never.err()).contains("ID0000004").contains("has no activation");
        SkiffProcess.Result missing = SkiffProcess.run(server.url(), "workflow", "logs", "diamond-4", "nope");
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err()).contains("has no job \"nope\"");
    }
}
