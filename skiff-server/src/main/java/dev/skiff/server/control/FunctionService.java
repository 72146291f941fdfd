package dev.skiff.server.control;

import dev.skiff.api.Condition;
import dev.skiff.api.FieldError;
import dev.skiff.api.Function;
import dev.skiff.api.FunctionDefaults;
import dev.skiff.api.FunctionStatus;
import dev.skiff.api.FunctionValidation;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Revision;
import dev.skiff.api.ScaleSpec;
import dev.skiff.api.TrafficTarget;
import dev.skiff.api.ValidationException;
import dev.skiff.runtimes.InvalidSourceException;
import dev.skiff.runtimes.LanguageRuntime;
import dev.skiff.runtimes.PrepareException;
import dev.skiff.runtimes.RevisionFiles;
import dev.skiff.runtimes.Runtimes;
import dev.skiff.runtimes.SourceFiles;
import dev.skiff.server.ErrorCode;
import dev.skiff.server.FileTrees;
import dev.skiff.server.SkiffException;
import dev.skiff.server.backend.InstanceSpec;
import dev.skiff.server.backend.ProcessBackend;
import dev.skiff.server.backend.StartException;
import dev.skiff.server.logs.LogStore;
import dev.skiff.server.serving.Registry;
import dev.skiff.server.serving.RevisionServer;
import dev.skiff.server.serving.Route;
import dev.skiff.server.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane: creates, updates and deletes functions. A deploy makes an immutable revision,
 * unpacks and prepares its code, starts one instance and waits until it loads, and only then
 * records the revision and moves traffic to it, so a failed deploy changes nothing. Blocking:
 * callers run it off the event loop.
 */
public final class FunctionService {
    private static final Logger LOG = LoggerFactory.getLogger(FunctionService.class);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    private final Store store;
    private final Runtimes runtimes;
    private final ProcessBackend backend;
    private final Registry registry;
    private final LogStore logs;
    private final RevisionPaths paths;
    private final String baseUrl;
    private final Map<String, String> platformEnv;
    private final int maxQueue;
    private final int instanceCap;
    private final VolumeService volumes;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    /** A control plane over these parts; {@code baseUrl} prefixes function URLs. */
    public FunctionService(ControlConfig config, Store store, Runtimes runtimes, ProcessBackend backend,
                           Registry registry, LogStore logs, VolumeService volumes) {
        this.volumes = volumes;
        this.store = store;
        this.runtimes = runtimes;
        this.backend = backend;
        this.registry = registry;
        this.logs = logs;
        this.paths = new RevisionPaths(config.functionsDir());
        this.baseUrl = config.baseUrl();
        this.maxQueue = config.maxQueue();
        this.instanceCap = config.maxInstancesPerRevision();
        this.platformEnv = config.platformEnv();
    }

    /** Creates a function; 409 when it exists. */
    public Function create(Function resource) {
        Function function = admit(resource, null);
        return locked(function.name(), () -> {
            if (store.function(function.name()).isPresent()) {
                throw new SkiffException(ErrorCode.ALREADY_EXISTS, "function '" + function.name()
                        + "' already exists; update it with PUT /api/v1/functions/" + function.name());
            }
            return deploy(function, null);
        });
    }

    /** Replaces a function's spec with a new revision; 404 when it does not exist. */
    public Function update(String name, Function resource) {
        Function function = admit(resource, name);
        return locked(name, () -> deploy(function, stored(name)));
    }

    /** Creates the function or, when it exists, updates it. */
    public Function apply(Function resource) {
        Function function = admit(resource, null);
        return locked(function.name(), () -> deploy(function, store.function(function.name()).map(FunctionService::withTrafficDefault).orElse(null)));
    }

    /** One function with its status. */
    public Function get(String name) {
        return withStatus(stored(name));
    }

    /** Every function with its status. */
    public List<Function> list() {
        return store.functions().stream().map(FunctionService::withTrafficDefault).map(this::withStatus).toList();
    }

    /** A function's revisions, newest first. */
    public List<Revision> revisions(String name) {
        get(name);
        return store.revisions(name);
    }

    /** A function's route: the revisions it serves and their shares; 404 when there is no such function. */
    public Route route(String name) {
        Route route = registry.route(name);
        if (route == null) {
            throw SkiffException.noFunction(name);
        }
        return route;
    }

    /**
     * Replaces the function's traffic table (no new revision): checks the table, starts an instance of
     * each revision that gains a share and has none, and only then moves the traffic. Revisions left
     * without share or tag drain and stop.
     */
    public Function setTraffic(String name, List<TrafficTarget> traffic) {
        return locked(name, () -> {
            Function function = stored(name);
            List<FieldError> errors = new ArrayList<>();
            FunctionValidation.validateTraffic(name, traffic, "traffic", errors);
            if (!errors.isEmpty()) {
                throw new ValidationException(errors);
            }
            Function updated = bumped(function, function.spec().withTraffic(List.copyOf(traffic)));
            Route route = resolve(updated, Map.of());
            startServing(route);
            store.saveFunction(updated);
            install(name, route);
            LOG.info("{}'s traffic is now {}", name, describe(route));
            return withStatus(updated);
        });
    }

