package dev.skiff.server.api;

import dev.skiff.api.Quote;
import dev.skiff.server.auth.Role;
import dev.skiff.server.errors.ErrorCode;
import dev.skiff.server.errors.Errors;
import dev.skiff.server.errors.SkiffException;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Every route of the server's HTTP API in one table, in the order the router tries them (docs/api.md).
 * Invocations ({@code /function/...}, {@code .../invoke}) are not here: the front answers them before
 * any router. A route that reads a body says how first ({@link Bodies}: which media types, at most how
 * many bytes; a file upload streams, {@link FileUpload}); a route that reads none never buffers one.
 * Handlers run on the event loop and hand blocking work to {@link Blocking}; every failure is
 * answered through {@link Errors}, the one mapping from failures to {@code {error, message}}.
 */
public final class ApiRoutes {
    private ApiRoutes() {}

    /**
     * The handlers behind the routes.
     *
     * @param functions the functions API
     * @param volumes the volumes API
     * @param events brokers, topics, triggers, cron triggers and dead letters
     * @param activations asynchronous invocation and activation records
     * @param agent the seed-002 agent's API
     * @param metrics {@code GET /metrics}
     * @param tokens the tokens API
     * @param namespaces the namespaces API
     * @param secrets the secrets API
     * @param workflows the workflows API
     */
    public record Apis(FunctionsApi functions, VolumesApi volumes, EventsApi events, ActivationsApi activations,
                       AgentApi agent, Handler<RoutingContext> metrics, TokensApi tokens, NamespacesApi namespaces,
                       SecretsApi secrets, WorkflowsApi workflows) {}

    /**
     * A router that reads bodies and answers the probes, which are open and answered while the
     * server starts or stops (the front lets them through); {@code alive} says whether it is up
     * (once it has recorded itself in the CLI configuration), {@code ready} whether it serves yet.
     * The server listens with it before the rest of the API exists, then {@link #mount}s the rest.
     */
    public static Router withProbes(Vertx vertx, BooleanSupplier alive, BooleanSupplier ready) {
        Router router = Router.router(vertx);
        router.get("/healthz").handler(ctx -> {
            if (alive.getAsBoolean()) {
                Json.write(ctx.response(), 200, Map.of("status", "ok"));
            } else {
                Errors.write(ctx.response(), new SkiffException(ErrorCode.UNAVAILABLE, "starting"));
            }
        });
        router.get("/readyz").handler(ctx -> readiness(ctx, ready));
        return router;
    }

