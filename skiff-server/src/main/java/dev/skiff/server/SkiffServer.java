package dev.skiff.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.core.credentials.CredentialsFile;
import dev.skiff.core.credentials.ServerCredentials;
import dev.skiff.runtimes.LanguageRuntime;
import dev.skiff.runtimes.RuntimeConfig;
import dev.skiff.runtimes.Runtimes;
import dev.skiff.runtimes.WorkerCommand;
import dev.skiff.runtimes.admission.FunctionAdmission;
import dev.skiff.server.activations.ActivationRecorder;
import dev.skiff.server.activations.Activations;
import dev.skiff.server.activations.AsyncInvoker;
import dev.skiff.server.activations.CallbackSender;
import dev.skiff.server.activations.CallbackTargets;
import dev.skiff.server.api.Access;
import dev.skiff.server.api.ActivationsApi;
import dev.skiff.server.api.AgentApi;
import dev.skiff.server.api.ApiRoutes;
import dev.skiff.server.api.BrowserGuard;
import dev.skiff.server.api.EventsApi;
import dev.skiff.server.api.FunctionsApi;
import dev.skiff.server.api.NamespacesApi;
import dev.skiff.server.api.TokensApi;
import dev.skiff.server.api.VolumesApi;
import dev.skiff.server.auth.AdminToken;
import dev.skiff.server.auth.Tokens;
import dev.skiff.server.backend.cgroups.Cgroups;
import dev.skiff.server.backend.process.ProcessBackend;
import dev.skiff.server.backend.process.WorkerSockets;
import dev.skiff.server.backend.sandbox.Sandbox;
import dev.skiff.server.control.ControlConfig;
import dev.skiff.server.control.ControlParts;
import dev.skiff.server.control.FunctionService;
import dev.skiff.server.control.NamespaceContents;
import dev.skiff.server.control.NamespaceService;
import dev.skiff.server.control.VolumeDirectoryRules;
import dev.skiff.server.control.VolumeMountPaths;
import dev.skiff.server.control.VolumeService;
import dev.skiff.server.dataplane.FunctionCaller;
import dev.skiff.server.dataplane.FunctionInvoker;
import dev.skiff.server.dataplane.InternalHeaders;
import dev.skiff.server.dataplane.InvocationObserver;
import dev.skiff.server.dataplane.Route;
import dev.skiff.server.dataplane.RouteTable;
import dev.skiff.server.events.Eventing;
import dev.skiff.server.front.Front;
import dev.skiff.server.front.FrontServer;
import dev.skiff.server.front.InvokeHandler;
import dev.skiff.server.logs.LogStore;
import dev.skiff.server.metrics.InvocationMetrics;
import dev.skiff.server.metrics.PrometheusText;
import dev.skiff.server.serving.InstanceBudget;
import dev.skiff.server.serving.PoolStats;
import dev.skiff.server.serving.ServedRevision;
import dev.skiff.server.store.EventsDatabase;
import dev.skiff.server.store.SqliteStore;
import dev.skiff.server.store.SqliteNamespaces;
import dev.skiff.server.store.SqliteSecrets;
import dev.skiff.server.store.SqliteWorkflows;
import dev.skiff.server.workflows.JobCaller;
import dev.skiff.server.workflows.WorkflowService;
import dev.skiff.server.api.WorkflowsApi;
import dev.skiff.server.secrets.SecretKeyFile;
import dev.skiff.server.secrets.SecretService;
import dev.skiff.server.control.SecretUsers;
import dev.skiff.server.serving.StartException;
import dev.skiff.server.api.SecretsApi;
import dev.skiff.server.store.SqliteTokens;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded platform in one process. {@link #start} wires its parts, and nothing else does: the
 * store and the events database, the logs, the process backend, the data plane (route table and
 * function invoker), the control plane, events, asynchronous calls and activation records, the API's
 * route table, and the front that listens (docs/architecture.md, the path of a request).
 */
public final class SkiffServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SkiffServer.class);
    private static final int MAX_QUEUE = 1000;
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(30);
    /** How often each revision's autoscaler samples its load and decides (Knative samples every second). */
    private static final long SCALE_TICK_MILLIS = 100;
    /** The most instances of one revision on one machine, whatever its max-scale says. */
    private static final int MAX_INSTANCES_PER_REVISION = 32;
    /** How often when tokens were last used is written to the store. */
    private static final long TOKEN_FLUSH_MILLIS = 60_000;

    private final DataDir dataDir;
    private final Vertx vertx;
    private final SqliteStore store;
    private final LogStore logs;
    private final ProcessBackend backend;
    private final RouteTable routes = new RouteTable();
    private final FunctionInvoker invoker;
    private final EventsDatabase eventsDb;
    private final ActivationRecorder activations;
    private final InvocationMetrics metrics = new InvocationMetrics();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private Eventing eventing;
    private AsyncInvoker async;
    private WorkflowService workflows;
    private Front front;
    private FrontServer listening;
    private FrontServer endpoint;
    private final Sandbox sandbox;
    private final SqliteTokens tokensDb;
    private final SqliteNamespaces namespacesDb;
    private final SqliteSecrets secretsDb;
    private final SqliteWorkflows workflowsDb;
    private final SecretService secrets;
    private final Tokens tokens;
    private final String adminToken;
    private volatile String url;
    private volatile boolean alive;
    private volatile boolean ready;
    private volatile boolean closing;

    private SkiffServer(DataDir dataDir, ServerConfig config) {
        this.dataDir = dataDir;
        // First: a machine that cannot sandbox, or a refused --package-dir, stops the start before anything is opened.
        this.sandbox = SandboxSetup.detect(config, dataDir.root().resolve("sandbox"), dataDir.runtimes(), dataDir.root());
        this.store = SqliteStore.open(dataDir.database());
        this.eventsDb = EventsDatabase.open(dataDir.database());
        this.tokensDb = SqliteTokens.open(dataDir.database());
        this.namespacesDb = SqliteNamespaces.open(dataDir.database());
        this.secretsDb = SqliteSecrets.open(dataDir.database());
        this.workflowsDb = SqliteWorkflows.open(dataDir.database());
        this.secrets = new SecretService(secretsDb, new SecretKeyFile(dataDir.secretsKey()),
                key -> SecretUsers.of(store, key), Clock.systemUTC());
        this.tokens = new Tokens(tokensDb, Clock.systemUTC(), new SecureRandom());
        this.adminToken = AdminToken.ensure(dataDir.adminToken(), tokens);
        this.activations = new ActivationRecorder(eventsDb, config.events().resultLimit(), config.events().activationRetention(),
                config.events().activationLimit());
        this.logs = new LogStore(dataDir.logs());
        logs.observe(activations.logObserver());
        // Netty's epoll transport on Linux (Vert.x falls back to NIO elsewhere): fewer copies and
        // system calls per proxied request than NIO.
        this.vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        // Workers that can also listen on a Unix socket are reached on it: less kernel work per
        // call than loopback TCP, for the gateway and the worker alike (docs/architecture.md).
        // Each instance in a cgroup of its own holding its limits, under the server's (docs/architecture.md).
        this.backend = new ProcessBackend(logs, config.startTimeout(), sandbox,
                config.workerSockets() && FunctionInvoker.reachesUnixSockets(vertx)
                        ? WorkerSockets.under(dataDir.sockets()) : WorkerSockets.none(),
                Cgroups.detect(dataDir.root()), config.limits(), key -> {
                    try {
                        return secrets.values(key);
                    } catch (SecretService.Unavailable e) {
                        throw new StartException(e.getMessage());
                    }
                });
        // A sandboxed worker's socket must be answered by the sandbox's user: a function could swap it for a link.
        this.invoker = new FunctionInvoker(vertx, routes, InvocationObserver.both(activations, metrics),
                sandbox.user().<java.util.function.IntPredicate>map(user -> uid -> uid == user.uid()).orElse(uid -> true));
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
        boolean loopback = isLoopback(config.host());
        if (config.access().agentApiOpen() && !loopback) {
            throw new IllegalArgumentException("--agent-api-open serves the agent's API without a token, which only a "
                    + "server bound to loopback may do; it is bound to " + config.host());
        }
        Runtimes runtimes = Runtimes.builtIn(new RuntimeConfig(dataDir.runtimes(), config.python(), Duration.ofMinutes(10),
                config.limits().defaultMemoryBytes()));
        // The front listens first, answering 503 but to probes until the functions are restored; the API's
        // routes are added below, once the port (and so the server's URL) is known.
        Router router = ApiRoutes.withProbes(vertx, () -> alive, () -> ready);
        front = new Front(new InvokeHandler(invoker, tokens), router, () -> ready);
        AccessConfig.Tls tls = config.access().tls();
        listening = FrontServer.listen(vertx, config.host(), config.port(), front, SHUTDOWN_GRACE, tls == null ? null
                : new PemKeyCertOptions().setCertPath(tls.cert().toString()).setKeyPath(tls.key().toString()));
        String host = "0.0.0.0".equals(config.host()) || "::".equals(config.host()) ? "127.0.0.1"
                : config.host().contains(":") && !config.host().startsWith("[") ? "[" + config.host() + "]" : config.host();
        String scheme = config.access().tls() == null ? "http" : "https";
        String baseUrl = scheme + "://" + host + ":" + listening.port();
        url = baseUrl;
        // Before /healthz answers: a script that waits for it then runs the CLI finds the token recorded.
        recordForCli(config.access(), baseUrl);
        alive = true;
        // The one address of Skiff sandboxed functions reach (SKIFF_URL): invocations and events, no management API.
        Router endpointRouter = ApiRoutes.withProbes(vertx, () -> alive, () -> ready);
        endpoint = FrontServer.listen(vertx, ServerConfig.DEFAULT_HOST, 0,
                new Front(new InvokeHandler(invoker, tokens), endpointRouter, () -> ready), SHUTDOWN_GRACE, null);
        sandbox.connectEndpoint(endpoint.port(), config.sandbox().hostPorts());
        String functionsUrl = "http://" + ServerConfig.DEFAULT_HOST + ":" + endpoint.port();
        backend.startPools(genericCommands(runtimes), config.poolSize(), dataDir.functions(), dataDir.root().resolve("slots"));
        Predicate<String> exists = name -> routes.route(name) != null;
        FunctionCaller caller = new FunctionCaller(vertx, invoker);
        eventing = new Eventing(vertx, caller, eventsDb, exists, baseUrl, functionsUrl, config.events());
        async = new AsyncInvoker(eventsDb, caller, new CallbackSender(vertx,
                new CallbackTargets(config.allowedCallbackHosts()), activations::callback));
        VolumeDirectoryRules volumeRules = new VolumeDirectoryRules(dataDir.root(), config.volumeRoots());
        VolumeService volumes = new VolumeService(store, dataDir.volumes(), volumeRules, SandboxVolumes.of(sandbox.user()));
        VolumeMountPaths mountPaths = new VolumeMountPaths(volumeRules.dataDirectories());
        FunctionAdmission admission = new FunctionAdmission(runtimes, List.of(
                f -> volumes.mountErrors(f.namespace(), f.spec().volumes()),
                f -> secrets.errors(f.namespace(), f.spec().secrets()),
                f -> mountPaths.check(f.spec().volumes()), f -> config.limits().refusals(f.spec())), true);
        InstanceBudget instanceBudget = new InstanceBudget();
        NamespaceService namespaces = new NamespaceService(namespacesDb, store, invoker.inFlightLimits(), instanceBudget,
                Clock.systemUTC());
        FunctionService functions = new FunctionService(
                new ControlConfig(dataDir.functions(), baseUrl, MAX_QUEUE, MAX_INSTANCES_PER_REVISION,
                        eventing::functionEnv, Clock.systemUTC()),
                new ControlParts(store, runtimes, admission, backend, routes, logs, volumes, namespaces, instanceBudget));
        workflows = new WorkflowService(workflowsDb, jobCaller(caller), exists, Clock.systemUTC());
        PrometheusText prometheus = new PrometheusText(metrics, routes, backend::poolStats, activations::dropped,
                workflows::figures);
        ApiRoutes.Apis apis = new ApiRoutes.Apis(new FunctionsApi(functions, logs), new VolumesApi(volumes),
                new EventsApi(eventing.brokers(), eventing.crons(), eventing::sinkKeyMatches), new ActivationsApi(async, new Activations(eventsDb), invoker::route, tokens),
                new AgentApi(functions, invoker), prometheus::scrape, new TokensApi(tokens, namespaces::exists),
                new NamespacesApi(namespaces, functions, volumes, new NamespaceContents() {
                    @Override
                    public List<String> held(String namespace) {
                        List<String> held = new java.util.ArrayList<>(eventing.held(namespace));
                        held.addAll(workflows.held(namespace));
                        secrets.list(namespace).forEach(secret -> held.add("secret " + secret.name()));
                        return held;
                    }

                    @Override
                    public void deleteAll(String namespace) {
                        eventing.deleteAll(namespace);
                        secrets.deleteAll(namespace);
                        workflows.deleteAll(namespace);
                    }
                }), new SecretsApi(secrets), new WorkflowsApi(workflows));
        BrowserGuard guard = new BrowserGuard(config.access().allowedHosts());
        ApiRoutes.mount(router, apis, guard, new Access(tokens, config.access().metricsPublic(), config.access().agentApiOpen()));
        ApiRoutes.mountForFunctions(endpointRouter, apis, guard);
        functions.restore();
        workflows.resume();
        eventing.start();
        async.start();
        vertx.setPeriodic(SCALE_TICK_MILLIS, id -> {
            long now = System.nanoTime();
            routes.all().forEach(revision -> revision.tick(now));
        });
        vertx.setPeriodic(TOKEN_FLUSH_MILLIS, id -> Thread.ofPlatform().daemon().name("skiff-tokens").start(this::flushTokens));
        ready = true;
        String bound = "0.0.0.0".equals(config.host()) || "::".equals(config.host())
                ? scheme + "://" + config.host() + ":" + listening.port() + " (every address of this machine)" : baseUrl;
        if (!loopback && config.access().tls() == null) {
            LOG.warn("the API is served beyond loopback, on {}, WITHOUT TLS: tokens, code and answers cross the network "
                    + "in clear text, and anyone on the way can take a token and use it; serve HTTPS with --tls-cert and "
                    + "--tls-key, or serve on 127.0.0.1 behind a proxy that terminates TLS", bound);
        }
        if (config.access().metricsPublic()) {
            LOG.info("GET /metrics answers without a token (--metrics-public)");
        }
        if (config.access().agentApiOpen()) {
            LOG.warn("the agent's API (/deploy, /invoke, /functions) answers without a token (--agent-api-open): any "
                    + "process of this machine can deploy code through it");
        }
        LOG.info("Skiff listening on {} (data in {}; {} transport; functions reach it on {}; sandbox: {}; instance limits: {})",
                bound, dataDir.root(), vertx.isNativeTransportEnabled() ? "epoll" : "NIO", functionsUrl, sandbox.describe(),
                limits(config));
    }

    /** Records the server's URL and admin token in the local user's CLI configuration, when the config names one. */
    private void recordForCli(AccessConfig access, String baseUrl) {
        if (access.cliConfig() == null) {
            return;
        }
        try {
            new CredentialsFile(access.cliConfig(), access.cliConfigOwner()).record(URI.create(baseUrl), new ServerCredentials(adminToken,
                    access.tls() == null ? null : access.tls().cert().toAbsolutePath().toString()));
            LOG.info("the CLI of this user reaches {} with the admin token: recorded in {}", baseUrl, access.cliConfig());
        } catch (RuntimeException e) {
            LOG.warn("could not record this server in the CLI configuration {} ({}); give the CLI the token in {} with "
                    + "skiff login --server {} --token-file {}", access.cliConfig(), e.getMessage(), dataDir.adminToken(),
                    baseUrl, dataDir.adminToken());
        }
    }

    private void flushTokens() {
        try {
            tokens.flush();
        } catch (RuntimeException e) {
            LOG.warn("could not record when tokens were last used: {}", e.getMessage());
        }
    }

    /** The URL the server answers on ({@code http://127.0.0.1:PORT} when it listens on every address). */
    public String url() {
        return url;
    }

    /**
     * Calls a workflow's jobs through {@code caller}: a JSON POST recorded as the attempt's activation,
     * with the revision and instance that served it.
     */
    private static JobCaller jobCaller(FunctionCaller caller) {
        return new JobCaller() {
            @Override
            public CompletableFuture<JobAnswer> call(String function, ObjectNode body, String activationId) {
                MultiMap headers = MultiMap.caseInsensitiveMultiMap().set("Content-Type", "application/json")
                        .set(InternalHeaders.ACTIVATION_ID, activationId);
                return caller.post(function, headers, Buffer.buffer(body.toString()))
                        .thenApply(answer -> new JobAnswer(answer.status(), answer.body().toString(), answer.error(),
                                answer.revision(), answer.instance()));
            }

            @Override
            public String newActivationId() {
                return ActivationRecorder.newId();
            }
        };
    }

    /** The server's admin token (its secret, also in the data directory's {@code admin-token}). */
    public String adminToken() {
        return adminToken;
    }

    /** What limits instances get and what enforces them, for the start line. */
    private String limits(ServerConfig config) {
        return config.limits().text() + ", enforced by " + backend.enforcement();
    }

    /** The URL functions reach Skiff on ({@code SKIFF_URL}): the function endpoint. */
    public String functionsUrl() {
        return "http://" + ServerConfig.DEFAULT_HOST + ":" + endpoint.port();
    }

    /** How functions run: sandboxed (and as whom) or not, for the start line. */
    public String sandboxing() {
        return sandbox.describe();
    }

    /** How instances' limits are enforced: e.g. {@code cgroup v1 (memory, cpu, pids)}, or {@code none: <why>}. */
    public String limitEnforcement() {
        return backend.enforcement();
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
        return listening.port();
    }

    /** Applies the activation records' retention and limit now, as the recorder does every minute; answers how many went. */
    public int pruneActivations() {
        return activations.prune();
    }

    /** How many requests the front answered on its fast path, under Vert.x (tests check it is taken). */
    public long answeredOnPipeline() {
        return front.answeredOnPipeline();
    }

    /** The revisions being served, for tests and diagnostics. */
    public List<ServedRevision> serving() {
        return List.copyOf(routes.all());
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
            if (endpoint != null) {
                awaitQuietly(endpoint.close());
            }
            if (listening != null) {
                awaitQuietly(listening.close());
            }
            if (eventing != null) {
                eventing.close();
            }
            if (async != null) {
                async.close();
            }
            if (workflows != null) {
                workflows.close();
            }
            List<Thread> drains = routes.all().stream()
                    .map(revision -> Thread.ofPlatform().name("skiff-stop").start(() -> revision.drainAndStop(SHUTDOWN_GRACE)))
                    .toList();
            for (Thread drain : drains) {
                drain.join();
            }
            backend.close();
            awaitQuietly(vertx.close());
            activations.close();
            flushTokens();
            tokensDb.close();
            namespacesDb.close();
            secretsDb.close();
            workflowsDb.close();
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

    private static void awaitQuietly(Future<?> future) {
        try {
            future.toCompletionStage().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.warn("while stopping: {}", e.getCause().getMessage());
        }
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
    }
}
