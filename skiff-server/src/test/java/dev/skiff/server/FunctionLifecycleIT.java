package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.testkit.server.TestFunctions;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Deploy, invoke, inspect, update and delete functions through the real server and real Python workers. */
class FunctionLifecycleIT {
    private static final String HELLO = """
            def handle(req):
                print("hello called with", req)
                return {"message": "Hello, " + req.get("name", "World") + "!"}
            """;
    private static final String ECHO = """
            def handle(event, context):
                request = event['extensions']['request']
                return {
                    "method": event['method'],
                    "path": event['path'],
                    "query": event['query'],
                    "header": event['headers'].get('x-test'),
                    "body": request.body.decode('utf-8'),
                    "function": context['function-name'],
                }
            """;

    @RegisterExtension
    static final TestServer server = new TestServer();

    @Test
    void deploy_python_answersAtItsUrl() {
        JsonNode deployed = server.deploy(TestFunctions.python("hello", HELLO));

        assertThat(deployed.at("/status/url").asText()).isEqualTo(server.url("/function/hello"));
        assertThat(deployed.at("/status/latestReadyRevision").asText()).isEqualTo("hello-00001");
        assertThat(deployed.at("/status/conditions/0/status").asText()).isEqualTo("True");
        HttpResponse<String> answer = server.send("POST", "/function/hello", "{\"name\":\"World\"}");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(TestServer.read(answer.body()).get("message").asText()).isEqualTo("Hello, World!");
        assertThat(answer.headers().firstValue("X-Skiff-Revision")).hasValue("hello-00001");
    }

    @Test
    void invoke_anyMethodPathQueryHeadersAndBody_reachTheFunction() {
        server.deploy(TestFunctions.python("echo", ECHO));

        HttpRequest request = server.request("/function/echo/a/b?x=1&y=two")
                .header("X-Test", "passed").method("PUT", HttpRequest.BodyPublishers.ofString("raw body"))
                .build();
        JsonNode seen = TestServer.read(server.send(request).body());

        assertThat(seen.get("method").asText()).isEqualTo("PUT");
        assertThat(seen.get("path").asText()).isEqualTo("/a/b");
        assertThat(seen.at("/query/x/0").asText()).isEqualTo("1");
        assertThat(seen.at("/query/y/0").asText()).isEqualTo("two");
        assertThat(seen.get("header").asText()).isEqualTo("passed");
        assertThat(seen.get("body").asText()).isEqualTo("raw body");
        assertThat(seen.get("function").asText()).isEqualTo("echo");
        JsonNode get = TestServer.read(server.send("GET", "/function/echo?q=1", null, null).body());
        assertThat(get.get("method").asText()).isEqualTo("GET");
        assertThat(get.get("path").asText()).isEqualTo("/");
        JsonNode api = TestServer.read(server.send("POST", "/api/v1/functions/echo/invoke", "via api").body());
        assertThat(api.get("body").asText()).isEqualTo("via api");
    }

    @Test
    void listGetAndLogs_showTheFunction() {
        server.deploy(TestFunctions.python("listed", HELLO));
        server.send("POST", "/function/listed", "{\"name\":\"Logs\"}");

        JsonNode list = TestServer.read(server.send("GET", "/api/v1/functions", null).body());
        assertThat(list.get("items").findValuesAsText("name")).contains("listed");
        JsonNode one = TestServer.read(server.send("GET", "/api/v1/functions/listed", null).body());
        assertThat(one.at("/spec/runtime").asText()).isEqualTo("python3");
        assertThat(one.at("/spec/timeoutSeconds").asInt()).isEqualTo(60);
        assertThat(one.at("/metadata/generation").asLong()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(server.send("GET", "/api/v1/functions/listed/logs?tail=10", null).body())
                        .contains("listed-00001").contains("hello called with {'name': 'Logs'}"));
        JsonNode instances = TestServer.read(server.send("GET", "/api/v1/functions/listed/instances", null).body());
        assertThat(instances.get("items")).isNotEmpty();
        assertThat(instances.at("/items/0/pid").asLong()).isPositive();
        assertThat(instances.at("/items/0/revision").asText()).isEqualTo("listed-00001");
    }

    @Test
    void logs_follow_streamsNewLinesAsTheyAreWritten() throws Exception {
        server.deploy(TestFunctions.python("followed", HELLO));
        HttpRequest follow = server.request("/api/v1/functions/followed/logs?tail=0&follow=true").GET().build();
        HttpResponse<Stream<String>> stream = HttpClient.newHttpClient()
                .send(follow, HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.statusCode()).isEqualTo(200);
        Iterator<String> lines = stream.body().iterator();

        server.send("POST", "/function/followed", "{\"name\":\"Streamed\"}");

        assertThat(lines.next()).contains("followed-00001").contains("hello called with {'name': 'Streamed'}");
        stream.body().close();
    }

    @Test
    void update_makesANewRevisionThatServes() {
        server.deploy(TestFunctions.python("versioned", "def handle(req):\n    return 'one'\n"));

        HttpResponse<String> updated = server.send("PUT", "/api/v1/functions/versioned",
                TestServer.json(TestFunctions.python("versioned", "def handle(req):\n    return 'two'\n")));

        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(TestServer.read(updated.body()).at("/status/latestReadyRevision").asText()).isEqualTo("versioned-00002");
        assertThat(TestServer.read(updated.body()).at("/metadata/generation").asLong()).isEqualTo(2);
        assertThat(server.send("POST", "/function/versioned", "").body()).isEqualTo("two");
        JsonNode revisions = TestServer.read(server.send("GET", "/api/v1/functions/versioned/revisions", null).body());
        assertThat(revisions.get("items").findValuesAsText("name")).containsExactly("versioned-00002", "versioned-00001");
    }

    @Test
    void delete_removesTheFunctionAndStopsItsInstance() {
        server.deploy(TestFunctions.python("doomed", HELLO));
        long pid = TestServer.read(server.send("GET", "/api/v1/functions/doomed/instances", null).body())
                .at("/items/0/pid").asLong();

        HttpResponse<String> deleted = server.send("DELETE", "/api/v1/functions/doomed", null);

        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(server.send("GET", "/api/v1/functions/doomed", null).statusCode()).isEqualTo(404);
        assertThat(server.send("POST", "/function/doomed", "{}").statusCode()).isEqualTo(404);
        await().atMost(Duration.ofSeconds(15)).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        assertThat(server.dataDir().resolve("functions/doomed")).doesNotExist();
    }

    @Test
    void deploy_yamlDocument_isAccepted() {
        String yaml = """
                apiVersion: skiff.dev/v1alpha1
                kind: Function
                metadata:
                  name: from-yaml
                spec:
                  runtime: python3
                  handler: main.handle
                  env:
                    GREETING: Ahoy
                  source:
                    filename: main.py
                    content: |
                      import os
                      def handle(req):
                          return os.environ['GREETING']
                """;

        HttpResponse<String> created = server.send("POST", "/api/v1/functions", yaml, "application/yaml");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(server.send("GET", "/function/from-yaml", null, null).body()).isEqualTo("Ahoy");
    }
}
