package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Documents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new user's first session, with the real {@code skiff} program against a real {@code skiff server}. */
class CliEndToEndIT {
    private static final Path HELLO = Path.of("..", "examples", "hello", "hello.py").toAbsolutePath().normalize();

    @TempDir
    Path temp;

    private static SkiffProcess.Result ok(SkiffProcess.Result result) {
        assertThat(result.status()).as("stdout: %s%nstderr: %s", result.out(), result.err()).isZero();
        return result;
    }

    @Test
    void firstSession_deployInvokeInspectRestartDelete() throws Exception {
        Path data = temp.resolve("data");
        SkiffProcess.Server server = SkiffProcess.startServer(data, Map.of());
        try {
            String url = server.url();
            SkiffProcess.Result deployed = ok(SkiffProcess.run(url, "deploy", "hello", "--runtime", "python3",
                    "--handler", "hello.handle", "--from-file", HELLO.toString()));
            assertThat(deployed.out().trim()).isEqualTo(url + "/function/hello");

            assertThat(ok(SkiffProcess.run(url, "invoke", "hello", "--data", "{\"name\":\"World\"}")).out())
                    .contains("\"message\"").contains("Hello, World!");

            assertThat(ok(SkiffProcess.run(url, "list")).out()).contains("NAME").contains("hello").contains("python3");
            JsonNode listed = Documents.json().readTree(ok(SkiffProcess.run(url, "list", "-o", "json")).out());
            assertThat(listed.get("items").findValuesAsText("name")).contains("hello");
            assertThat(ok(SkiffProcess.run(url, "describe", "hello")).out()).contains("hello-00001").contains("python3");
            JsonNode described = Documents.json().readTree(ok(SkiffProcess.run(url, "describe", "hello", "-o", "json")).out());
            assertThat(described.at("/spec/handler").asText()).isEqualTo("hello.handle");
            String firstUrl = url;
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(ok(SkiffProcess.run(firstUrl, "logs", "hello")).out()).contains("greeting World"));

            server.process().toHandle().destroy();
            assertThat(server.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
            server = SkiffProcess.startServer(data, Map.of());
            url = server.url();
            assertThat(ok(SkiffProcess.run(url, "invoke", "hello", "--data", "{\"name\":\"again\"}")).out())
                    .contains("Hello, again!");

            ok(SkiffProcess.run(url, "delete", "hello"));
            assertThat(ok(SkiffProcess.run(url, "list")).out()).doesNotContain("hello");
        } finally {
            server.close();
        }
    }

    @Test
    void deployFromYaml_flagsOverrideTheFile() throws Exception {
        Path yaml = Files.writeString(temp.resolve("fn.yaml"), """
                apiVersion: skiff.dev/v1alpha1
                kind: Function
                metadata:
                  name: from-file
                spec:
                  runtime: python3
                  handler: main.handle
                  env:
                    WORD: from-yaml
                  source:
                    filename: main.py
                    content: |
                      import os
                      def handle(req):
                          return os.environ['WORD']
                """);
        try (SkiffProcess.Server server = SkiffProcess.startServer(temp.resolve("data"), Map.of())) {
            ok(SkiffProcess.run(server.url(), "deploy", "-f", yaml.toString()));
            assertThat(ok(SkiffProcess.run(server.url(), "invoke", "from-file")).out()).isEqualTo("from-yaml");

            ok(SkiffProcess.run(server.url(), "deploy", "-f", yaml.toString(), "--env", "WORD=from-flag"));
            assertThat(ok(SkiffProcess.run(server.url(), "invoke", "from-file")).out()).isEqualTo("from-flag");
        }
    }

