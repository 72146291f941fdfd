package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Documents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 004's kubeless experiment replayed through a real server with the commands it types:
 * {@code function deploy ... --trigger-http}, {@code function call}, {@code function ls}, {@code topic create},
 * {@code function deploy ... --trigger-topic}, {@code topic publish --topic}; and its Function document.
 */
class KubelessSeedIT {
    private static final String TEST_PY = """
            def foobar(event, context):
                print('pubsub got %s' % event['data'])
                return event['data']

            def context_of(event, context):
                request = event['extensions']['request']
                return {
                    'function': context['function-name'], 'runtime': context['runtime'],
                    'memory': context['memory-limit'], 'timeout': context['timeout'],
                    'missing': request.get('headers'), 'json': request.json, 'body': request.body.read().decode(),
                    'query': request.query.get('x'), 'event': sorted(k for k in event if k.startswith('event-')),
                }
            """;
    private static final String SEED_DOCUMENT = """
            apiVersion: kubeless.io/v1beta1
            kind: Function
            metadata:
              labels:
                created-by: kubeless
                function: hello
              name: hello
              namespace: default
            spec:
              checksum: sha256:CHECKSUM
              deps: ""
              function: |
                def hello(event, context):
                  PRINT
                  return event['data']
              function-content-type: text
              handler: test.hello
              runtime: RUNTIME
              timeout: "180"
            """;

    @TempDir
    static Path dir;

    private static SkiffProcess.Server server;
    private static Path testPy;

    @BeforeAll
    static void start() throws IOException {
        server = SkiffProcess.startServer(dir.resolve("data"), Map.of());
        testPy = Files.writeString(dir.resolve("test.py"), TEST_PY);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static SkiffProcess.Result ok(String... args) {
        SkiffProcess.Result result = SkiffProcess.run(server.url(), args);
        assertThat(result.status()).as(String.join(" ", args) + ": " + result.err()).isZero();
        return result;
    }

    private static SkiffProcess.Result refused(String... args) {
        SkiffProcess.Result result = SkiffProcess.run(server.url(), args);
        assertThat(result.status()).as(result.out()).isEqualTo(1);
        assertThat(result.err()).doesNotContain("Exception").doesNotContain("\tat ");
        return result;
    }

    @Test
    void httpTrigger_deployCallList_asTheSeedTypesThem() {
        SkiffProcess.Result python27 = refused("function", "deploy", "get-python", "--runtime", "python27",
                "--handler", "test.foobar", "--from-file", testPy.toString(), "--trigger-http");
        assertThat(python27.err()).contains("Python 2 is not installed").contains("port the handler to Python 3");
        assertThat(SkiffProcess.run(server.url(), "function", "ls", "get-python").status()).isEqualTo(1);

        SkiffProcess.Result deployed = ok("function", "deploy", "get-python", "--runtime", "python3.7",
                "--handler", "test.foobar", "--from-file", testPy.toString(), "--trigger-http");
        assertThat(deployed.out().trim()).isEqualTo(server.url() + "/function/get-python");
        assertThat(deployed.err()).containsPattern("runtime python3\\.7 runs on Skiff's python3 runtime: /\\S+ \\(3\\.\\d+\\)");

        assertThat(ok("function", "call", "get-python", "--data", "{\"echo\": \"echo echo\"}").out())
                .isEqualTo("{\"echo\": \"echo echo\"}");
        assertThat(ok("function", "ls").out()).contains("get-python").contains("python3");
        assertThat(ok("function", "ls", "get-python").out()).contains("get-python");
    }

    @Test
    void pubsubTrigger_theFunctionReceivesWhatIsPublished() {
        assertThat(ok("topic", "create", "new-topic").out()).contains("topic \"new-topic\" created");
        SkiffProcess.Result deployed = ok("function", "deploy", "pubsub", "--runtime", "python3.11",
                "--handler", "test.foobar", "--from-file", testPy.toString(), "--trigger-topic", "new-topic");
        assertThat(deployed.out()).contains("trigger \"pubsub\" created (topic new-topic)");

        ok("topic", "publish", "--topic", "new-topic", "--data", "hello");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(ok("function", "logs", "pubsub").out()).contains("pubsub got hello"));
    }

    @Test
    void kubelessHandler_seesTheEventContextAndRequestKubelessGave() throws IOException {
        ok("function", "deploy", "context-of", "--runtime", "python37", "--handler", "test.context_of",
                "--from-file", testPy.toString(), "--memory", "128Mi", "--timeout", "30");

        JsonNode seen = Documents.json().readTree(ok("function", "call", "context-of", "--path", "?x=1",
                "-H", "Content-Type: application/json", "--data", "{\"echo\": \"echo echo\"}").out());

        assertThat(seen.get("function").asText()).isEqualTo("context-of");
        assertThat(seen.get("runtime").asText()).matches("python3\\.\\d+");
        assertThat(seen.get("memory").asText()).isEqualTo(Long.toString(128L * 1024 * 1024));
        assertThat(seen.get("timeout").asText()).isEqualTo("30");
        assertThat(seen.get("missing").isNull()).isTrue();
        assertThat(seen.at("/json/echo").asText()).isEqualTo("echo echo");
        assertThat(seen.get("body").asText()).isEqualTo("{\"echo\": \"echo echo\"}");
        assertThat(seen.get("query").asText()).isEqualTo("1");
        assertThat(seen.get("event").toString()).isEqualTo("[\"event-id\",\"event-namespace\",\"event-time\",\"event-type\"]");
    }

    @Test
    void seedFunctionDocument_python27IsRefused_thePython3OneDeploys() throws Exception {
        String python2 = "def hello(event, context):\n  print event\n  return event['data']\n";
        Path seed = Files.writeString(dir.resolve("seed.yaml"), SEED_DOCUMENT.replace("CHECKSUM", Samples.sha256(python2))
                .replace("PRINT", "print event").replace("RUNTIME", "python2.7"));
        SkiffProcess.Result refused = refused("deploy", "-f", seed.toString());
        assertThat(refused.err()).contains("Python 2 is not installed");

        String python3 = "def hello(event, context):\n  print(event)\n  return event['data']\n";
        Path ported = Files.writeString(dir.resolve("ported.yaml"), SEED_DOCUMENT.replace("CHECKSUM", Samples.sha256(python3))
                .replace("PRINT", "print(event)").replace("RUNTIME", "python3.7"));
        ok("deploy", "-f", ported.toString());
        assertThat(ok("function", "call", "hello", "--data", "{\"echo\": \"echo echo\"}").out())
                .isEqualTo("{\"echo\": \"echo echo\"}");

        Path tampered = Files.writeString(dir.resolve("tampered.yaml"), Files.readString(ported)
                .replace("return event['data']", "return 'changed'"));
        assertThat(refused("deploy", "-f", tampered.toString()).err()).contains("spec.checksum");
        assertThat(ok("function", "call", "hello", "--data", "\"still\"").out()).isEqualTo("still");
    }
}