    /**
     * Undoes the newest rollout: sends all of the function's traffic to the revision before the newest
     * one taking a share (so a 70/30 canary goes back to the old revision), pinned by name so later
     * deploys take none until the traffic is changed again; tags stay.
     */
    public Function rollback(String name) {
        return locked(name, () -> {
            Function function = stored(name);
            Route route = route(name);
            int current = route.servers().stream().filter(s -> route.share(s) > 0)
                    .mapToInt(s -> s.revision().number()).max().orElseThrow();
            Revision previous = store.revisions(name).stream().filter(r -> r.number() < current).findFirst()
                    .orElseThrow(() -> new SkiffException(ErrorCode.CONFLICT, name + " has no revision before "
                            + Revision.nameFor(name, current) + " to roll back to"));
            List<TrafficTarget> traffic = new ArrayList<>();
            traffic.add(TrafficTarget.revision(previous.name(), 100));
            for (TrafficTarget target : function.spec().traffic()) {
                if (target.tag() != null) {
                    traffic.add(new TrafficTarget(target.revisionName(), target.latestRevision(), null, target.tag(), null));
                }
            }
            return setTraffic(name, traffic);
        });
    }

    /** Changes the function's scaling bounds for every revision it serves and every later one; no new revision. */
    public Function scale(String name, Integer minScale, Integer maxScale) {
        return locked(name, () -> {
            Function function = stored(name);
            ScaleSpec scale = function.spec().scale().withBounds(minScale, maxScale);
            Function updated = bumped(function, function.spec().withScale(scale));
            List<FieldError> errors = FunctionValidation.validate(updated, runtimes.names(), runtimes::needsHandler).stream()
                    .filter(e -> e.field().startsWith("spec.scale")).toList();
            if (!errors.isEmpty()) {
                throw new ValidationException(errors);
            }
            store.saveFunction(updated);
            route(name).servers().forEach(server -> server.rescale(scale));
            LOG.info("{} now scales between {} and {} instances per revision", name, scale.minScale(),
                    scale.maxScale() == 0 ? "the server's cap of " + instanceCap : scale.maxScale());
            return withStatus(updated);
        });
    }

    /** Deletes a function: stops its instances and removes its revisions, code and logs. */
    public Function delete(String name) {
        return locked(name, () -> {
            Function function = get(name);
            Route route = registry.remove(name);
            if (route != null) {
                route.servers().forEach(server -> server.drainAndStop(DRAIN_TIMEOUT));
            }
            store.delete(name);
            FileTrees.delete(paths.functionDir(name));
            logs.delete(name);
            return function;
        });
    }

    /** Serves every stored function again after a restart, and removes code no revision owns. */
    public void restore() {
        removeOrphans();
        for (Function function : store.functions().stream().map(FunctionService::withTrafficDefault).toList()) {
            try {
                registry.set(function.name(), resolve(function, Map.of()));
            } catch (RuntimeException e) {
                LOG.error("cannot serve {} again: {}", function.name(), e.getMessage());
            }
        }
    }

    private Function deploy(Function function, Function previous) {
        return volumes.mounting(function.spec().volumes(), () -> deployMounted(function, previous));
    }

    private Function deployMounted(Function function, Function previous) {
        String name = function.name();
        int number = store.nextRevisionNumber(name);
        Revision revision = new Revision(Revision.nameFor(name, number), name, number,
                function.spec().withTraffic(null), Instant.now().toString());
        List<TrafficTarget> traffic = function.spec().traffic() != null ? function.spec().traffic()
                : previous != null ? previous.spec().traffic() : List.of(TrafficTarget.latest(100));
        Function stored = previous == null
                ? function.withMetadata(function.metadata().withServerFields(1, Instant.now().toString()))
                        .withSpec(function.spec().withTraffic(traffic)).withStatus(null)
                : bumped(previous.withMetadata(function.metadata().withServerFields(
                        previous.metadata().generation(), previous.metadata().creationTimestamp())),
                        function.spec().withTraffic(traffic));
        RevisionServer server = prepareAndStart(revision, stored.spec().scale());
        Route route;
        try {
            route = resolve(stored, Map.of(revision.name(), server), revision);
            startServing(route);
            store.saveDeploy(stored, revision);
        } catch (RuntimeException e) {
            server.drainAndStop(Duration.ZERO);
            FileTrees.delete(paths.revisionDir(name, revision.name()));
            throw e;
        }
        install(name, route);
        if (!route.servers().contains(server)) {
            Thread.ofPlatform().daemon().name("skiff-drain-" + revision.name()).start(() -> server.drainAndStop(DRAIN_TIMEOUT));
            LOG.info("{} made {}, which takes no traffic: the traffic is pinned to {}", name, revision.name(), describe(route));
        } else {
            LOG.info("{} made {}; traffic: {}", name, revision.name(), describe(route));
        }
        return withStatus(stored);
    }

