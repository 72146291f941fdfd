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
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** {@code skiff workflow gantt} and {@code export} against a scripted server. */
class WorkflowReportCommandsTest {
    private FakeSkiffServer server;

    @TempDir
    Path dir;

    @BeforeEach
    void startServer() throws IOException {
        server = FakeSkiffServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void gantt_drawsTheStartedJobs_asAnSvgDocument() throws Exception {
        answerWorkflow();

        CliRunner.Result result = CliRunner.run("workflow", "gantt", "d1", "--server", server.url());

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(server.requests().getFirst().uri()).isEqualTo("/api/v1/workflows/d1");
        Document svg = parse(result.out());
        assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(result.out()).containsOnlyOnce("class=\"job\"").containsOnlyOnce("class=\"job failed\"")
                .contains("<title>d1 (Failed)</title>").contains(">runner-00001-a<");
    }

    @Test
    void gantt_toAFile_printsNothing() throws Exception {
        answerWorkflow();
        Path file = dir.resolve("gantt.svg");

        CliRunner.Result result = CliRunner.run("workflow", "gantt", "d1", "-o", file.toString(), "--server", server.url());

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out()).isEmpty();
        assertThat(parse(Files.readString(file)).getDocumentElement().getTagName()).isEqualTo("svg");
    }

    @Test
    void exportCsv_aHeaderThenOneRowPerJob() {
        answerWorkflow();

        CliRunner.Result result = CliRunner.run("workflow", "export", "d1", "--format", "csv", "--server", server.url());

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out().split("\r\n")).hasSize(4);
        assertThat(result.out()).startsWith("id,transformation,function,state,attempts,queued,start,end,queue seconds,"
                + "duration seconds,revision,instance,Start Time,End Time,Hostname\r\n")
                .contains("ID0000002,findrange,runner,failed,2,2026-11-22T07:57:00Z,2026-11-22T07:57:01Z,"
                        + "2026-11-22T07:57:13Z,1,12,runner-00001,runner-00001-b,,,\r\n");
    }

    @Test
    void exportWfcommons_isAValidWfFormatInstance() throws Exception {
        answerWorkflow();

        CliRunner.Result result = CliRunner.run("workflow", "export", "d1", "--format", "WfCommons",
                "--author", "Ada", "--author-email", "ada@example.org", "--server", server.url());

        assertThat(result.status()).as(result.err()).isZero();
        JsonNode instance = Documents.json().readTree(result.out());
        assertThat(WfFormatSchema.errors(instance)).isEmpty();
        assertThat(instance.get("createdAt").asText()).isEqualTo(CliRunner.NOW.toString());
        assertThat(instance.at("/author/name").asText()).isEqualTo("Ada");
        assertThat(instance.at("/workflow/specification/tasks")).hasSize(3);
        assertThat(instance.at("/workflow/execution/tasks/0/runtimeInSeconds").asDouble()).isEqualTo(65.0);
    }

    @Test
    void exportWfcommons_ofIdsWfFormatRefuses_isAClearError() {
        server.answerJson(200, """
                {"metadata": {"name": "odd"}, "status": {"state": "Running"}, "jobs": [{"id": "job 1",
                 "transformation": "t", "state": "waiting", "attempts": 0}]}""");

        CliRunner.Result result = CliRunner.run("workflow", "export", "odd", "--format", "wfcommons", "--server", server.url());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).startsWith("error: workflow \"odd\" cannot be exported as WfFormat").contains("job 1");
    }

    @Test
    void anUnknownWorkflow_isTheServersNotFound() {
        for (String[] command : new String[][] {{"gantt", "nope"}, {"export", "nope", "--format", "csv"}}) {
            server.answerJson(404, "{\"error\": \"NotFound\", \"message\": \"workflow 'nope' not found\"}");
            String[] args = new String[command.length + 3];
            args[0] = "workflow";
            System.arraycopy(command, 0, args, 1, command.length);
            args[command.length + 1] = "--server";
            args[command.length + 2] = server.url();

            CliRunner.Result result = CliRunner.run(args);

            assertThat(result.status()).isEqualTo(1);
            assertThat(result.out()).isEmpty();
            assertThat(result.err()).isEqualTo("error: workflow 'nope' not found\n");
        }
    }

    @Test
    void anUnknownFormat_isAUsageErrorListingTheFormats() {
        CliRunner.Result result = CliRunner.run("workflow", "export", "d1", "--format", "xml", "--server", server.url());

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("xml").containsIgnoringCase("wfcommons").containsIgnoringCase("csv");
        assertThat(server.requests()).isEmpty();
    }

    private void answerWorkflow() {
        server.answerJson(200, WorkflowSamples.withJobs(WorkflowSamples.workflow("d1", "Failed", 1, 1, "job failed")));
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }
}
