package dev.skiff.server;

import dev.skiff.runtimes.LanguageRuntime;
import dev.skiff.runtimes.RuntimeConfig;
import dev.skiff.runtimes.Runtimes;
import dev.skiff.runtimes.WorkerCommand;
import dev.skiff.server.backend.PoolStats;
import dev.skiff.server.backend.ProcessBackend;
import dev.skiff.server.backend.Sandbox;
import dev.skiff.server.backend.WorkerSockets;
import dev.skiff.server.control.ControlConfig;
import dev.skiff.server.control.FunctionService;
import dev.skiff.server.control.VolumeService;
import dev.skiff.server.activations.ActivationRecorder;
import dev.skiff.server.events.EventingSystem;
import dev.skiff.server.events.EventsDatabase;
import dev.skiff.server.http.AgentApi;
import dev.skiff.server.http.Errors;
import dev.skiff.server.http.Front;
import dev.skiff.server.http.FrontVerticle;
import dev.skiff.server.http.FunctionsApi;
import dev.skiff.server.http.Gateway;
import dev.skiff.server.http.InvocationObserver;
import dev.skiff.server.http.InvokeHandler;
import dev.skiff.server.http.VolumesApi;
import dev.skiff.server.logs.LogStore;
import dev.skiff.server.metrics.InvocationMetrics;
import dev.skiff.server.metrics.PrometheusText;
import dev.skiff.server.serving.Registry;
import dev.skiff.server.serving.RevisionServer;
import dev.skiff.server.store.SqliteStore;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded platform in one process: the HTTP front (gateway, REST API, agent API), the store,
 * the local process backend and the logs. {@link #start} wires them; nothing else does.
 */
public final class SkiffServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SkiffServer.class);
    private static final long API_BODY_LIMIT = 256L << 20;
    private static final int MAX_QUEUE = 1000;
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(30);
    /** How often each revision's autoscaler samples its load and decides (Knative samples every second). */
    private static final long SCALE_TICK_MILLIS = 100;
    /** The most instances of one revision on one machine, whatever its max-scale says. */
    private static final int MAX_INSTANCES_PER_REVISION = 32;

    private final DataDir dataDir;
    private final Vertx vertx;
    private final SqliteStore store;
    private final LogStore logs;
    private final ProcessBackend backend;
    private final Registry registry;
    private final Gateway gateway;
    private final EventsDatabase eventsDb;
    private final ActivationRecorder activations;
    private final InvocationMetrics metrics = new InvocationMetrics();
    private EventingSystem eventing;
    private final List<String> deployments = new ArrayList<>();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile boolean ready;
    private Front front;
    private volatile boolean closing;
    private int port;

    private SkiffServer(DataDir dataDir, ServerConfig config) {
        this.dataDir = dataDir;
        this.store = SqliteStore.open(dataDir.database());
        this.eventsDb = EventsDatabase.open(dataDir.database());
        this.activations = new ActivationRecorder(eventsDb, config.events().resultLimit(), config.events().activationRetention(),
                config.events().activationLimit());
        this.logs = new LogStore(dataDir.logs());
        logs.observe(activations.logObserver());
        this.registry = new Registry();
        // Netty's epoll transport on Linux (Vert.x falls back to NIO elsewhere): fewer copies and
        // system calls per proxied request than NIO.
        this.vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        // Workers that can also listen on a Unix socket are reached on it: less kernel work per
        // call than loopback TCP, for the gateway and the worker alike (docs/architecture.md).
        this.backend = new ProcessBackend(logs, config.startTimeout(), Sandbox.detect(),
                config.workerSockets() && Gateway.reachesUnixSockets(vertx)
                        ? WorkerSockets.under(dataDir.sockets()) : WorkerSockets.none());
        this.gateway = new Gateway(vertx, registry, InvocationObserver.both(activations, metrics));
    }

    /** Starts a server and returns once it listens and has restored its functions. */
    public static SkiffServer start(ServerConfig config) {
        DataDir dataDir = DataDir.lock(config.dataDir());
        SkiffServer server;
        try {
            server = new SkiffServer(dataDir, config);
        } catch (RuntimeException e) {
            dataDir.close();
            throw e;
        }
        try {
            server.listen(config);
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private void listen(ServerConfig config) {
        Runtimes runtimes = Runtimes.builtIn(new RuntimeConfig(dataDir.runtimes(), config.python(), Duration.ofMinutes(10)));
        backend.startPools(genericCommands(runtimes), config.poolSize(), dataDir.functions());
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create(false).setBodyLimit(API_BODY_LIMIT));
        router.get("/healthz").handler(ctx -> ctx.json(Map.of("status", "ok")));
        router.get("/readyz").handler(ctx -> {
            if (ready) {
                ctx.json(Map.of("status", "ready"));
            } else {
                Errors.write(ctx.response(), new SkiffException(ErrorCode.UNAVAILABLE, "starting or stopping"));
            }
        });
        port = config.port() == 0 ? freePort(config.host()) : config.port();
        HttpServerOptions options = new HttpServerOptions().setHost(config.host()).setPort(port)
                .setTcpNoDelay(true).setCompressionSupported(false)
                .setHttp2ClearTextEnabled(false);
        front = new Front(new InvokeHandler(gateway), router, () -> ready);
        deployments.add(await(vertx.deployVerticle(() -> new FrontVerticle(options, front, SHUTDOWN_GRACE),
                new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors()))));
        String host = "0.0.0.0".equals(config.host()) || "::".equals(config.host()) ? "127.0.0.1" : config.host();
        String baseUrl = "http://" + host + ":" + port;
        VolumeService volumes = new VolumeService(store, dataDir.volumes());
        eventing = new EventingSystem(vertx, gateway, eventsDb, name -> registry.route(name) != null,
                baseUrl, config.events());
        FunctionService functions = new FunctionService(
                new ControlConfig(dataDir.functions(), baseUrl, MAX_QUEUE, MAX_INSTANCES_PER_REVISION,
                        eventing.functionEnv()),
                store, runtimes, backend, registry, logs, volumes);
        new FunctionsApi(functions, logs).mount(router);
        new VolumesApi(volumes).mount(router);
        new AgentApi(functions, gateway).mount(router);
        new PrometheusText(metrics, registry, backend::poolStats, activations::dropped).mount(router);
        eventing.mount(router);
        router.route().last().handler(ctx -> Errors.write(ctx.response(),
                new SkiffException(ErrorCode.NOT_FOUND, "no route " + ctx.request().method() + " " + ctx.request().path())));
        router.route().failureHandler(ctx -> Errors.write(ctx.response(),
                ctx.failure() != null ? ctx.failure() : new SkiffException(ErrorCode.MALFORMED_REQUEST, "bad request")));
        functions.restore();
        eventing.start();
        vertx.setPeriodic(SCALE_TICK_MILLIS, id -> {
            long now = System.nanoTime();
            registry.all().forEach(serving -> serving.tick(now));
        });
        ready = true;
        LOG.info("Skiff listening on http://{}:{} (data in {}; {} transport)", host, port, dataDir.root(),
                vertx.isNativeTransportEnabled() ? "epoll" : "NIO");
    }

    /** The generic command of every runtime with a pooled mode, by runtime name. */
    private static Map<String, WorkerCommand> genericCommands(Runtimes runtimes) {
        Map<String, WorkerCommand> generics = new TreeMap<>();
        for (String name : runtimes.names()) {
            runtimes.get(name).flatMap(LanguageRuntime::generic).ifPresent(command -> generics.put(name, command));
        }
        return generics;
    }

    /** The pre-warmed pools' figures, for diagnostics and tests. */
    public List<PoolStats> pools() {
        return backend.poolStats();
    }

    /** The port the server listens on. */
    public int port() {
        return port;
    }

    /** Applies the activation records' retention and limit now, as the recorder does every minute; answers how many went. */
    int pruneActivations() {
        return activations.prune();
    }

    /** How many requests the front answered on its fast path, under Vert.x (tests check it is taken). */
    long answeredOnPipeline() {
        return front.answeredOnPipeline();
    }

    /** Blocks until {@link #close} has finished. */
    public void awaitTermination() throws InterruptedException {
        terminated.await();
    }

    /**
     * Stops gracefully: refuses new requests, lets in-flight ones finish, stops every instance, and
     * closes the store. Safe to call more than once.
     */
    @Override
    public synchronized void close() {
        if (closing) {
            return;
        }
        closing = true;
        ready = false;
        try {
            for (String deployment : deployments) {
                awaitQuietly(vertx.undeploy(deployment));
            }
            if (eventing != null) {
                eventing.close();
            }
            List<Thread> drains = registry.all().stream()
                    .map(serving -> Thread.ofPlatform().name("skiff-stop").start(() -> serving.drainAndStop(SHUTDOWN_GRACE)))
                    .toList();
            for (Thread drain : drains) {
                drain.join();
            }
            backend.close();
            awaitQuietly(gateway.close());
            awaitQuietly(vertx.close());
            activations.close();
            eventsDb.close();
            store.close();
            logs.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            dataDir.close();
            terminated.countDown();
        }
    }

    /** The revisions being served, for tests and diagnostics. */
    public List<RevisionServer> serving() {
        return List.copyOf(registry.all());
    }

    /** A free port, for a server asked to pick one: Vert.x shares a port among instances only when it is given. */
    private static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + host, e);
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot listen: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static void awaitQuietly(Future<?> future) {
        try {
            future.toCompletionStage().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.warn("while stopping: {}", e.getCause().getMessage());
        }
    }
}