    /**
     * Adds every other route to a router made by {@link #withProbes}, in the order they are tried. Every
     * request passes, in this order: the {@code guard} (Host and Origin, 403), the token ({@link Access},
     * 401), the route's role (403), then the route's body rule ({@link Bodies}, 415 and 413). Open: the
     * probes, {@code /health}, invocations (their function decides), and what {@code access} opens.
     */
    public static void mount(Router router, Apis apis, BrowserGuard guard, Access access) {
        router.route().handler(ctx -> guard(ctx, guard));
        router.route().handler(access::authenticate);
        Handler<RoutingContext> admin = access.needs(Role.ADMIN);
        Handler<RoutingContext> developer = access.needs(Role.DEVELOPER);
        Handler<RoutingContext> invoker = access.needs(Role.INVOKER);
        // How each route with a body reads it (Bodies): a function's document, any other document, an event's data.
        Handler<RoutingContext> source = Bodies.document(Bodies.SOURCE_DOCUMENT_LIMIT);
        Handler<RoutingContext> document = Bodies.document(Bodies.DOCUMENT_LIMIT);
        Handler<RoutingContext> data = Bodies.data(Bodies.DATA_LIMIT);
        // Namespaces; a route under /api/v1/namespaces/NS/ is rerouted to the same route below, in NS.
        router.routeWithRegex("^/api/v1/namespaces/([^/]+)/(.+)$").handler(apis.namespaces()::reroute);
        router.post("/api/v1/namespaces").handler(admin).handler(document).handler(apis.namespaces()::create);
        router.get("/api/v1/namespaces").handler(access.needsAnywhere(Role.INVOKER)).handler(apis.namespaces()::list);
        router.get("/api/v1/namespaces/:namespace").handler(NamespacesApi::fromPath).handler(developer)
                .handler(apis.namespaces()::get);
        router.put("/api/v1/namespaces/:namespace").handler(admin).handler(document).handler(apis.namespaces()::update);
        router.delete("/api/v1/namespaces/:namespace").handler(admin).handler(apis.namespaces()::delete);
        // Functions, their revisions, instances, traffic, scale and logs.
        router.post("/api/v1/functions").handler(developer).handler(source).handler(apis.functions()::create);
        router.get("/api/v1/functions").handler(developer).handler(apis.functions()::list);
        router.get("/api/v1/functions/:name").handler(developer).handler(apis.functions()::get);
        router.put("/api/v1/functions/:name").handler(developer).handler(source).handler(apis.functions()::replace);
        router.delete("/api/v1/functions/:name").handler(developer).handler(apis.functions()::delete);
        router.get("/api/v1/functions/:name/revisions").handler(developer).handler(apis.functions()::revisions);
        router.get("/api/v1/functions/:name/instances").handler(developer).handler(apis.functions()::instances);
        router.put("/api/v1/functions/:name/traffic").handler(developer).handler(document).handler(apis.functions()::setTraffic);
        router.post("/api/v1/functions/:name/rollback").handler(developer).handler(apis.functions()::rollback);
        router.put("/api/v1/functions/:name/scale").handler(developer).handler(document).handler(apis.functions()::scale);
        router.get("/api/v1/functions/:name/logs").handler(developer).handler(apis.functions()::logs);
        // Volumes and their files; one on a host directory (spec.path) needs an admin (VolumesApi).
        router.post("/api/v1/volumes").handler(developer).handler(document).handler(apis.volumes()::create);
        router.get("/api/v1/volumes").handler(developer).handler(apis.volumes()::list);
        router.get("/api/v1/volumes/:name").handler(developer).handler(apis.volumes()::get);
        router.delete("/api/v1/volumes/:name").handler(developer).handler(apis.volumes()::delete);
        router.put("/api/v1/volumes/:name/files/*").handler(developer).handler(apis.volumes()::upload);
        router.get("/api/v1/volumes/:name/files").handler(developer).handler(apis.volumes()::download);
        router.get("/api/v1/volumes/:name/files/*").handler(developer).handler(apis.volumes()::download);
        // Secrets: names, keys and users in every answer, values in none.
        router.post("/api/v1/secrets").handler(developer).handler(source).handler(apis.secrets()::create);
        router.get("/api/v1/secrets").handler(developer).handler(apis.secrets()::list);
        router.get("/api/v1/secrets/:name").handler(developer).handler(apis.secrets()::get);
        router.put("/api/v1/secrets/:name").handler(developer).handler(source).handler(apis.secrets()::update);
        router.delete("/api/v1/secrets/:name").handler(developer).handler(apis.secrets()::delete);
        // Workflows: a workflow file can be megabytes, so its body has the function documents' limit.
        router.post("/api/v1/workflows").handler(developer).handler(source).handler(apis.workflows()::create);
        router.get("/api/v1/workflows").handler(developer).handler(apis.workflows()::list);
        router.get("/api/v1/workflows/:name").handler(developer).handler(apis.workflows()::get);
        router.post("/api/v1/workflows/:name/cancel").handler(developer).handler(apis.workflows()::cancel);
        router.post("/api/v1/workflows/:name/retry").handler(developer).handler(apis.workflows()::retry);
        // Brokers (their ingress first), topics, triggers, cron triggers and dead letters.
        router.post("/brokers/:name/events").handler(EventsApi::namespaceFromKey).handler(invoker).handler(data)
                .handler(apis.events()::ingress);
        router.post("/api/v1/brokers").handler(developer).handler(document).handler(apis.events()::createBroker);
        router.get("/api/v1/brokers").handler(developer).handler(apis.events()::brokers);
        router.get("/api/v1/brokers/:name").handler(developer).handler(apis.events()::broker);
        router.delete("/api/v1/brokers/:name").handler(developer).handler(apis.events()::deleteBroker);
        router.post("/api/v1/topics").handler(developer).handler(document).handler(apis.events()::createTopic);
        router.get("/api/v1/topics").handler(developer).handler(apis.events()::topics);
        router.delete("/api/v1/topics/:name").handler(developer).handler(apis.events()::deleteTopic);
        router.post("/api/v1/topics/:name/messages").handler(invoker).handler(data).handler(apis.events()::publishToTopic);
        router.post("/api/v1/triggers").handler(developer).handler(document).handler(apis.events()::createTrigger);
        router.get("/api/v1/triggers").handler(developer).handler(apis.events()::triggers);
        router.delete("/api/v1/triggers/:name").handler(developer).handler(apis.events()::deleteTrigger);
        router.post("/api/v1/crontriggers").handler(developer).handler(document).handler(apis.events()::createCronTrigger);
        router.get("/api/v1/crontriggers").handler(developer).handler(apis.events()::cronTriggers);
        router.get("/api/v1/crontriggers/:name").handler(developer).handler(apis.events()::cronTrigger);
        router.delete("/api/v1/crontriggers/:name").handler(developer).handler(apis.events()::deleteCronTrigger);
        router.get("/api/v1/deadletters").handler(developer).handler(apis.events()::deadLetters);
        router.post("/api/v1/deadletters/:id/replay").handler(developer).handler(apis.events()::replay);
        router.post("/api/v1/deadletters/replay").handler(developer).handler(apis.events()::replayAll);
        // Asynchronous invocation (open: the function decides) and the activation records.
        router.route("/async-function/:name").handler(apis.activations()::invokeAsync);
        router.route("/async-function/:name/*").handler(apis.activations()::invokeAsync);
        router.get("/api/v1/activations").handler(developer).handler(apis.activations()::list);
        router.get("/api/v1/activations/:id").handler(developer).handler(apis.activations()::get);
        // Tokens.
        router.post("/api/v1/tokens").handler(admin).handler(document).handler(apis.tokens()::create);
        router.get("/api/v1/tokens").handler(admin).handler(apis.tokens()::list);
        router.delete("/api/v1/tokens/:name").handler(admin).handler(apis.tokens()::revoke);
        router.get("/api/v1/whoami").handler(access.needsAnywhere(Role.INVOKER)).handler(apis.tokens()::whoami);
        // The seed-002 agent's API, unchanged (open with --agent-api-open).
        router.get("/health").handler(apis.agent()::health);
        router.post("/deploy").handler(developer).handler(source).handler(apis.agent()::deploy);
        router.post("/invoke").handler(invoker).handler(source).handler(apis.agent()::invoke);
        router.get("/functions").handler(invoker).handler(apis.agent()::functions);
        router.get("/metrics").handler(invoker).handler(apis.metrics());
        // Anything else: 404; a failure no handler answered: its {error, message}.
        router.route().last().handler(ctx -> Errors.write(ctx.response(), new SkiffException(ErrorCode.NOT_FOUND,
                "no route " + ctx.request().method() + " " + Quote.plain(ctx.request().path(), Quote.MAX_SHOWN))));
        router.route().failureHandler(ctx -> Errors.write(ctx.response(),
                ctx.failure() != null ? ctx.failure() : Errors.ofStatus(ctx.statusCode())));
    }

