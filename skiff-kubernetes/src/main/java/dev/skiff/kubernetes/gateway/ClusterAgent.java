package dev.skiff.kubernetes.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.api.Documents;
import dev.skiff.api.Function;
import dev.skiff.api.FunctionStatus;
import dev.skiff.api.ValidationException;
import dev.skiff.core.agent.AgentRequests;
import dev.skiff.kubernetes.model.FunctionResource;
import dev.skiff.runtimes.admission.FunctionAdmission;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * The seed-002 FaaS agent's API on the cluster gateway, as the embedded server serves it: {@code GET
 * /health}, {@code POST /deploy} (creates or updates a Function resource in the gateway's namespace
 * and answers once it is Ready), {@code POST /invoke} (through the gateway's own {@code /function}
 * path), {@code GET /functions}. Behind the embedded server's roles: {@code /deploy} takes a
 * developer's token, {@code /invoke} and {@code /functions} an invoker's, from {@link ClusterTokens};
 * {@code /health} is open. Blocking: the gateway calls it on a thread of its own.
 */
final class ClusterAgent {
    private static final String PLATFORM = AgentRequests.PLATFORM;
    private static final Duration POLL = Duration.ofMillis(200);
    private final KubernetesClient client;
    private final String namespace;
    private final Duration deployTimeout;
    private final IntSupplier gatewayPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * The agent of {@code namespace}.
     *
     * @param deployTimeout how long {@code /deploy} waits for the function to be Ready
     * @param gatewayPort the gateway's own port, which {@code /invoke} calls
     */
    ClusterAgent(KubernetesClient client, String namespace, Duration deployTimeout, IntSupplier gatewayPort) {
        this.client = client;
        this.namespace = namespace;
        this.deployTimeout = deployTimeout;
        this.gatewayPort = gatewayPort;
    }

    /** An answer: its status and JSON body. */
    record Answer(int status, ObjectNode body) {}

    /** True for the paths the agent answers. */
    static boolean serves(String path) {
        return path.equals("/health") || path.equals("/deploy") || path.equals("/invoke") || path.equals("/functions");
    }

    /** Answers {@code method path} with {@code body}, from a caller presenting {@code authorization}. */
    Answer handle(String method, String path, String authorization, String body) {
        String expected = path.equals("/deploy") || path.equals("/invoke") ? "POST" : "GET";
        if (!expected.equals(method)) {
            return error(405, "MethodNotAllowed", path + " takes " + expected);
        }
        if (path.equals("/health")) {
            return new Answer(200, object().put("status", "healthy").put("platform", PLATFORM).put("workflow", "kubernetes")
                    .put("namespace", namespace));
        }
        ClusterTokens.Role needed = path.equals("/deploy") ? ClusterTokens.Role.DEVELOPER : ClusterTokens.Role.INVOKER;
        Optional<Answer> refused = refusal(authorization, needed);
        if (refused.isPresent()) {
            return refused.get();
        }
        try {
            return switch (path) {
                case "/deploy" -> deploy(AgentRequests.object(body));
                case "/invoke" -> invoke(AgentRequests.object(body));
                default -> functions();
            };
        } catch (AgentRequests.BadRequest e) {
            return error(400, e.malformed() ? "MalformedRequest" : "ValidationFailed", e.getMessage());
        } catch (BadRequest e) {
            return error(400, e.error, e.getMessage());
        } catch (KubernetesClientException e) {
            return error(500, "ApiServerError", "the API server refused: " + e.getMessage());
        }
    }