    @Test
    void badInput_clearMessagesAndExitStatuses() throws Exception {
        Path broken = Files.writeString(temp.resolve("broken.py"), "def handle(req)\n    return 1\n");
        try (SkiffProcess.Server server = SkiffProcess.startServer(temp.resolve("data"), Map.of())) {
            SkiffProcess.Result unknown = SkiffProcess.run(server.url(), "invoke", "nope");
            assertThat(unknown.status()).isEqualTo(1);
            assertThat(unknown.err()).contains("error:").contains("nope").doesNotContain("Exception").doesNotContain("\tat ");

            SkiffProcess.Result syntax = SkiffProcess.run(server.url(), "deploy", "broken", "--runtime", "python3",
                    "--handler", "broken.handle", "--from-file", broken.toString());
            assertThat(syntax.status()).isEqualTo(1);
            assertThat(syntax.err()).contains("SyntaxError").contains("broken.py").contains("line 1");

            SkiffProcess.Result badName = SkiffProcess.run(server.url(), "deploy", "Bad_Name", "--runtime", "python3",
                    "--handler", "hello.handle", "--from-file", HELLO.toString());
            assertThat(badName.status()).isEqualTo(1);
            assertThat(badName.err()).contains("DNS-1123");

            SkiffProcess.Result badOrdering = SkiffProcess.run(server.url(), "trigger", "create", "t", "--broker", "b",
                    "--function", "f", "--ordering", "sideways");
            assertThat(badOrdering.status()).isEqualTo(1);
            assertThat(badOrdering.err()).contains("spec.delivery.ordering: 'sideways' is not one of ordered, unordered")
                    .doesNotContain("\tat ");
            SkiffProcess.Result boundWhenOrdered = SkiffProcess.run(server.url(), "trigger", "create", "t", "--broker", "b",
                    "--function", "f", "--max-in-flight", "8");
            assertThat(boundWhenOrdered.status()).isEqualTo(1);
            assertThat(boundWhenOrdered.err()).contains("spec.delivery.maxInFlight: is 8, but an ordered trigger has one event in flight");
            SkiffProcess.Result boundTooHigh = SkiffProcess.run(server.url(), "trigger", "create", "t", "--broker", "b",
                    "--function", "f", "--ordering", "unordered", "--max-in-flight", "5000");
            assertThat(boundTooHigh.status()).isEqualTo(1);
            assertThat(boundTooHigh.err()).contains("spec.delivery.maxInFlight: is 5000; must be between 1 and 1000");
        }
        SkiffProcess.Result unreachable = SkiffProcess.run("http://127.0.0.1:1", "list");
        assertThat(unreachable.status()).isEqualTo(1);
        assertThat(unreachable.err()).contains("cannot reach the Skiff server at http://127.0.0.1:1");
    }

    @Test
    void revisionsTrafficRollbackAndScale_throughTheRealProgram() throws Exception {
        Path v1 = Files.writeString(temp.resolve("v1.py"), "def handle(req):\n    return 'v1'\n");
        Path v2 = Files.writeString(temp.resolve("v2.py"), "def handle(req):\n    return 'v2'\n");
        try (SkiffProcess.Server server = SkiffProcess.startServer(temp.resolve("data"), Map.of())) {
            String url = server.url();
            ok(SkiffProcess.run(url, "deploy", "ver", "--runtime", "python3", "--handler", "v1.handle", "--from-file", v1.toString()));
            ok(SkiffProcess.run(url, "deploy", "ver", "--runtime", "python3", "--handler", "v2.handle", "--from-file", v2.toString()));

            String split = ok(SkiffProcess.run(url, "traffic", "ver", "--split", "ver-00001=70,ver-00002=30",
                    "--tag", "canary=ver-00002")).out();
            assertThat(split).contains("ver-00001").contains("70%").contains("@canary").contains(url + "/function/ver@canary");
            assertThat(ok(SkiffProcess.run(url, "invoke", "ver@canary")).out()).isEqualTo("v2");
            String revisions = ok(SkiffProcess.run(url, "revisions", "ver")).out();
            assertThat(revisions.lines().toList()).hasSize(3);
            assertThat(revisions.lines().skip(1).findFirst().orElseThrow()).contains("ver-00002").contains("30%").contains("@canary");
            assertThat(ok(SkiffProcess.run(url, "describe", "ver")).out()).contains("Revisions:").contains("70% ver-00001");

            SkiffProcess.Result notHundred = SkiffProcess.run(url, "traffic", "ver", "--split", "ver-00001=70,ver-00002=20");
            assertThat(notHundred.status()).isEqualTo(1);
            assertThat(notHundred.err()).contains("sum to 90").doesNotContain("Exception");

            assertThat(ok(SkiffProcess.run(url, "rollback", "ver")).out()).contains("ver-00001").contains("100%");
            assertThat(ok(SkiffProcess.run(url, "invoke", "ver")).out()).isEqualTo("v1");
            assertThat(ok(SkiffProcess.run(url, "scale", "ver", "--min", "1", "--max", "3")).out())
                    .isEqualTo("ver scales between 1 and 3 instances per revision\n");
        }
    }
}
