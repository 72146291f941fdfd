package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Documents;
import dev.skiff.api.Function;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The requests each command sends and how it prints the answers, against a scripted server on a loopback port. */
class CommandsHttpTest {
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
    void deploy_newFunction_postsTheFunctionAndPrintsItsUrl() throws IOException {
        Path code = Files.writeString(dir.resolve("hello.py"), "def handle(req):\n    return 'hi'\n");
        server.answerJson(201, json(Samples.ready("hello")));

        CliRunner.Result result = CliRunner.run("deploy", "hello", "--runtime", "python3", "--handler", "hello.handle",
                "--from-file", code.toString(), "--env", "GREETING=hi", "--server", server.url());

        assertThat(result.err()).isEmpty();
        assertThat(result.status()).isZero();
        assertThat(result.out()).isEqualTo("http://127.0.0.1:8080/function/hello\n");
        FakeSkiffServer.Request request = server.requests().getFirst();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.uri()).isEqualTo("/api/v1/functions");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        Function sent = Documents.read(request.text(), Function.class);
        assertThat(sent.name()).isEqualTo("hello");
        assertThat(sent.spec().handler()).isEqualTo("hello.handle");
        assertThat(sent.spec().source().content()).isEqualTo("def handle(req):\n    return 'hi'\n");
        assertThat(sent.spec().env()).containsExactly(Map.entry("GREETING", "hi"));
        assertThat(sent.status()).isNull();
    }

    @Test
    void deploy_functionExists_fallsBackToPutWithTheSameBody() throws IOException {
        Path code = Files.writeString(dir.resolve("hello.py"), "x = 1\n");
        server.answerJson(409, "{\"error\":\"AlreadyExists\",\"message\":\"function 'hello' already exists\"}")
                .answerJson(200, json(Samples.ready("hello")));

        CliRunner.Result result = CliRunner.run(
                "--server", server.url(), "deploy", "hello", "--from-file", code.toString());

        assertThat(result.status()).isZero();
        assertThat(result.out()).isEqualTo("http://127.0.0.1:8080/function/hello\n");
        assertThat(server.requests()).extracting(FakeSkiffServer.Request::method).containsExactly("POST", "PUT");
        assertThat(server.requests().get(1).uri()).isEqualTo("/api/v1/functions/hello");
        assertThat(server.requests().get(1).text()).isEqualTo(server.requests().get(0).text());
    }

    @Test
    void deploy_deployFailed_printsServerMessageAndExits1WithoutRetrying() throws IOException {
        Path code = Files.writeString(dir.resolve("hello.py"), "def handle(req)\n");
        server.answerJson(422,
                "{\"error\":\"DeployFailed\",\"message\":\"SyntaxError: invalid syntax (hello.py, line 1)\"}");

        CliRunner.Result result = CliRunner.run(
                "deploy", "hello", "--from-file", code.toString(), "--server", server.url());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("error: SyntaxError: invalid syntax (hello.py, line 1)\n");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void list_functions_printsTable() {
        server.answerJson(200, "{\"items\": [" + json(Samples.ready("hello")) + "]}");

        CliRunner.Result result = CliRunner.run(Map.of(ServerUrl.ENV, server.url()), "list");

        assertThat(result.status()).isZero();
        assertThat(result.out()).startsWith("NAME    RUNTIME   REVISION      READY   URL")
                .contains("hello   python3   hello-00002   True    http://127.0.0.1:8080/function/hello   5m");
        assertThat(server.requests().getFirst().uri()).isEqualTo("/api/v1/functions");
        assertThat(server.requests().getFirst().method()).isEqualTo("GET");
    }

    @Test
    void list_json_printsServersDocumentIndentedKeepingUnknownFields() throws IOException {
        String answer = "{\"items\": [" + json(Samples.ready("hello")) + "], \"newField\": true}";
        server.answerJson(200, answer);

        CliRunner.Result result = CliRunner.run("list", "-o", "json", "--server", server.url());

        assertThat(result.status()).isZero();
        assertThat(result.out()).contains("\n  \"items\" : [");
        assertThat(Documents.json().readTree(result.out())).isEqualTo(Documents.json().readTree(answer));
    }

    @Test
    void list_noFunctions_printsNoteOnStderrOnly() {
        server.answerJson(200, "{\"items\": []}");

        CliRunner.Result result = CliRunner.run("list", "--server", server.url());

        assertThat(result.status()).isZero();
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("No functions");
    }

    @Test
    void describe_yaml_printsTheFunctionAsYaml() throws IOException {
        server.answerJson(200, json(Samples.ready("hello")));

        CliRunner.Result result = CliRunner.run("describe", "hello", "-o", "yaml", "--server", server.url());

        assertThat(result.status()).isZero();
        assertThat(server.requests().getFirst().uri()).isEqualTo("/api/v1/functions/hello");
        assertThat(result.out()).contains("kind: Function").contains("  name: hello").contains("handler: hello.handle");
        assertThat(Documents.yaml().readTree(result.out()))
                .isEqualTo(Documents.json().readTree(json(Samples.ready("hello"))));
    }

    @Test
    void describe_table_printsKeyValueBlockThenTheRevisions() {
        server.answerJson(200, json(Samples.ready("hello"))).answerJson(200, REVISIONS);

        CliRunner.Result result = CliRunner.run("describe", "hello", "--server", server.url());

        assertThat(result.out()).isEqualTo(FunctionDescription.render(Samples.ready("hello"), CliRunner.NOW) + """
                Revisions:
                  NAME          TRAFFIC   TAGS      READY   STARTING   IN-FLIGHT   QUEUED   REQ/S   AGE
                  hello-00002   30%       @canary   2       1          3           0        12.5    3m
                  hello-00001   70%       -         0       0          0           0        0.0     60m
                """);
        assertThat(server.requests()).extracting(FakeSkiffServer.Request::uri)
                .containsExactly("/api/v1/functions/hello", "/api/v1/functions/hello/revisions");
    }

    private static final String REVISIONS = """
            {"items": [
              {"name": "hello-00002", "number": 2, "created": "2026-11-22T07:57:00Z", "traffic": 30, "tags": ["canary"],
               "status": {"ready": 2, "starting": 1, "inFlight": 3, "queued": 0, "requestsPerSecond": 12.5, "desired": 3, "panic": false}},
              {"name": "hello-00001", "number": 1, "created": "2026-11-22T07:00:00Z", "traffic": 70, "tags": [], "status": null}
            ]}""";

    @Test
    void traffic_splitAndTag_putsTheNewTableKeepingNothingElse() {
        server.answerJson(200, json(Samples.ready("hello"))).answerJson(200, json(Samples.ready("hello")));

        CliRunner.Result result = CliRunner.run("traffic", "hello", "--split", "hello-00001=70,@latest=30",
                "--tag", "canary=hello-00002", "--server", server.url());

        assertThat(result.err()).isEmpty();
        FakeSkiffServer.Request put = server.requests().get(1);
        assertThat(put.method()).isEqualTo("PUT");
        assertThat(put.uri()).isEqualTo("/api/v1/functions/hello/traffic");
        assertThat(put.text()).isEqualTo("{\"traffic\":[{\"revisionName\":\"hello-00001\",\"percent\":70},"
                + "{\"latestRevision\":true,\"percent\":30},{\"revisionName\":\"hello-00002\",\"tag\":\"canary\"}]}");
        assertThat(result.out()).contains("hello-00002 (latest)").contains("100%");
    }

    @Test
    void traffic_badSplitEntry_saysWhatWasExpectedWithoutCallingTheServer() {
        CliRunner.Result result = CliRunner.run("traffic", "hello", "--split", "hello-00001:70", "--server", server.url());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: --split hello-00001:70: expected REVISION=PERCENT, e.g. hello-00001=70\n");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void scale_noBound_isAUsageErrorNamingTheOptions() {
        CliRunner.Result result = CliRunner.run("scale", "hello", "--server", server.url());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).contains("give --min, --max or both");
    }

    @Test
    void describe_unknownFunction_printsServerMessageAndExits1() {
        server.answerJson(404, "{\"error\":\"NotFound\",\"message\":\"no function named 'nope'\"}");

        CliRunner.Result result = CliRunner.run("describe", "nope", "--server", server.url());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: no function named 'nope'\n");
    }

    @Test
    void invoke_methodPathHeadersAndData_reachTheFunctionAndBodyIsPrintedAsIs() {
        byte[] binary = {(byte) 0xFF, 0, 'o', 'k', (byte) 0x80};
        server.answer(new FakeSkiffServer.Answer(200, "application/octet-stream", binary, false));

        CliRunner.Result result = CliRunner.run("invoke", "hello", "--method", "put", "--path", "a/b?x=1",
                "-H", "X-Test: yes: really", "-H", "Content-Type: application/json", "--data", "{\"a\": 1}",
                "--server", server.url());

        assertThat(result.status()).isZero();
        assertThat(result.outBytes()).isEqualTo(binary);
        FakeSkiffServer.Request request = server.requests().getFirst();
        assertThat(request.method()).isEqualTo("PUT");
        assertThat(request.uri()).isEqualTo("/function/hello/a/b?x=1");
        assertThat(request.header("X-Test")).isEqualTo("yes: really");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.text()).isEqualTo("{\"a\": 1}");
    }

    @Test
    void invoke_defaults_postsEmptyBodyToFunctionRoot() {
        server.answer(new FakeSkiffServer.Answer(200, "text/plain", "hi".getBytes(StandardCharsets.UTF_8), false));

        CliRunner.Result result = CliRunner.run("invoke", "hello", "--server", server.url());

        assertThat(result.out()).isEqualTo("hi");
        assertThat(server.requests().getFirst().method()).isEqualTo("POST");
        assertThat(server.requests().getFirst().uri()).isEqualTo("/function/hello");
        assertThat(server.requests().getFirst().body()).isEmpty();
    }

    @Test
    void invoke_atATerminal_endsAnAnswerWithoutANewlineWithOne_andAddsNothingElse() {
        server.answer(new FakeSkiffServer.Answer(200, "text/plain", "hi".getBytes(StandardCharsets.UTF_8), false));
        assertThat(CliRunner.runAtTerminal("invoke", "hello", "--server", server.url()).out()).isEqualTo("hi\n");

        server.answer(new FakeSkiffServer.Answer(200, "text/plain", "hi\n".getBytes(StandardCharsets.UTF_8), false));
        assertThat(CliRunner.runAtTerminal("invoke", "hello", "--server", server.url()).out()).isEqualTo("hi\n");

        server.answer(new FakeSkiffServer.Answer(200, "text/plain", new byte[0], false));
        assertThat(CliRunner.runAtTerminal("invoke", "hello", "--server", server.url()).out()).isEmpty();
    }

    @Test
    void invoke_dataFile_sendsItsBytes() throws IOException {
        byte[] data = {1, 2, 3, (byte) 0xFE};
        Path file = Files.write(dir.resolve("payload.bin"), data);
        server.answer(new FakeSkiffServer.Answer(200, "text/plain", new byte[0], false));

        CliRunner.Result result = CliRunner.run(
                "invoke", "hello", "--data-file", file.toString(), "--server", server.url());

        assertThat(result.status()).isZero();
        assertThat(server.requests().getFirst().body()).isEqualTo(data);
    }

    @Test
    void invoke_handlerRaised_printsMessageOnStderrAndExits1() {
        server.answerJson(500, "{\"error\":\"FunctionError\",\"message\":\"ZeroDivisionError: division by zero\"}");

        CliRunner.Result result = CliRunner.run("invoke", "hello", "--server", server.url());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("error: ZeroDivisionError: division by zero\n");
    }

    @Test
    void invoke_headerWithoutColon_isUsageError() {
        CliRunner.Result result = CliRunner.run("invoke", "hello", "-H", "NoColon", "--server", server.url());

        assertThat(result.status()).isEqualTo(2);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void logs_follow_streamsTheServersTextUntilItEnds() {
        String lines = "line 1\nline 2\n";
        server.answer(new FakeSkiffServer.Answer(200, "text/plain", lines.getBytes(StandardCharsets.UTF_8), true));

        CliRunner.Result result = CliRunner.run("logs", "hello", "--tail", "5", "--follow", "--server", server.url());

        assertThat(result.status()).isZero();
        assertThat(result.out()).isEqualTo(lines);
        assertThat(server.requests().getFirst().uri()).isEqualTo("/api/v1/functions/hello/logs?tail=5&follow=true");
    }

    @Test
    void logs_unknownFunction_printsServerMessageAndExits1() {
        server.answerJson(404, "{\"error\":\"NotFound\",\"message\":\"no function named 'nope'\"}");

        CliRunner.Result result = CliRunner.run("logs", "nope", "--server", server.url());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: no function named 'nope'\n");
        assertThat(server.requests().getFirst().uri()).isEqualTo("/api/v1/functions/nope/logs?tail=100");
    }

    @Test
    void delete_function_sendsDeleteAndConfirms() {
        server.answerJson(200, json(Samples.ready("hello")));

        CliRunner.Result result = CliRunner.run("delete", "hello", "--server", server.url());

        assertThat(result.status()).isZero();
        assertThat(result.out()).isEqualTo("function \"hello\" deleted\n");
        assertThat(server.requests().getFirst().method()).isEqualTo("DELETE");
        assertThat(server.requests().getFirst().uri()).isEqualTo("/api/v1/functions/hello");
    }

    @Test
    void anyCommand_serverNotListening_saysItCannotBeReached() throws IOException {
        String closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = "http://127.0.0.1:" + socket.getLocalPort();
        }

        CliRunner.Result result = CliRunner.run("list", "--server", closed);

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: cannot reach the Skiff server at " + closed
                + " (is 'skiff server' running? set --server or SKIFF_URL)\n");
    }

    @Test
    void anyCommand_verbose_addsStackTrace() throws IOException {
        String closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = "http://127.0.0.1:" + socket.getLocalPort();
        }

        CliRunner.Result result = CliRunner.run("list", "--verbose", "--server", closed);

        assertThat(result.err()).startsWith("error: cannot reach").contains("java.net.ConnectException");
    }

    private static String json(Function function) {
        try {
            JsonNode node = Documents.json().valueToTree(function);
            return Documents.json().writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
