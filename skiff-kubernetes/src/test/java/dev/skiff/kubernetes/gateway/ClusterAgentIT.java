package dev.skiff.kubernetes.gateway;

import dev.skiff.kubernetes.testing.KubeletStandIn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.skiff.kubernetes.model.FunctionResource;
import dev.skiff.kubernetes.operator.ClusterCapabilities;
import dev.skiff.kubernetes.operator.SkiffOperator;
import dev.skiff.kubernetes.translate.TranslationConfig;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The seed-002 agent's API on the cluster gateway (issue 22), against the mock API server with the
 * operator: tokens from the Secret skiff-tokens by role, /deploy making a Function and answering once
 * it is Ready, /functions, /invoke through the gateway to a stand-in pod, and bad input.
 */
@EnableKubernetesMockClient(crud = true)
class ClusterAgentIT {
    private static final String NAMESPACE = "test";
    private static final String DEVELOPER = "dev-token-123";
    private static final String INVOKER = "invoke-token-456";
    private KubernetesClient client;
    private SkiffOperator operator;
    private KubeletStandIn kubelet;
    private ClusterGateway gateway;
    private HttpServer pod;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void start() throws IOException {
        operator = SkiffOperator.create(client, ClusterCapabilities.PLAIN, TranslationConfig.DEFAULT, Set.of(), Clock.systemUTC());
        operator.start();
        kubelet = KubeletStandIn.follow(client, NAMESPACE);
        client.resource(new SecretBuilder().withNewMetadata().withName(ClusterTokens.SECRET).withNamespace(NAMESPACE).endMetadata()
                .addToData("ci", base64("developer:" + ClusterTokens.sha256(DEVELOPER)))
                .addToData("reader", base64("invoker:" + ClusterTokens.sha256(INVOKER))).build()).create();
        pod = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        pod.createContext("/", exchange -> {
            byte[] answer = ("{\"echo\": " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8) + "}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        pod.start();
        java.util.function.BiFunction<String, String, Optional<FunctionResource>> functions = (namespace, name) ->
                Optional.ofNullable(client.resources(FunctionResource.class).inNamespace(namespace).withName(name).get());
        AtomicInteger port = new AtomicInteger();
        gateway = ClusterGateway.start("127.0.0.1", 0, new ClusterGateway.Wiring(NAMESPACE,
                new KubernetesBackend(new DeploymentReplicas(client), functions), functions,
                target -> URI.create("http://127.0.0.1:" + pod.getAddress().getPort()), System::nanoTime, () -> true,
                new ClusterAgent(client, NAMESPACE, Duration.ofSeconds(30), port::get)));
        port.set(gateway.port());
    }

    @AfterEach
    void stop() {
        kubelet.close();
        gateway.close();
        operator.close();
        pod.stop(0);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode body(HttpResponse<String> answer) throws IOException {
        return json.readTree(answer.body());
    }

    @Test
    void health_isOpen_andNamesTheNamespace() throws Exception {
        HttpResponse<String> answer = send("GET", "/health", null, "");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(body(answer).path("status").asText()).isEqualTo("healthy");
        assertThat(body(answer).path("namespace").asText()).isEqualTo(NAMESPACE);
    }

    @Test
    void deploy_takesADevelopersToken_only() throws Exception {
        String deploy = "{\"id\": \"echo\", \"handler\": \"def handle(req):\\n    return req\\n\"}";

        assertThat(send("POST", "/deploy", null, deploy).statusCode()).isEqualTo(401);
        assertThat(send("POST", "/deploy", "guessed", deploy).statusCode()).isEqualTo(401);
        HttpResponse<String> invoker = send("POST", "/deploy", INVOKER, deploy);
        assertThat(invoker.statusCode()).isEqualTo(403);
        assertThat(body(invoker).path("error").asText()).isEqualTo("Forbidden");
        assertThat(client.resources(FunctionResource.class).inNamespace(NAMESPACE).withName("echo").get())
                .as("nothing made by a refused call").isNull();
    }

    @Test
    void deploy_thenList_thenInvoke_throughTheGateway() throws Exception {
        HttpResponse<String> deployed = send("POST", "/deploy", DEVELOPER,
                "{\"id\": \"echo\", \"handler\": \"def handle(req):\\n    return req\\n\", \"requirements\": \"\"}");

        assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(200);
        assertThat(body(deployed).path("status").asText()).isEqualTo("deployed");
        assertThat(body(deployed).path("image").asText()).isEqualTo("skiff/echo:echo-00001");
        FunctionResource made = client.resources(FunctionResource.class).inNamespace(NAMESPACE).withName("echo").get();
        assertThat(made.getSpec().source().content()).contains("return req");
        assertThat(made.getSpec().handler()).isEqualTo("handler.handle");

        JsonNode listed = body(send("GET", "/functions", INVOKER, ""));
        assertThat(listed.path("functions")).anySatisfy(f -> assertThat(f.path("id").asText()).isEqualTo("echo"));

        HttpResponse<String> invoked = send("POST", "/invoke", INVOKER, "{\"id\": \"echo\", \"payload\": {\"x\": 1}}");
        assertThat(invoked.statusCode()).as(invoked.body()).isEqualTo(200);
        assertThat(body(invoked).path("status").asText()).isEqualTo("success");
        assertThat(body(invoked).path("result").path("echo").path("x").asInt()).isEqualTo(1);
    }

    @Test
    void badInput_isA400_thatNamesTheProblem() throws Exception {
        HttpResponse<String> notJson = send("POST", "/deploy", DEVELOPER, "{nope");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(body(notJson).path("error").asText()).isEqualTo("MalformedRequest");

        HttpResponse<String> noHandler = send("POST", "/deploy", DEVELOPER, "{\"id\": \"x\"}");
        assertThat(noHandler.statusCode()).isEqualTo(400);
        assertThat(body(noHandler).path("message").asText()).contains("handler is required");

        HttpResponse<String> badName = send("POST", "/deploy", DEVELOPER, "{\"id\": \"Not_A_Name\", \"handler\": \"x = 1\"}");
        assertThat(badName.statusCode()).isEqualTo(400);
        assertThat(body(badName).path("error").asText()).isEqualTo("ValidationFailed");

        HttpResponse<String> badId = send("POST", "/invoke", INVOKER, "{\"id\": \"../api\"}");
        assertThat(badId.statusCode()).isEqualTo(400);

        HttpResponse<String> unknown = send("POST", "/invoke", INVOKER, "{\"id\": \"nothing-here\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);

        assertThat(send("GET", "/deploy", DEVELOPER, "").statusCode()).isEqualTo(405);
    }
}
