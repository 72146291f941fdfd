package dev.skiff.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.skiff.api.Documents;
import dev.skiff.api.Function;
import dev.skiff.core.agent.AgentRequests;
import dev.skiff.server.control.FunctionService;
import dev.skiff.server.dataplane.FunctionInvoker;
import dev.skiff.server.dataplane.Invocation;
import dev.skiff.server.dataplane.InvocationResult;
import dev.skiff.server.errors.ErrorCode;
import dev.skiff.server.errors.Errors;
import dev.skiff.server.errors.SkiffException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The seed-002 FaaS agent's API, served unchanged so its clients keep working: {@code GET /health},
 * {@code POST /deploy}, {@code POST /invoke}, {@code GET /functions}, with the status codes its
 * README gives (400 bad body, 500 failed deploy or invocation; 404 for an unknown id).
 */
public final class AgentApi {
    private static final String PLATFORM = AgentRequests.PLATFORM;
    private final FunctionService functions;
    private final FunctionInvoker gateway;

    /** The agent API over this control plane and gateway. */
    public AgentApi(FunctionService functions, FunctionInvoker gateway) {
        this.functions = functions;
        this.gateway = gateway;
    }

    /** {@code GET /health}: answers the agent's health. */
    public void health(RoutingContext ctx) {
        Json.write(ctx.response(), 200,
                Map.of("status", "healthy", "platform", PLATFORM, "workflow", "local"));
    }

    /** {@code GET /functions}: lists the functions in the agent's shape. */
    public void functions(RoutingContext ctx) {
        Blocking.call(functions::list).onComplete(ar -> {
            if (ar.failed()) {
                Errors.write(ctx.response(), ar.cause());
                return;
            }
            Json.write(ctx.response(), 200, Map.of("functions", ar.result().stream()
                    .filter(f -> f.namespace().equals(dev.skiff.api.Namespaces.DEFAULT)).map(f -> Map.of(
                    "id", f.name(),
                    "image", image(f),
                    "ready", f.status().isReady(),
                    "platform", PLATFORM)).toList()));
        });
    }

    /** {@code POST /deploy}: deploys the agent's Python handler as a function. */
    public void deploy(RoutingContext ctx) {
        Function function;
        try {
            function = AgentRequests.deployed(object(ctx));
        } catch (AgentRequests.BadRequest e) {
            Errors.write(ctx.response(), refused(e), Map.of());
            return;
        } catch (SkiffException e) {
            Errors.write(ctx.response(), e, Map.of());
            return;
        }
        Blocking.call(() -> functions.apply(function)).onComplete(ar -> {
            if (ar.failed()) {
                SkiffException failure = Errors.classify(ar.cause());
                int status = failure.code().status() == 400 ? 400 : 500;
                Errors.write(ctx.response(), status, failure, Map.of("status", "failed", "platform", PLATFORM));
                return;
            }
            Function deployed = ar.result();
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("id", deployed.name());
            answer.put("image", image(deployed));
            answer.put("status", "deployed");
            answer.put("platform", PLATFORM);
            answer.put("endpoint", deployed.status().url());
            Json.write(ctx.response(), 200, answer);
        });
    }

    /** {@code POST /invoke}: invokes a function by id with the given payload. */
    public void invoke(RoutingContext ctx) {
        String id;
        Buffer payload;
        try {
            JsonNode body = object(ctx);
            id = text(body, "id");
            if (id == null || id.isBlank()) {
                throw new SkiffException(ErrorCode.VALIDATION_FAILED, "id is required: the id of a deployed function");
            }
            JsonNode given = body.get("payload");
            payload = Buffer.buffer(Documents.json().writeValueAsBytes(
                    given == null || given.isNull() ? JsonNodeFactory.instance.objectNode() : given));
        } catch (SkiffException e) {
            Errors.write(ctx.response(), e, Map.of());
            return;
        } catch (JsonProcessingException e) {
            Errors.write(ctx.response(), e);
            return;
        }
        // Open with --agent-api-open, this route still calls a function that requires a token only for a caller with one.
        dev.skiff.server.dataplane.Route route = gateway.route(id);
        if (route != null && route.requiresToken()
                && Access.token(ctx).filter(token -> token.reaches(dev.skiff.api.Namespaces.namespaceOf(id))).isEmpty()) {
            Errors.write(ctx.response(), new SkiffException(ErrorCode.UNAUTHORIZED, "function " + dev.skiff.api.Quote.value(id)
                    + " takes callers with a token only (auth: token): send 'Authorization: Bearer <token>'"), Map.of());
            return;
        }
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json");
        long started = System.nanoTime();
        gateway.invoke(id, new Invocation(HttpMethod.POST, "/", headers, payload)).onComplete(ar -> {
            double seconds = (System.nanoTime() - started) / 1e9;
            if (ar.failed()) {
                SkiffException failure = Errors.classify(ar.cause());
                int status = failure.code() == ErrorCode.NOT_FOUND ? 404 : 500;
                Errors.write(ctx.response(), status, failure, Map.of("status", "error", "platform", PLATFORM));
                return;
            }
            InvocationResult result = ar.result();
            Object value = decode(result);
            if (result.status() >= 400) {
                String message = value instanceof JsonNode error && error.hasNonNull("message")
                        ? error.get("message").asText() : String.valueOf(value);
                Errors.write(ctx.response(), 500, new SkiffException(ErrorCode.FUNCTION_ERROR, message),
                        Map.of("status", "error", "execution_time", seconds, "platform", PLATFORM));
                return;
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("result", value);
            answer.put("status", "success");
            answer.put("execution_time", seconds);
            answer.put("platform", PLATFORM);
            Json.write(ctx.response(), 200, answer);
        });
    }

    /** The function's answer as the agent reported it: parsed JSON when it is JSON, else the text. */
    private static Object decode(InvocationResult result) {
        String type = result.headers().get("Content-Type");
        String text = result.body().toString(StandardCharsets.UTF_8);
        if (type != null && type.startsWith("application/json")) {
            try {
                return Documents.json().readTree(text);
            } catch (JsonProcessingException e) {
                return text;
            }
        }
        return text;
    }

    /** The body as a JSON object; a {@link SkiffException} (400) naming what is wrong. */
    private static JsonNode object(RoutingContext ctx) {
        try {
            return AgentRequests.object(Bodies.text(ctx));
        } catch (AgentRequests.BadRequest e) {
            throw refused(e);
        }
    }

    private static String text(JsonNode body, String field) {
        try {
            return AgentRequests.text(body, field);
        } catch (AgentRequests.BadRequest e) {
            throw refused(e);
        }
    }

    private static SkiffException refused(AgentRequests.BadRequest e) {
        return new SkiffException(e.malformed() ? ErrorCode.MALFORMED_REQUEST : ErrorCode.VALIDATION_FAILED, e.getMessage());
    }

    private static String image(Function function) {
        return AgentRequests.image(function.name(), function.status() == null ? null : function.status().latestReadyRevision());
    }
}
