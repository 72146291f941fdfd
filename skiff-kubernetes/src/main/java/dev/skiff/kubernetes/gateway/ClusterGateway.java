package dev.skiff.kubernetes.gateway;

import dev.skiff.api.FunctionDefaults;
import dev.skiff.core.HopByHop;
import dev.skiff.core.InvocationTarget;
import dev.skiff.core.metrics.PrometheusFormat;
import dev.skiff.kubernetes.model.FunctionResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Skiff's gateway in a cluster without Knative ({@code skiff server --kubernetes}): an HTTP server
 * that serves {@code /function/NAME[@TAG][/PATH]} for the Functions of one namespace. Each request
 * is routed and, if need be, woken by {@link KubernetesBackend#acquire} (held while a Deployment
 * scales up from zero), forwarded with its method, path, query, end-to-end headers and body to the
 * revision's Service over a keep-alive pool, and answered with the revision's status, headers and
 * body plus {@code X-Skiff-Revision}; {@link KubernetesBackend#release} ends it. A timer calls
 * {@link KubernetesBackend#tick} every 100 ms. Also {@code /healthz}, {@code /readyz} and {@code /metrics}
 * ({@link ClusterMetrics}: the embedded server's names for requests and per-revision gauges), and the
 * seed-002 agent's API ({@link ClusterAgent}: {@code /health}, {@code /deploy}, {@code /invoke},
 * {@code /functions}, behind tokens of the Secret {@value ClusterTokens#SECRET}).
 *
 * <p>Errors are JSON {@code {error, message}}: 404 for an unknown function or tag, 502 when the
 * revision does not answer, 503 with {@code Retry-After} when no pod became ready in time, 504 past
 * the function's {@code timeoutSeconds}. The backend talks to the API server, so it runs on a
 * thread of its own, never on the event loop. The request and the response are buffered whole.
 */
public final class ClusterGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterGateway.class);
    /** How often the backend's {@link KubernetesBackend#tick} runs. */
    public static final Duration TICK = Duration.ofMillis(100);
    /** The revision that answered, on every forwarded response. */
    public static final String REVISION_HEADER = "X-Skiff-Revision";
    private static final String PREFIX = "/function/";
    private static final String RETRY_AFTER_SECONDS = "1";
    private static final Duration CLOSE_LIMIT = Duration.ofSeconds(10);
    /** How long the agent's {@code /deploy} waits for a function to be Ready, unless told otherwise. */
    public static final Duration DEPLOY_TIMEOUT = Duration.ofMinutes(2);

    private final Vertx vertx;
    private final HttpServer server;
    private final HttpClientAgent client;
    private final ExecutorService backendThread;
    private final long tickTimer;
    private final AutoCloseable onClose;

    /**
     * What the gateway works with.
     *
     * @param namespace where {@code /function/NAME} is looked up
     * @param backend the router, activator and autoscaler
     * @param functions reads a Function (namespace, name): for its timeout; the same lookup the backend has
     * @param resolve where a revision answers; {@link KubernetesBackend.Target#uri()} (its Service) in a cluster
     * @param nanos the clock the backend is driven with; {@link System#nanoTime()} in a cluster
     * @param ready whether {@code /readyz} says ready (the Function cache has synced)
     */
    public record Wiring(String namespace, KubernetesBackend backend,
                         BiFunction<String, String, Optional<FunctionResource>> functions,
                         Function<KubernetesBackend.Target, URI> resolve, LongSupplier nanos, BooleanSupplier ready,
                         ClusterAgent agent) {
        /** The wiring without the agent API (tests of the routing alone). */
        public Wiring(String namespace, KubernetesBackend backend, BiFunction<String, String, Optional<FunctionResource>> functions,
                      Function<KubernetesBackend.Target, URI> resolve, LongSupplier nanos, BooleanSupplier ready) {
            this(namespace, backend, functions, resolve, nanos, ready, null);
        }
    }

    /** A revision to forward to, its function's timeout, and whether the call waited for a pod to become ready. */
    private record Acquired(KubernetesBackend.Target target, long timeoutMillis, boolean cold) {}

    /** A failure answered as {@code {error, message}} with {@code status}. */
    private static final class GatewayException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String error;

        GatewayException(int status, String error, String message) {
            super(message, null, false, false);
            this.status = status;
            this.error = error;
        }
    }

    private ClusterGateway(Vertx vertx, HttpServer server, HttpClientAgent client, ExecutorService backendThread,
                          long tickTimer, AutoCloseable onClose) {
        this.vertx = vertx;
        this.server = server;
        this.client = client;
        this.backendThread = backendThread;
        this.tickTimer = tickTimer;
        this.onClose = onClose;
    }

    /**
     * The gateway on a cluster: Functions of {@code namespace} from an informer's cache, Deployments
     * scaled through their scale subresource, requests forwarded to the revisions' Services.
     */
    public static ClusterGateway onCluster(KubernetesClient kubernetes, String namespace, String host, int port) {
        return onCluster(kubernetes, namespace, host, port, DEPLOY_TIMEOUT);
    }

    /** As {@link #onCluster(KubernetesClient, String, String, int)}, the agent's {@code /deploy} waiting up to {@code deployTimeout}. */
    public static ClusterGateway onCluster(KubernetesClient kubernetes, String namespace, String host, int port,
                                           Duration deployTimeout) {
        SharedIndexInformer<FunctionResource> informer =
                kubernetes.resources(FunctionResource.class).inNamespace(namespace).inform();
        BiFunction<String, String, Optional<FunctionResource>> functions =
                (ns, name) -> Optional.ofNullable(informer.getStore().getByKey(ns + "/" + name));
        KubernetesBackend backend = new KubernetesBackend(new DeploymentReplicas(kubernetes), functions);
        java.util.concurrent.atomic.AtomicInteger listening = new java.util.concurrent.atomic.AtomicInteger();
        ClusterAgent agent = new ClusterAgent(kubernetes, namespace, deployTimeout, listening::get);
        try {
            ClusterGateway gateway = start(host, port, new Wiring(namespace, backend, functions, KubernetesBackend.Target::uri,
                    System::nanoTime, informer::hasSynced, agent), informer::close);
            listening.set(gateway.port());
            return gateway;
        } catch (RuntimeException e) {
            informer.close();
            throw e;
        }
    }

    /** Starts the gateway on {@code host:port} (0: a free port) with {@code wiring}. */
    public static ClusterGateway start(String host, int port, Wiring wiring) {
        return start(host, port, wiring, () -> {});
    }

    private static ClusterGateway start(String host, int port, Wiring wiring, AutoCloseable onClose) {
        Vertx vertx = Vertx.vertx();
        ExecutorService backendThread = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().daemon().name("skiff-gateway-backend").factory());
        HttpClientAgent client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(64));
        Handler handler = new Handler(vertx, client, backendThread, wiring);
        try {
            HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
                    .requestHandler(handler::handle).listen().toCompletionStage().toCompletableFuture().join();
            AtomicBoolean ticking = new AtomicBoolean();
            long timer = vertx.setPeriodic(TICK.toMillis(), id -> {
                if (ticking.compareAndSet(false, true)) {
                    backendThread.execute(() -> {
                        try {
                            wiring.backend().tick(wiring.nanos().getAsLong());
                        } catch (RuntimeException e) {
                            LOG.warn("gateway tick failed: {}", e.toString());
                        } finally {
                            ticking.set(false);
                        }
                    });
                }
            });
            return new ClusterGateway(vertx, server, client, backendThread, timer, onClose);
        } catch (CompletionException e) {
            backendThread.shutdownNow();
            vertx.close();
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    /** The port it listens on. */
    public int port() {
        return server.actualPort();
    }

    /** Stops listening, the timer, the client and the backend's thread. */
    @Override
    public void close() {
        vertx.cancelTimer(tickTimer);
        try {
            server.close().compose(v -> client.close()).toCompletionStage().toCompletableFuture()
                    .get(CLOSE_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("gateway did not stop cleanly: {}", e.toString());
        }
        backendThread.shutdownNow();
        try {
            onClose.close();
        } catch (Exception e) {
            LOG.warn("gateway's function cache did not close: {}", e.toString());
        }
        vertx.close();
    }

    /** The request handler: routes, acquires, forwards, answers. */
    private static final class Handler {
        private final Vertx vertx;
        private final HttpClientAgent client;
        private final ExecutorService backendThread;
        private final Wiring wiring;
        private final ClusterMetrics metrics = new ClusterMetrics();
        private final ExecutorService agentThreads = Executors.newVirtualThreadPerTaskExecutor();

        Handler(Vertx vertx, HttpClientAgent client, ExecutorService backendThread, Wiring wiring) {
            this.vertx = vertx;
            this.client = client;
            this.backendThread = backendThread;
            this.wiring = wiring;
        }

        void handle(HttpServerRequest request) {
            String path = request.path();
            if (path.equals("/healthz")) {
                json(request.response(), 200, new JsonObject().put("status", "ok"));
                return;
            }
            if (path.equals("/readyz")) {
                boolean ready = wiring.ready().getAsBoolean();
                json(request.response(), ready ? 200 : 503, new JsonObject().put("status", ready ? "ready" : "starting"));
                return;
            }
            if (path.equals("/metrics")) {
                Future.fromCompletionStage(CompletableFuture.supplyAsync(() -> wiring.backend().stats(), backendThread),
                                vertx.getOrCreateContext())
                        .onSuccess(stats -> request.response().putHeader("Content-Type", PrometheusFormat.CONTENT_TYPE)
                                .end(metrics.render(stats)))
                        .onFailure(failure -> fail(request.response(), failure));
                return;
            }
            if (wiring.agent() != null && ClusterAgent.serves(path)) {
                agent(request, path);
                return;
            }
            InvocationTarget target = InvocationTarget.of(path, request.query());
            if (target == null || !path.startsWith(PREFIX)) {
                fail(request.response(), new GatewayException(404, "NotFound",
                        "no route " + path + "; functions are served at /function/NAME[@TAG][/PATH]"));
                return;
            }
            Context context = vertx.getOrCreateContext();
            long started = System.nanoTime();
            request.body()
                    .compose(body -> acquire(target, context)
                            .compose(acquired -> forward(request, target, body, acquired, started)))
                    .onFailure(failure -> fail(request.response(), failure));
        }

        private Future<Acquired> acquire(InvocationTarget route, Context context) {
            String namespace = wiring.namespace();
            CompletableFuture<Acquired> acquired = CompletableFuture.supplyAsync(() -> {
                long timeoutMillis = wiring.functions().apply(namespace, route.function())
                        .map(f -> Duration.ofSeconds(FunctionDefaults.apply(f.getSpec()).timeoutSeconds()).toMillis())
                        .orElse(0L);
                CompletableFuture<KubernetesBackend.Target> target = wiring.backend().acquire(namespace, route.function(),
                        route.tag(), ThreadLocalRandom.current().nextDouble(100), wiring.nanos().getAsLong());
                boolean cold = !target.isDone();
                return target.thenApply(t -> new Acquired(t, timeoutMillis, cold));
            }, backendThread).thenCompose(f -> f);
            return Future.fromCompletionStage(acquired, context).recover(failure -> Future.failedFuture(
                    activationFailure(unwrap(failure))));
        }

        private static Throwable activationFailure(Throwable failure) {
            if (failure instanceof KubernetesBackend.NoRouteException) {
                return new GatewayException(404, "NotFound", failure.getMessage());
            }
            if (failure instanceof TimeoutException) {
                return new GatewayException(503, "Unavailable", failure.getMessage());
            }
            LOG.warn("activation failed: {}", failure.toString());
            return new GatewayException(503, "Unavailable", "cannot activate the function: " + failure.getMessage());
        }

        private Future<Void> forward(HttpServerRequest request, InvocationTarget route, Buffer body, Acquired acquired,
                                     long started) {
            KubernetesBackend.Target target = acquired.target();
            AtomicBoolean settled = new AtomicBoolean();
            HttpClientRequest[] upstream = new HttpClientRequest[1];
            long timer = vertx.setTimer(Math.max(1, acquired.timeoutMillis()), id -> {
                if (settled.compareAndSet(false, true)) {
                    if (upstream[0] != null) {
                        upstream[0].reset();
                    }
                    release(target);
                    completed(acquired, 504, started);
                    fail(request.response(), new GatewayException(504, "Timeout", "function " + route.function()
                            + " did not answer within " + acquired.timeoutMillis() / 1000 + " s"));
                }
            });
            String base = wiring.resolve().apply(target).toString();
            RequestOptions options = new RequestOptions().setMethod(request.method())
                    .setAbsoluteURI((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + route.functionUri());
            MultiMap headers = endToEnd(request.headers(), MultiMap.caseInsensitiveMultiMap());
            headers.add("X-Forwarded-For", request.remoteAddress() == null ? "" : request.remoteAddress().hostAddress());
            if (request.authority() != null) {
                headers.set("X-Forwarded-Host", request.authority().toString());
            }
            options.setHeaders(headers);
            return client.request(options)
                    .compose(clientRequest -> {
                        upstream[0] = clientRequest;
                        return clientRequest.send(body);
                    })
                    .compose(response -> response.body().map(answer -> {
                        if (settled.compareAndSet(false, true)) {
                            vertx.cancelTimer(timer);
                            release(target);
                            completed(acquired, response.statusCode(), started);
                            HttpServerResponse out = request.response().setStatusCode(response.statusCode());
                            endToEnd(response.headers(), out.headers()).set(REVISION_HEADER, target.revision());
                            out.end(answer);
                        }
                        return (Void) null;
                    }))
                    .recover(failure -> {
                        if (!settled.compareAndSet(false, true)) {
                            return Future.succeededFuture();
                        }
                        vertx.cancelTimer(timer);
                        release(target);
                        completed(acquired, 502, started);
                        return Future.failedFuture(new GatewayException(502, "InstanceFailed",
                                "revision " + target.revision() + " did not answer: " + failure.getMessage()));
                    });
        }

        /** The agent's API, on a thread of its own: {@code /deploy} waits for the function to be Ready. */
        private void agent(HttpServerRequest request, String path) {
            Context context = vertx.getOrCreateContext();
            String method = request.method().name();
            String authorization = request.getHeader("Authorization");
            request.body().compose(body -> Future.fromCompletionStage(CompletableFuture.supplyAsync(
                            () -> wiring.agent().handle(method, path, authorization, body.toString(StandardCharsets.UTF_8)),
                            agentThreads), context))
                    .onSuccess(answer -> request.response().setStatusCode(answer.status())
                            .putHeader("Content-Type", "application/json").end(answer.body().toString()))
                    .onFailure(failure -> fail(request.response(), failure));
        }

        private void completed(Acquired acquired, int status, long started) {
            metrics.completed(acquired.target().function(), acquired.target().revision(), status,
                    System.nanoTime() - started, acquired.cold());
        }

        private void release(KubernetesBackend.Target target) {
            backendThread.execute(() -> wiring.backend().release(target));
        }

        /** Copies the end-to-end headers of {@code from} (not hop-by-hop ones, nor those Connection names). */
        private static MultiMap endToEnd(MultiMap from, MultiMap to) {
            HopByHop.copyEndToEnd(from, to::add);
            return to;
        }

        private static Throwable unwrap(Throwable failure) {
            Throwable cause = failure;
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            return cause;
        }

        private static void fail(HttpServerResponse response, Throwable failure) {
            GatewayException answer = failure instanceof GatewayException known ? known : unexpected(failure);
            if (answer.status == 503) {
                response.putHeader("Retry-After", RETRY_AFTER_SECONDS);
            }
            json(response, answer.status, new JsonObject().put("error", answer.error).put("message", answer.getMessage()));
        }

        private static GatewayException unexpected(Throwable failure) {
            LOG.error("unexpected gateway failure", failure);
            return new GatewayException(500, "InternalError", "internal error: " + failure);
        }

        private static void json(HttpServerResponse response, int status, JsonObject body) {
            if (response.ended() || response.closed()) {
                return;
            }
            response.setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
        }
    }
}
