package dev.skiff.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.skiff.api.Documents;
import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
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
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The seed-002 FaaS agent's API, served unchanged so its clients keep working: {@code GET /health},
 * {@code POST /deploy}, {@code POST /invoke}, {@code GET /functions}, with the status codes its
 * README gives (400 bad body, 500 failed deploy or invocation; 404 for an unknown id).
 */
public final class AgentApi {
    private static final String PLATFORM = "skiff";
    private static final String MODULE = "handler";
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
            JsonNode body = object(ctx);
            String handler = text(body, "handler");
            if (handler == null || handler.isBlank()) {
                throw new SkiffException(ErrorCode.VALIDATION_FAILED, "handler is required: the Python source defining handle(req)");
            }
            String id = text(body, "id");
            function = Function.of(id == null || id.isBlank() ? generatedId() : id, FunctionSpec.builder()
                    .runtime("python3")
                    .handler(MODULE + ".handle")
                    .source(Source.text(MODULE + ".py", handler))
                    .requirements(text(body, "requirements"))
                    .build());
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

    private static JsonNode object(RoutingContext ctx) {
        String text = Bodies.text(ctx);
        try {
            JsonNode node = text == null || text.isBlank() ? null : Documents.json().readTree(text);
            if (node == null || !node.isObject()) {
                throw new SkiffException(ErrorCode.MALFORMED_REQUEST, "the body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new SkiffException(ErrorCode.MALFORMED_REQUEST, "the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new SkiffException(ErrorCode.VALIDATION_FAILED, field + " must be a string");
        }
        return value.asText();
    }

    private static String image(Function function) {
        String revision = function.status() == null ? null : function.status().latestReadyRevision();
        return "skiff/" + function.name() + ":" + (revision == null ? "latest" : revision);
    }

    private static String generatedId() {
        return "func-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }
}
