package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Documents;
import dev.skiff.api.Function;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** kubeless's words ({@code skiff function ...}, {@code skiff topic publish --topic}): the requests they send. */
class FunctionCommandsTest {
    @TempDir
    Path dir;

    @RegisterExtension
    final FakeServerPerTest fake = new FakeServerPerTest();

    @Test
    void functionDeploy_takesDeploysFlagsAndKubelesss_andMakesTheTopicAndCronTriggers() throws IOException {
        Path code = Files.writeString(dir.resolve("test.py"), "def foobar(event, context):\n    return event['data']\n");
        Path deps = Files.writeString(dir.resolve("requirements.txt"), "requests\n");
        fake.server().answerJson(201, json(Samples.ready("pubsub")))
                .answerJson(201, "{\"metadata\": {\"name\": \"pubsub\"}}")
                .answerJson(201, "{\"metadata\": {\"name\": \"pubsub\"}, \"status\": {\"nextTick\": \"x\"}}");

        CliRunner.Result result = CliRunner.run("--server", fake.server().url(), "function", "deploy", "pubsub",
                "--runtime", "python3", "--handler", "test.foobar", "--from-file", code.toString(),
                "--dependencies", deps.toString(), "--label", "team=a", "--memory", "128Mi", "--cpu", "500m",
                "--timeout", "30", "--env", "K=V", "--trigger-http", "--trigger-topic", "new-topic",
                "--schedule", "*/5 * * * *");

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out()).contains("http://127.0.0.1:8080/function/pubsub")
                .contains("trigger \"pubsub\" created (topic new-topic)")
                .contains("cron trigger \"pubsub\" created (schedule */5 * * * *)");
        assertThat(fake.server().requests()).extracting(FakeSkiffServer.Request::uri)
                .containsExactly("/api/v1/functions", "/api/v1/triggers", "/api/v1/crontriggers");
        Function sent = Documents.read(fake.server().requests().get(0).text(), Function.class);
        assertThat(sent.spec().handler()).isEqualTo("test.foobar");
        assertThat(sent.spec().requirements()).isEqualTo("requests\n");
        assertThat(sent.spec().timeoutSeconds()).isEqualTo(30);
        assertThat(sent.spec().env()).containsEntry("K", "V");
        assertThat(sent.spec().resources().limits()).containsEntry("memory", "128Mi").containsEntry("cpu", "500m");
        assertThat(sent.metadata().labels()).containsExactly(Map.entry("team", "a"));
        JsonNode trigger = Documents.json().readTree(fake.server().requests().get(1).text());
        assertThat(trigger.at("/spec/topic").asText()).isEqualTo("new-topic");
        assertThat(trigger.at("/spec/subscriber/function").asText()).isEqualTo("pubsub");
        JsonNode cron = Documents.json().readTree(fake.server().requests().get(2).text());
        assertThat(cron.at("/spec/schedule").asText()).isEqualTo("*/5 * * * *");
        assertThat(cron.at("/spec/sink/function").asText()).isEqualTo("pubsub");
    }

    @Test
    void functionDeploy_triggerThatExists_isKept() throws IOException {
        Path code = Files.writeString(dir.resolve("test.py"), "x = 1\n");
        fake.server().answerJson(201, json(Samples.ready("pubsub")))
                .answerJson(409, "{\"error\":\"AlreadyExists\",\"message\":\"trigger 'pubsub' already exists\"}");

        CliRunner.Result result = CliRunner.run("--server", fake.server().url(), "function", "deploy", "pubsub",
                "--from-file", code.toString(), "--trigger-topic", "new-topic");

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out()).contains("trigger \"pubsub\" exists; kept as it is");
    }

    @Test
    void functionDeploy_triggersOnACluster_areRefusedBeforeAnythingIsSent() throws IOException {
        Path code = Files.writeString(dir.resolve("test.py"), "x = 1\n");
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), "apiVersion: v1\nkind: Config\n");

        CliRunner.Result result = CliRunner.run("--kubeconfig", kubeconfig.toString(), "function", "deploy", "pubsub",
                "--from-file", code.toString(), "--trigger-topic", "new-topic");

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).contains("--trigger-topic and --schedule make triggers on a Skiff server")
                .doesNotContain("Exception");
    }

    @Test
    void functionUpdate_replaces_andAFunctionThatDoesNotExistIsAnError() throws IOException {
        Path code = Files.writeString(dir.resolve("test.py"), "x = 1\n");
        fake.server().answerJson(404, "{\"error\":\"NotFound\",\"message\":\"function 'nope' not found\"}");

        CliRunner.Result result = CliRunner.run("--server", fake.server().url(), "function", "update", "nope",
                "--from-file", code.toString());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).contains("function 'nope' not found").doesNotContain("Exception");
        assertThat(fake.server().requests()).extracting(FakeSkiffServer.Request::method).containsExactly("PUT");
    }

    @Test
    void functionCall_sendsTheDataAndPrintsTheAnswer() throws IOException {
        fake.server().answer(new FakeSkiffServer.Answer(200, "application/json", "{\"echo\": \"echo echo\"}".getBytes(), false));

        CliRunner.Result result = CliRunner.run("--server", fake.server().url(), "function", "call", "get-python",
                "--data", "{\"echo\": \"echo echo\"}");

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("{\"echo\": \"echo echo\"}");
        assertThat(fake.server().requests().getFirst().uri()).isEqualTo("/function/get-python");
        assertThat(fake.server().requests().getFirst().text()).isEqualTo("{\"echo\": \"echo echo\"}");
    }

    @Test
    void functionLsName_getsThatFunctionOnly() throws IOException {
        fake.server().answerJson(200, json(Samples.ready("hello")));

        CliRunner.Result result = CliRunner.run("--server", fake.server().url(), "function", "ls", "hello");

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out()).contains("hello");
        assertThat(fake.server().requests().getFirst().uri()).isEqualTo("/api/v1/functions/hello");
    }

    @Test
    void functionLogs_printsTheFunctionsLog() {
        fake.server().answer(new FakeSkiffServer.Answer(200, "text/plain", "pubsub got hello\n".getBytes(), false));

        CliRunner.Result result = CliRunner.run("--server", fake.server().url(), "function", "logs", "pubsub");

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("pubsub got hello\n");
        assertThat(fake.server().requests().getFirst().uri()).startsWith("/api/v1/functions/pubsub/logs");
    }

    @Test
    void functionHelp_namesKubelesssWords() {
        CliRunner.Result result = CliRunner.run("function", "--help");

        assertThat(result.out()).contains("deploy").contains("update").contains("call").contains("ls")
                .contains("logs").contains("delete");
        assertThat(CliRunner.run("function", "deploy", "--help").out()).contains("--trigger-topic")
                .contains("--schedule").contains("--label").contains("--volume").contains("--dependencies");
    }

    @Test
    void functionDelete_deletesTheFunction() throws IOException {
        fake.server().answerJson(200, json(Samples.ready("hello")));

        CliRunner.Result result = CliRunner.run("--server", fake.server().url(), "function", "delete", "hello");

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(fake.server().requests().getFirst().method()).isEqualTo("DELETE");
        assertThat(fake.server().requests().getFirst().uri()).isEqualTo("/api/v1/functions/hello");
    }

    @Test
    void topicPublish_takesTheTopicAsKubelessSpelledIt_orAsTheArgument() throws IOException {
        fake.server().answerJson(202, "{\"id\": \"m1\"}").answerJson(202, "{\"id\": \"m2\"}");

        assertThat(CliRunner.run("--server", fake.server().url(), "topic", "publish", "--topic", "new-topic", "--data", "hello")
                .out()).isEqualTo("m1\n");
        assertThat(CliRunner.run("--server", fake.server().url(), "topic", "publish", "new-topic", "--data", "hello")
                .out()).isEqualTo("m2\n");

        assertThat(fake.server().requests()).extracting(FakeSkiffServer.Request::uri)
                .containsExactly("/api/v1/topics/new-topic/messages", "/api/v1/topics/new-topic/messages");
    }

    @Test
    void topicPublish_withoutATopic_orWithTwo_isRefusedBeforeSending() {
        CliRunner.Result none = CliRunner.run("--server", fake.server().url(), "topic", "publish", "--data", "hello");
        CliRunner.Result two = CliRunner.run("--server", fake.server().url(), "topic", "publish", "a", "--topic", "b",
                "--data", "hello");

        assertThat(none.status()).isEqualTo(1);
        assertThat(none.err()).contains("Missing the topic");
        assertThat(two.status()).isEqualTo(1);
        assertThat(two.err()).contains("Two topics given");
        assertThat(fake.server().requests()).isEmpty();
    }

    private static String json(Function function) {
        try {
            return Documents.json().writeValueAsString(Documents.json().valueToTree(function));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
