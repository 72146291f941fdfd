package dev.skiff.server.api;

import dev.skiff.api.Namespaces;
import dev.skiff.api.Quote;
import dev.skiff.server.activations.Activations;
import dev.skiff.server.activations.AsyncInvoker;
import dev.skiff.server.auth.TokenSecrets;
import dev.skiff.server.auth.Tokens;
import dev.skiff.server.dataplane.Headers;
import dev.skiff.server.dataplane.InternalHeaders;
import dev.skiff.server.dataplane.Invocation;
import dev.skiff.server.dataplane.Route;
import dev.skiff.server.errors.ErrorCode;
import dev.skiff.server.errors.Errors;
import dev.skiff.server.errors.SkiffException;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.function.Function;

/** {@code POST /async-function/{name}[/path]} and the activation records under {@code /api/v1/activations}. */
public final class ActivationsApi {
    private static final int DEFAULT_LIMIT = 30;
    private static final int MAX_LIMIT = 1000;
    private final AsyncInvoker async;
    private final Activations activations;
    private final Function<String, Route> routes;
    private final Tokens tokens;

    /**
     * An API over these parts; {@code routes} finds a function's route (null when there is none), for
     * the largest body it takes and whether its callers need a token, checked against {@code tokens}.
     */
    public ActivationsApi(AsyncInvoker async, Activations activations, Function<String, Route> routes, Tokens tokens) {
        this.async = async;
        this.activations = activations;
        this.routes = routes;
        this.tokens = tokens;
    }

    /** {@code GET /api/v1/activations}: lists those of the request's namespace ({@code ?function=} narrows to one). */
    public void list(RoutingContext ctx) {
        String namespace = NamespacePaths.of(ctx);
        String function = blankToNull(ctx.queryParams().get("function"));
        Blocking.reply(ctx, 200, () -> Map.of("items", activations.list(
                function == null ? null : NamespacePaths.key(ctx, function, "function"), namespace,
                limit(ctx.queryParams().get("limit")))));
    }

    /** {@code GET /api/v1/activations/:id}: answers it. */
    public void get(RoutingContext ctx) {
        String namespace = NamespacePaths.of(ctx);
        Blocking.reply(ctx, 200, () -> get(ctx.pathParam("id"), namespace));
    }

    /** {@code POST /async-function/{name}[/path]}: queues the call and answers 202 with its activation id. */
    public void invokeAsync(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        Route route = routes.apply(name);
        if (route == null) {
            Bodies.refuse(ctx, SkiffException.noFunction(name));
            return;
        }
        SkiffException refusal = route.requiresToken() ? tokens.invokeRefusal(name, ctx.request().getHeader("Authorization")) : null;
        if (refusal != null) {
            Bodies.refuse(ctx, refusal);
            return;
        }
        long limit = route.maxRequestBytes();
        // A function takes any media type, forms included, as its bytes: as on the synchronous path.
        Bodies.read(ctx, limit, type -> true, type -> "", () -> SkiffException.tooLarge(name, limit),
                body -> submit(ctx, name, body));
    }

    private void submit(RoutingContext ctx, String name, Buffer body) {
        String prefix = "/async-function/" + name;
        String rest = ctx.request().uri().substring(Math.min(prefix.length(), ctx.request().uri().length()));
        String uri = rest.isEmpty() ? "/" : rest.startsWith("?") ? "/" + rest : rest;
        MultiMap headers = Headers.copyEndToEnd(ctx.request().headers(), MultiMap.caseInsensitiveMultiMap());
        // The call is queued in the database: a Skiff token the caller sent is neither stored nor passed on.
        if (TokenSecrets.carriesSkiffToken(headers.get("Authorization"))) {
            headers.remove("Authorization");
        }
        Context context = Vertx.currentContext();
        async.submit(name, new Invocation(ctx.request().method(), uri, headers, body)).whenComplete((id, failure) ->
                context.runOnContext(v -> {
                    if (failure != null) {
                        Errors.write(ctx.response(), failure.getCause() != null ? failure.getCause() : failure);
                    } else {
                        ctx.response().putHeader(InternalHeaders.ACTIVATION_ID, id);
                        Json.write(ctx.response(), 202, AsyncInvoker.accepted(id));
                    }
                }));
    }

    /** The record {@code id} when its function is in {@code namespace}; pending or 404 otherwise. */
    private Object get(String id, String namespace) {
        return activations.get(id).filter(record -> Namespaces.namespaceOf(record.function()).equals(namespace))
                .map(Object.class::cast).orElseGet(() -> {
            if (async.pending(id)) {
                return Map.of("activationId", id, "status", "pending");
            }
            throw new SkiffException(ErrorCode.NOT_FOUND, "activation " + Quote.value(id) + " not found (records are kept for the"
                    + " server's --activation-retention)");
        });
    }

    private static int limit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit > 0 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new SkiffException(ErrorCode.VALIDATION_FAILED, "limit must be a whole number from 1 to " + MAX_LIMIT + "; got " + Quote.value(value));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

}