    /**
     * Adds to a router made by {@link #withProbes} the routes of the function endpoint, the one
     * address of Skiff a sandboxed function can reach ({@code SKIFF_URL}): besides invocations, which
     * the front answers, only posting events to a broker of the function's own namespace (through its
     * {@code K_SINK}, which carries the namespace's key) and asynchronous invocation. Nothing of the
     * management API: a function cannot deploy, change, read or delete functions, volumes or events.
     */
    public static void mountForFunctions(Router router, Apis apis, BrowserGuard guard) {
        router.route().handler(ctx -> guard(ctx, guard));
        router.post("/sink/:namespace/:key/brokers/:name/events").handler(Bodies.data(Bodies.DATA_LIMIT))
                .handler(apis.events()::sinkIngress);
        router.post("/brokers/:name/events").handler(ctx -> Errors.write(ctx.response(), new SkiffException(
                ErrorCode.FORBIDDEN, "the function endpoint takes events only at the URL in K_SINK (SKIFF_BROKER_URL), "
                        + "which carries the function's namespace's key")));
        router.route("/async-function/:name").handler(apis.activations()::invokeAsync);
        router.route("/async-function/:name/*").handler(apis.activations()::invokeAsync);
        router.route().last().handler(ctx -> Errors.write(ctx.response(), new SkiffException(ErrorCode.NOT_FOUND,
                "no route " + ctx.request().method() + " " + Quote.plain(ctx.request().path(), Quote.MAX_SHOWN)
                        + " on the function endpoint, which serves invocations and events only")));
        router.route().failureHandler(ctx -> Errors.write(ctx.response(),
                ctx.failure() != null ? ctx.failure() : Errors.ofStatus(ctx.statusCode())));
    }

    private static void readiness(RoutingContext ctx, BooleanSupplier ready) {
        if (ready.getAsBoolean()) {
            Json.write(ctx.response(), 200, Map.of("status", "ready"));
        } else {
            Errors.write(ctx.response(), new SkiffException(ErrorCode.UNAVAILABLE, "starting or stopping"));
        }
    }

    /**
     * Lets a request on unless {@code guard} refuses it (403): every route but the open ones, which a
     * browser may reach as it reaches any public address.
     */
    private static void guard(RoutingContext ctx, BrowserGuard guard) {
        String path = ctx.request().path();
        if (path != null && (path.equals("/health") || path.startsWith("/async-function/"))) {
            ctx.next();
            return;
        }
        HttpServerRequest request = ctx.request();
        Optional<String> refusal = guard.refusal(request.getHeader("Host"), request.getHeader("Origin"),
                request.getHeader("Sec-Fetch-Site"));
        if (refusal.isPresent()) {
            Bodies.refuse(ctx, new SkiffException(ErrorCode.FORBIDDEN, refusal.get()));
            return;
        }
        ctx.next();
    }
}