    private Optional<Answer> refusal(String authorization, ClusterTokens.Role needed) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(error(401, "Unauthorized", "send 'Authorization: Bearer <token>' with a token of Secret "
                    + ClusterTokens.SECRET + " in namespace " + namespace));
        }
        Secret secret = client.secrets().inNamespace(namespace).withName(ClusterTokens.SECRET).get();
        Map<String, String> entries = new LinkedHashMap<>();
        if (secret != null && secret.getData() != null) {
            secret.getData().forEach((name, value) -> entries.put(name,
                    new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
        }
        Optional<ClusterTokens.Role> role = ClusterTokens.roleOf(entries, authorization.substring(7).strip());
        if (role.isEmpty()) {
            return Optional.of(error(401, "Unauthorized", "the token is not one of Secret " + ClusterTokens.SECRET
                    + " in namespace " + namespace));
        }
        if (role.get().compareTo(needed) < 0) {
            return Optional.of(error(403, "Forbidden", "this needs a token of role "
                    + needed.name().toLowerCase(java.util.Locale.ROOT) + " or above"));
        }
        return Optional.empty();
    }

    private Answer deploy(JsonNode body) {
        Function function = AgentRequests.deployed(body);
        try {
            FunctionAdmission.builtIn().admit(function);
        } catch (ValidationException e) {
            throw new BadRequest("ValidationFailed", e.getMessage());
        }
        FunctionResource resource = new FunctionResource();
        resource.setMetadata(new ObjectMetaBuilder().withName(function.name()).withNamespace(namespace).build());
        resource.setSpec(function.spec());
        FunctionResource existing = client.resources(FunctionResource.class).inNamespace(namespace)
                .withName(function.name()).get();
        FunctionResource written = existing == null ? client.resource(resource).create()
                : client.resources(FunctionResource.class).inNamespace(namespace).withName(function.name()).edit(f -> {
                    f.setSpec(function.spec());
                    return f;
                });
        Optional<FunctionResource> ready = awaitReady(function.name(), written.getMetadata().getGeneration());
        if (ready.isEmpty()) {
            FunctionResource now = client.resources(FunctionResource.class).inNamespace(namespace).withName(function.name()).get();
            String why = now == null || now.getStatus() == null || now.getStatus().conditions() == null
                    || now.getStatus().conditions().isEmpty() ? "no status yet (is the operator running?)"
                    : now.getStatus().conditions().getFirst().message();
            return new Answer(500, error(500, "DeployFailed", "function " + function.name() + " was not ready within "
                    + deployTimeout.toSeconds() + " s: " + why).body().put("status", "failed").put("platform", PLATFORM));
        }
        FunctionStatus status = ready.get().getStatus();
        return new Answer(200, object().put("id", function.name()).put("image", image(function.name(), status))
                .put("status", "deployed").put("platform", PLATFORM).put("endpoint", status.url()));
    }

    private Optional<FunctionResource> awaitReady(String name, Long generation) {
        long deadline = System.nanoTime() + deployTimeout.toNanos();
        while (true) {
            FunctionResource now = client.resources(FunctionResource.class).inNamespace(namespace).withName(name).get();
            FunctionStatus status = now == null ? null : now.getStatus();
            if (status != null && status.isReady() && status.observedGeneration() != null && generation != null
                    && status.observedGeneration() >= generation && status.latestReadyRevision() != null
                    && status.latestReadyRevision().equals(status.latestCreatedRevision())) {
                return Optional.of(now);
            }
            if (System.nanoTime() > deadline) {
                return Optional.empty();
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    private Answer invoke(JsonNode body) {
        String id = AgentRequests.text(body, "id");
        if (id == null || id.isBlank() || !id.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
            throw new BadRequest("ValidationFailed", "id is required: the id of a deployed function");
        }
        JsonNode payload = body.get("payload");
        long started = System.nanoTime();
        HttpResponse<String> answer;
        try {
            answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort.getAsInt() + "/function/" + id))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(payload == null || payload.isNull() ? "{}" : payload.toString()))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return error(500, "FunctionError", "cannot reach the gateway: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(500, "FunctionError", "interrupted");
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        JsonNode value = decode(answer);
        if (answer.statusCode() >= 400) {
            String message = value.isObject() && value.hasNonNull("message") ? value.get("message").asText() : value.asText();
            String error = answer.statusCode() == 404 ? "NotFound" : "FunctionError";
            return new Answer(answer.statusCode() == 404 ? 404 : 500, error(0, error, message).body()
                    .put("status", "error").put("execution_time", seconds).put("platform", PLATFORM));
        }
        ObjectNode result = object();
        result.set("result", value);
        return new Answer(200, result.put("status", "success").put("execution_time", seconds).put("platform", PLATFORM));
    }

    private Answer functions() {
        ObjectNode answer = object();
        var list = answer.putArray("functions");
        for (FunctionResource f : client.resources(FunctionResource.class).inNamespace(namespace).list().getItems()) {
            FunctionStatus status = f.getStatus();
            list.addObject().put("id", f.getMetadata().getName()).put("image", image(f.getMetadata().getName(), status))
                    .put("ready", status != null && status.isReady()).put("platform", PLATFORM);
        }
        return new Answer(200, answer);
    }

    private static JsonNode decode(HttpResponse<String> answer) {
        String type = answer.headers().firstValue("Content-Type").orElse("");
        if (type.startsWith("application/json")) {
            try {
                return Documents.json().readTree(answer.body());
            } catch (JsonProcessingException e) {
                return JsonNodeFactory.instance.textNode(answer.body());
            }
        }
        return JsonNodeFactory.instance.textNode(answer.body());
    }




    private static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    private static Answer error(int status, String error, String message) {
        return new Answer(status, object().put("error", error).put("message", message));
    }

    /** The agent's name for {@code name} as {@code status} reports it. */
    private static String image(String name, FunctionStatus status) {
        return AgentRequests.image(name, status == null ? null : status.latestReadyRevision());
    }

    /** A request the agent refuses with 400. */
    private static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String error;

        BadRequest(String error, String message) {
            super(message, null, false, false);
            this.error = error;
        }
    }
}
