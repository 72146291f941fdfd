package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The seed-002 agent API, driven exactly as its README's curl examples drive it. */
class AgentApiIT {
    @RegisterExtension
    static final TestServer server = new TestServer(config -> config.withPackageDirs(
            java.util.List.of(TestServer.repoFile("examples/wheels"))));

    private static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestServer.read(response.body());
    }

    private static JsonNode deploy(String body) {
        return ok(server.send("POST", "/deploy", body));
    }

    private static JsonNode invoke(String body) {
        return ok(server.send("POST", "/invoke", body));
    }

    @Test
    void health_answersHealthy() {
        JsonNode health = ok(server.send("GET", "/health", null, null));
        assertThat(health.get("status").asText()).isEqualTo("healthy");
        assertThat(health.get("workflow").asText()).isEqualTo("local");
        assertThat(health.has("platform")).isTrue();
    }

    @Test
    void basicFunction_deployThenInvoke() {
        JsonNode deployed = deploy("{\"id\": \"hello-world\", \"handler\": \"def handle(req):\\n    return \\\"Hello, World!\\\"\"}");
        assertThat(deployed.get("id").asText()).isEqualTo("hello-world");
        assertThat(deployed.get("status").asText()).isEqualTo("deployed");
        assertThat(deployed.get("endpoint").asText()).isEqualTo(server.url("/function/hello-world"));
        assertThat(deployed.get("image").asText()).contains("hello-world");

        JsonNode invoked = invoke("{\"id\": \"hello-world\", \"payload\": {}}");
        assertThat(invoked.get("result").asText()).isEqualTo("Hello, World!");
        assertThat(invoked.get("status").asText()).isEqualTo("success");
        assertThat(invoked.get("execution_time").isNumber()).isTrue();
        assertThat(invoked.get("execution_time").asDouble()).isPositive();

        JsonNode functions = ok(server.send("GET", "/functions", null, null));
        JsonNode entry = null;
        for (JsonNode f : functions.get("functions")) {
            if (f.get("id").asText().equals("hello-world")) {
                entry = f;
            }
        }
        assertThat(entry).isNotNull();
        assertThat(entry.get("ready").asBoolean()).isTrue();
        assertThat(entry.has("image")).isTrue();
        assertThat(entry.has("platform")).isTrue();
    }

    @Test
    void dataProcessingFunction_sumsAndAverages() {
        deploy("""
                {"id": "data-processor",
                 "handler": "import json\\ndef handle(req):\\n    data = json.loads(req) if isinstance(req, str) else req\\n    numbers = data.get(\\"numbers\\", [])\\n    return {\\"sum\\": sum(numbers), \\"average\\": sum(numbers)/len(numbers) if numbers else 0}",
                 "requirements": ""}""");

        JsonNode result = invoke("{\"id\": \"data-processor\", \"payload\": {\"numbers\": [1, 2, 3, 4, 5]}}").get("result");

        assertThat(result.get("sum").asInt()).isEqualTo(15);
        assertThat(result.get("average").asDouble()).isEqualTo(3.0);
    }

    @Test
    void jsonTransformer_transformsEveryField() {
        deploy("""
                {"id": "json-transformer",
                 "handler": "import json\\ndef handle(req):\\n    data = req if isinstance(req, dict) else json.loads(req)\\n    transformed = {}\\n    for key, value in data.items():\\n        if isinstance(value, str):\\n            transformed[key.upper()] = value.lower()\\n        elif isinstance(value, (int, float)):\\n            transformed[key.upper()] = value * 2\\n        else:\\n            transformed[key.upper()] = value\\n    return transformed"}""");

        JsonNode result = invoke("""
                {"id": "json-transformer",
                 "payload": {"name": "John Doe", "age": 30, "score": 85.5, "active": true}}""").get("result");

        assertThat(result.get("NAME").asText()).isEqualTo("john doe");
        assertThat(result.get("AGE").asInt()).isEqualTo(60);
        assertThat(result.get("SCORE").asDouble()).isEqualTo(171.0);
        assertThat(result.get("ACTIVE").asBoolean()).isTrue();
    }

    @Test
    void deployWithoutId_generatesOneThatCanBeInvoked() {
        JsonNode deployed = deploy("{\"handler\": \"def handle(req): return \\\"test\\\"\"}");

        String id = deployed.get("id").asText();
        assertThat(id).matches("func-[0-9a-f]{8}");
        assertThat(invoke("{\"id\": \"" + id + "\", \"payload\": {}}").get("result").asText()).isEqualTo("test");
    }

    @Test
    void functionWithDependencies_installsTheRequirement() {
        String wheel = TestServer.repoFile("examples/wheels/skiffdemo-1.0-py3-none-any.whl").toString();
        deploy(TestServer.json(Map.of("id", "with-deps",
                "handler", "import skiffdemo\ndef handle(req):\n    return skiffdemo.greet(req['name'])\n",
                "requirements", wheel)));

        assertThat(invoke("{\"id\": \"with-deps\", \"payload\": {\"name\": \"Ada\"}}").get("result").asText())
                .isEqualTo("Hello, Ada! (from skiffdemo 1.0)");
    }

    @Test
    void badRequests_getTheReadmesStatusCodes() {
        assertThat(server.send("POST", "/deploy", "{\"id\": \"no-handler\"}").statusCode()).isEqualTo(400);
        assertThat(server.send("POST", "/deploy", "{\"id\": \"Bad Name\", \"handler\": \"def handle(req): return 1\"}")
                .statusCode()).isEqualTo(400);
        assertThat(server.send("POST", "/invoke", "{\"payload\": {}}").statusCode()).isEqualTo(400);
        assertThat(server.send("POST", "/invoke", "[1, 2]").statusCode()).isEqualTo(400);
        JsonNode failedDeploy = TestServer.read(server.send("POST", "/deploy",
                "{\"id\": \"broken\", \"handler\": \"def handle(req) return 1\"}").body());
        assertThat(failedDeploy.get("message").asText()).contains("SyntaxError");
        assertThat(server.send("POST", "/deploy", "{\"id\": \"broken\", \"handler\": \"def handle(req) return 1\"}")
                .statusCode()).isEqualTo(500);
        HttpResponse<String> unknown = server.send("POST", "/invoke", "{\"id\": \"never-deployed\", \"payload\": {}}");
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    @Test
    void invoke_handlerRaises_is500WithStatusError() {
        deploy("{\"id\": \"raises\", \"handler\": \"def handle(req):\\n    raise ValueError('nope')\"}");

        HttpResponse<String> response = server.send("POST", "/invoke", "{\"id\": \"raises\", \"payload\": {}}");

        assertThat(response.statusCode()).isEqualTo(500);
        JsonNode body = TestServer.read(response.body());
        assertThat(body.get("status").asText()).isEqualTo("error");
        assertThat(body.get("message").asText()).contains("ValueError: nope");
    }
}
