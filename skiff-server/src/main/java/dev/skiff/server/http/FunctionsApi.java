package dev.skiff.server.http;

import dev.skiff.api.Documents;
import dev.skiff.api.Function;
import dev.skiff.api.Source;
import dev.skiff.server.ErrorCode;
import dev.skiff.server.SkiffException;
import dev.skiff.server.backend.Instance;
import dev.skiff.server.control.FunctionService;
import dev.skiff.server.logs.LogStore;
import dev.skiff.server.serving.RevisionServer;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** The REST API under {@code /api/v1}: functions, their revisions, instances and logs (docs/api.md). */
public final class FunctionsApi {
    private static final int DEFAULT_TAIL = 100;
    private final FunctionService functions;
    private final LogStore logs;

    /** An API over this control plane and log store. */
    public FunctionsApi(FunctionService functions, LogStore logs) {
        this.functions = functions;
        this.logs = logs;
    }

    /** Adds the API's routes; the router must already read bodies. */
    public void mount(Router router) {
        router.post("/api/v1/functions").handler(ctx -> reply(ctx, 201,
                () -> functions.create(Documents.read(ctx.body().asString(), Function.class))));
        router.get("/api/v1/functions").handler(ctx -> reply(ctx, 200,
                () -> Map.of("items", functions.list().stream().map(FunctionsApi::summary).toList())));
        router.get("/api/v1/functions/:name").handler(ctx -> reply(ctx, 200, () -> functions.get(name(ctx))));
        router.put("/api/v1/functions/:name").handler(ctx -> reply(ctx, 200,
                () -> functions.update(name(ctx), Documents.read(ctx.body().asString(), Function.class))));
        router.delete("/api/v1/functions/:name").handler(ctx -> reply(ctx, 200, () -> functions.delete(name(ctx))));
        router.get("/api/v1/functions/:name/revisions").handler(ctx -> reply(ctx, 200,
                () -> Map.of("items", functions.revisions(name(ctx)))));
        router.get("/api/v1/functions/:name/instances").handler(ctx -> reply(ctx, 200,
                () -> Map.of("items", instances(functions.serving(name(ctx))))));
        router.get("/api/v1/functions/:name/logs").handler(this::logs);
    }

    private static String name(RoutingContext ctx) {
        return ctx.pathParam("name");
    }

    private static void reply(RoutingContext ctx, int status, Callable<Object> work) {
        Blocking.call(work).onComplete(ar -> {
            if (ar.succeeded()) {
                Json.write(ctx.response(), status, ar.result());
            } else {
                Errors.write(ctx.response(), ar.cause());
            }
        });
    }

    /** A listing entry: the function without its (possibly large) source content. */
    private static Function summary(Function function) {
        Source source = function.spec().source();
        return source == null ? function
                : function.withSpec(function.spec().withSource(new Source(source.filename(), null, source.contentType())));
    }

    private static List<Map<String, Object>> instances(RevisionServer serving) {
        return serving.instances().stream().map(instance -> instanceView(serving, instance)).toList();
    }

    private static Map<String, Object> instanceView(RevisionServer serving, Instance instance) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", instance.id());
        view.put("revision", instance.revision());
        view.put("pid", instance.pid());
        view.put("port", instance.port());
        view.put("state", instance.isAlive() ? "Ready" : "Stopped");
        view.put("inFlight", serving.dispatcher().inFlight(instance));
        view.put("startedAt", instance.startedAt().toString());
        view.put("pooled", instance.pooled());
        return view;
    }

    private void logs(RoutingContext ctx) {
        String name = name(ctx);
        int tail;
        try {
            tail = parseTail(ctx.queryParams().get("tail"));
        } catch (SkiffException e) {
            Errors.write(ctx.response(), e);
            return;
        }
        boolean follow = "true".equalsIgnoreCase(ctx.queryParams().get("follow"));
        Blocking.call(() -> {
            functions.get(name);
            return logs.tail(name, tail);
        }).onComplete(ar -> {
            HttpServerResponse response = ctx.response();
            if (ar.failed()) {
                Errors.write(response, ar.cause());
                return;
            }
            response.putHeader("Content-Type", "text/plain; charset=utf-8");
            if (!follow) {
                response.end(String.join("\n", ar.result()) + (ar.result().isEmpty() ? "" : "\n"));
                return;
            }
            response.setChunked(true);
            response.writeHead();
            ar.result().forEach(line -> response.write(line + "\n"));
            Context context = Vertx.currentContext();
            AutoCloseable subscription = logs.follow(name, line -> context.runOnContext(v -> {
                if (!response.closed()) {
                    response.write(line + "\n");
                }
            }));
            response.closeHandler(v -> closeQuietly(subscription));
        });
    }

    private static int parseTail(String value) {
        if (value == null) {
            return DEFAULT_TAIL;
        }
        try {
            int tail = Integer.parseInt(value);
            if (tail >= 0) {
                return tail;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new SkiffException(ErrorCode.VALIDATION_FAILED, "tail must be a whole number of lines, 0 or more; got '" + value + "'");
    }

    private static void closeQuietly(AutoCloseable subscription) {
        try {
            subscription.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