    /** A stored function; 404 when there is none. */
    private Function stored(String name) {
        return store.function(name).map(FunctionService::withTrafficDefault).orElseThrow(() -> SkiffException.noFunction(name));
    }

    /** The function with its traffic table, which documents stored before traffic splitting lack: all to the latest. */
    private static Function withTrafficDefault(Function function) {
        return function.spec().traffic() != null ? function
                : function.withSpec(function.spec().withTraffic(List.of(TrafficTarget.latest(100))));
    }

    /** The function with a new spec and the next generation. */
    private static Function bumped(Function function, FunctionSpec spec) {
        ObjectMeta meta = function.metadata();
        return function.withSpec(spec).withStatus(null)
                .withMetadata(meta.withServerFields(meta.generation() + 1, meta.creationTimestamp()));
    }

    /** The route a function's traffic table describes, reusing running revision servers. */
    private Route resolve(Function function, Map<String, RevisionServer> fresh) {
        return resolve(function, fresh, null);
    }

    private Route resolve(Function function, Map<String, RevisionServer> fresh, Revision pending) {
        String name = function.name();
        Route current = registry.route(name);
        Revision latest = pending != null ? pending
                : store.latestRevision(name).flatMap(store::revision).orElseThrow(() -> new SkiffException(
                        ErrorCode.INTERNAL, name + " has no revision"));
        Map<String, RevisionServer> servers = new HashMap<>(fresh);
        List<FieldError> errors = new ArrayList<>();
        Route.Builder builder = Route.builder(name);
        List<TrafficTarget> traffic = function.spec().traffic();
        for (int i = 0; i < traffic.size(); i++) {
            TrafficTarget target = traffic.get(i);
            String revisionName = target.followsLatest() ? latest.name() : target.revisionName();
            RevisionServer server = servers.get(revisionName);
            if (server == null && current != null) {
                server = current.server(revisionName);
            }
            if (server == null) {
                Revision revision = revisionName.equals(latest.name()) ? latest : store.revision(revisionName).orElse(null);
                if (revision == null || !revision.function().equals(name)) {
                    errors.add(new FieldError("traffic[" + i + "].revisionName", name + " has no revision '" + revisionName + "'"));
                    continue;
                }
                server = revisionServer(revision, function.spec().scale());
            }
            servers.put(revisionName, server);
            builder.split(server, target.share());
            if (target.tag() != null) {
                builder.tag(target.tag(), server);
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return builder.build();
    }

    /** Starts one instance of every revision in the route that takes a share and has no instance; blocking. */
    private void startServing(Route route) {
        for (RevisionServer server : route.servers()) {
            if (route.share(server) > 0 && server.instances().isEmpty()) {
                try {
                    server.startFirst();
                } catch (StartException e) {
                    throw new SkiffException(ErrorCode.DEPLOY_FAILED, server.revision().name()
                            + " could not start, so the traffic was not moved: " + e.getMessage());
                }
            }
        }
    }

    /** Installs the route; revisions the old route served and the new one does not drain and stop. */
    private void install(String name, Route route) {
        Route replaced = registry.set(name, route);
        if (replaced == null) {
            return;
        }
        for (RevisionServer old : replaced.servers()) {
            if (!route.servers().contains(old)) {
                Thread.ofPlatform().daemon().name("skiff-drain-" + old.revision().name())
                        .start(() -> old.drainAndStop(DRAIN_TIMEOUT));
            }
        }
    }

    private static String describe(Route route) {
        StringBuilder text = new StringBuilder();
        for (RevisionServer server : route.servers()) {
            int share = route.share(server);
            if (share > 0) {
                text.append(text.isEmpty() ? "" : ", ").append(server.revision().name()).append('=').append(share).append('%');
            }
        }
        route.tags().forEach((tag, server) -> text.append(", @").append(tag).append('=').append(server.revision().name()));
        return text.toString();
    }

    private RevisionServer prepareAndStart(Revision revision, ScaleSpec scale) {
        String name = revision.function();
        try {
            RevisionFiles files = paths.create(name, revision.name());
            SourceFiles.unpack(revision.spec().source(), files.codeDir());
            runtime(revision.spec().runtime()).prepare(files, revision.spec());
            RevisionServer server = revisionServer(revision, scale);
            server.startFirst();
            return server;
        } catch (InvalidSourceException | PrepareException | StartException e) {
            FileTrees.delete(paths.revisionDir(name, revision.name()));
            throw new SkiffException(ErrorCode.DEPLOY_FAILED, "deploy of " + name + " failed: " + e.getMessage());
        } catch (IOException e) {
            FileTrees.delete(paths.revisionDir(name, revision.name()));
            throw new SkiffException(ErrorCode.INTERNAL, "cannot write " + name + "'s code: " + e.getMessage());
        } catch (RuntimeException e) {
            FileTrees.delete(paths.revisionDir(name, revision.name()));
            throw e;
        }
    }

    private LanguageRuntime runtime(String name) {
        return runtimes.get(name).orElseThrow(() -> new IllegalStateException("no runtime " + name));
    }

    private RevisionServer revisionServer(Revision revision, ScaleSpec scale) {
        LanguageRuntime runtime = runtime(revision.spec().runtime());
        RevisionFiles files = paths.files(revision.function(), revision.name());
        InstanceSpec spec = new InstanceSpec(revision.function(), revision.name(), revision.spec().handler(), files,
                runtime.command(files, revision.spec()), environment(revision.spec().env()), revision.spec().timeoutSeconds(),
                volumes.bindings(revision.spec().volumes()));
        return new RevisionServer(revision, spec, backend, scale, maxQueue, instanceCap);
    }

    /** The platform's variables with the function's own over them. */
    private Map<String, String> environment(Map<String, String> own) {
        Map<String, String> env = new HashMap<>(platformEnv);
        env.putAll(own);
        return env;
    }

    /** Defaults and validates a resource; {@code pathName}, when given, must match the resource's name. */
    private Function admit(Function resource, String pathName) {
        Function function = resource;
        if (pathName != null) {
            ObjectMeta meta = function.metadata() == null ? ObjectMeta.named(pathName) : function.metadata();
            if (meta.name() == null) {
                meta = new ObjectMeta(pathName, meta.namespace(), meta.labels(), meta.annotations(), null, null);
            } else if (!meta.name().equals(pathName)) {
                throw ValidationException.of("metadata.name", "'" + meta.name() + "' does not match the path's '" + pathName + "'");
            }
            function = function.withMetadata(meta);
        }
        function = FunctionDefaults.apply(function);
        LanguageRuntime runtime = function.spec() == null ? null : runtimes.get(function.spec().runtime()).orElse(null);
        if (runtime != null) {
            function = function.withSpec(runtime.defaults(function.spec()));
        }
        List<FieldError> errors = new ArrayList<>(FunctionValidation.validate(function, runtimes.names(), runtimes::needsHandler));
        if (runtime != null) {
            errors.addAll(runtime.validate(function.spec()));
        }
        if (function.spec() != null && function.spec().volumes() != null) {
            errors.addAll(volumes.unknown(function.spec().volumes()));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return function;
    }

    private Function withStatus(Function function) {
        String name = function.name();
        Route route = registry.route(name);
        String latest = store.latestRevision(name).orElse(null);
        String url = baseUrl + "/function/" + name;
        String now = Instant.now().toString();
        Condition ready;
        List<TrafficTarget> traffic = null;
        if (route == null) {
            ready = Condition.notReady("NotServing", "no revision serves it", now);
        } else {
            String error = route.servers().stream().filter(s -> route.share(s) > 0).map(RevisionServer::lastStartError)
                    .filter(java.util.Objects::nonNull).findFirst().orElse(null);
            ready = error == null ? Condition.ready(now) : Condition.notReady("InstanceFailed", error, now);
            traffic = function.spec().traffic().stream()
                    .map(t -> t.resolved(t.followsLatest() ? latest : t.revisionName(), t.tag() == null ? null : url + "@" + t.tag()))
                    .toList();
        }
        return function.withStatus(new FunctionStatus(List.of(ready), url, latest, latest,
                function.metadata().generation(), traffic));
    }

    private void removeOrphans() {
        if (!Files.isDirectory(paths.root())) {
            return;
        }
        try (Stream<Path> functionDirs = Files.list(paths.root())) {
            functionDirs.forEach(dir -> {
                String function = dir.getFileName().toString();
                if (store.function(function).isEmpty()) {
                    FileTrees.delete(dir);
                    return;
                }
                try (Stream<Path> revisionDirs = Files.list(dir)) {
                    revisionDirs.filter(r -> store.revision(r.getFileName().toString()).isEmpty())
                            .forEach(FileTrees::delete);
                } catch (IOException e) {
                    LOG.warn("cannot list {}: {}", dir, e.getMessage());
                }
            });
        } catch (IOException e) {
            LOG.warn("cannot list {}: {}", paths.root(), e.getMessage());
        }
    }

    private <T> T locked(String name, Supplier<T> action) {
        ReentrantLock lock = locks.computeIfAbsent(name, n -> new ReentrantLock());
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }
}
