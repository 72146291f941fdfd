package dev.skiff.server.api;

import dev.skiff.api.Documents;
import dev.skiff.api.Function;
import dev.skiff.api.Namespaces;
import dev.skiff.api.Quote;
import dev.skiff.api.Revision;
import dev.skiff.api.Source;
import dev.skiff.api.TrafficTarget;
import dev.skiff.api.ValidationException;
import dev.skiff.server.control.FunctionService;
import dev.skiff.server.dataplane.Route;
import dev.skiff.server.errors.ErrorCode;
import dev.skiff.server.errors.Errors;
import dev.skiff.server.errors.SkiffException;
import dev.skiff.server.logs.LogStore;
import dev.skiff.server.serving.Instance;
import dev.skiff.server.serving.ServedRevision;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /** {@code POST /api/v1/functions}: creates it, in the request's namespace. */
    public void create(RoutingContext ctx) {
        String namespace = NamespacePaths.of(ctx);
        Blocking.reply(ctx, 201,
                () -> functions.create(NamespacePaths.into(namespace, Documents.read(Bodies.text(ctx), Function.class))));
    }

    /** {@code GET /api/v1/functions}: lists those of the request's namespace. */
    public void list(RoutingContext ctx) {
        String namespace = NamespacePaths.of(ctx);
        Blocking.reply(ctx, 200, () -> Map.of("items", functions.list().stream()
                .filter(function -> function.namespace().equals(namespace)).map(FunctionsApi::summary).toList()));
    }

    /** {@code GET /api/v1/functions/:name}: answers it. */
    public void get(RoutingContext ctx) {
        Blocking.reply(ctx, 200, () -> functions.get(name(ctx)));
    }

    /** {@code PUT /api/v1/functions/:name}: replaces its spec with a new revision. */
    public void replace(RoutingContext ctx) {
        String namespace = NamespacePaths.of(ctx);
        Blocking.reply(ctx, 200, () -> functions.update(name(ctx),
                NamespacePaths.into(namespace, Documents.read(Bodies.text(ctx), Function.class))));
    }

    /** {@code DELETE /api/v1/functions/:name}: deletes it. */
    public void delete(RoutingContext ctx) {
        Blocking.reply(ctx, 200, () -> functions.delete(name(ctx)));
    }

    /**
     * {@code GET /api/v1/functions/:name/revisions}: lists the function's revisions, each spec's
     * source summarized, or whole with {@code ?source=full} (what {@code skiff export} needs).
     */
    public void revisions(RoutingContext ctx) {
        boolean fullSource = "full".equals(ctx.request().getParam("source"));
        Blocking.reply(ctx, 200,
                () -> Map.of("items", revisions(name(ctx), fullSource)));
    }

    /** {@code GET /api/v1/functions/:name/instances}: lists the function's instances. */
    public void instances(RoutingContext ctx) {
        Blocking.reply(ctx, 200,
                () -> Map.of("items", instances(functions.route(name(ctx)))));
    }

    /** {@code PUT /api/v1/functions/:name/traffic}: replaces the function's traffic table. */
    public void setTraffic(RoutingContext ctx) {
        Blocking.reply(ctx, 200, () -> functions.setTraffic(name(ctx),
                Documents.read(Bodies.text(ctx), TrafficChange.class).checked().traffic()));
    }

    /** {@code POST /api/v1/functions/:name/rollback}: undoes the function's newest rollout. */
    public void rollback(RoutingContext ctx) {
        Blocking.reply(ctx, 200, () -> functions.rollback(name(ctx)));
    }

    /** {@code PUT /api/v1/functions/:name/scale}: changes the function's scaling bounds. */
    public void scale(RoutingContext ctx) {
        Blocking.reply(ctx, 200, () -> {
            ScaleChange change = Documents.read(Bodies.text(ctx), ScaleChange.class);
            return functions.scale(name(ctx), change.minScale(), change.maxScale());
        });
    }

    /** The key of the function the path names, in the request's namespace. */
    private static String name(RoutingContext ctx) {
        return NamespacePaths.key(ctx, ctx.pathParam("name"), "function");
    }

    /** A listing entry: the function without its (possibly large) source content. */
    private static Function summary(Function function) {
        return function.withSpec(function.spec().withSource(summary(function.spec().source())));
    }

    private static Source summary(Source source) {
        return source == null ? null : new Source(source.filename(), null, source.contentType());
    }

    /** The body of {@code PUT .../traffic}: the new traffic table. */
    public record TrafficChange(List<TrafficTarget> traffic) {
        TrafficChange checked() {
            if (traffic == null) {
                throw ValidationException.of("traffic", "is required, e.g. {\"traffic\": [{\"revisionName\": \"hello-00001\", \"percent\": 100}]}");
            }
            return this;
        }
    }

    /** The body of {@code PUT .../scale}: new bounds; a missing one stays as it is. */
    public record ScaleChange(Integer minScale, Integer maxScale) {}

    /** The function's revisions, newest first, each with its share, tags and activity when it is served. */
    private List<Map<String, Object>> revisions(String name, boolean fullSource) {
        List<Revision> revisions = functions.revisions(name);
        Route route = functions.route(name);
        List<Map<String, Object>> items = new ArrayList<>();
        for (Revision revision : revisions) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("name", Namespaces.nameOf(revision.name()));
            view.put("function", Namespaces.nameOf(revision.function()));
            view.put("number", revision.number());
            view.put("created", revision.created());
            ServedRevision server = route.revision(revision.name());
            view.put("traffic", server == null ? 0 : route.share(server));
            List<String> tags = new ArrayList<>();
            route.tags().forEach((tag, tagged) -> {
                if (tagged == server) {
                    tags.add(tag);
                }
            });
            view.put("tags", tags);
            view.put("status", server == null ? null : server.stats());
            view.put("limits", server == null ? null : server.limits());
            view.put("spec", fullSource ? revision.spec() : revision.spec().withSource(summary(revision.spec().source())));
            items.add(view);
        }
        return items;
    }

    private static List<Map<String, Object>> instances(Route route) {
        return route.revisions().stream()
                .flatMap(serving -> serving.instances().stream().map(instance -> instanceView(serving, instance)))
                .toList();
    }

    private static Map<String, Object> instanceView(ServedRevision serving, Instance instance) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", instance.id());
        view.put("revision", Namespaces.nameOf(instance.revision()));
        view.put("pid", instance.pid());
        view.put("port", instance.port());
        instance.socket().ifPresent(socket -> view.put("socket", socket.toString()));
        view.put("state", !instance.isAlive() ? "Stopped"
                : serving.dispatcher().ready().contains(instance) ? "Ready" : "Draining");
        view.put("inFlight", serving.dispatcher().inFlight(instance));
        view.put("startedAt", instance.startedAt().toString());
        view.put("pooled", instance.pooled());
        return view;
    }

    /** {@code GET /api/v1/functions/{name}/logs}: the function's log lines, {@code ?tail=N}, {@code ?follow=true} to keep streaming. */
    public void logs(RoutingContext ctx) {
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
        throw new SkiffException(ErrorCode.VALIDATION_FAILED, "tail must be a whole number of lines, 0 or more; got " + Quote.value(value));
    }

    private static void closeQuietly(AutoCloseable subscription) {
        try {
            subscription.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
