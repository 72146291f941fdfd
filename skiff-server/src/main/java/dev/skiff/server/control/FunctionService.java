package dev.skiff.server.control;

import dev.skiff.api.Condition;
import dev.skiff.api.FieldError;
import dev.skiff.api.Function;
import dev.skiff.api.FunctionDefaults;
import dev.skiff.api.FunctionStatus;
import dev.skiff.api.FunctionValidation;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Revision;
import dev.skiff.api.TrafficTarget;
import dev.skiff.api.ValidationException;
import dev.skiff.runtimes.InvalidSourceException;
import dev.skiff.runtimes.LanguageRuntime;
import dev.skiff.runtimes.PrepareException;
import dev.skiff.runtimes.RevisionFiles;
import dev.skiff.runtimes.Runtimes;
import dev.skiff.runtimes.SourceFiles;
import dev.skiff.server.ErrorCode;
import dev.skiff.server.SkiffException;
import dev.skiff.server.backend.InstanceSpec;
import dev.skiff.server.backend.ProcessBackend;
import dev.skiff.server.backend.StartException;
import dev.skiff.server.logs.LogStore;
import dev.skiff.server.serving.Registry;
import dev.skiff.server.serving.RevisionServer;
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
        return locked(name, () -> deploy(function, store.function(name).orElseThrow(() -> SkiffException.noFunction(name))));
    }

    /** Creates the function or, when it exists, updates it. */
    public Function apply(Function resource) {
        Function function = admit(resource, null);
        return locked(function.name(), () -> deploy(function, store.function(function.name()).orElse(null)));
    }

    /** One function with its status. */
    public Function get(String name) {
        return withStatus(store.function(name).orElseThrow(() -> SkiffException.noFunction(name)));
    }

    /** Every function with its status. */
    public List<Function> list() {
        return store.functions().stream().map(this::withStatus).toList();
    }

    /** A function's revisions, newest first. */
    public List<Revision> revisions(String name) {
        get(name);
        return store.revisions(name);
    }

    /** The revision serving a function's traffic; 404 when there is no such function. */
    public RevisionServer serving(String name) {
        RevisionServer serving = registry.serving(name);
        if (serving == null) {
            throw SkiffException.noFunction(name);
        }
        return serving;
    }

    /** Deletes a function: stops its instances and removes its revisions, code and logs. */
    public Function delete(String name) {
        return locked(name, () -> {
            Function function = get(name);
            RevisionServer serving = registry.remove(name);
            if (serving != null) {
                serving.drainAndStop(DRAIN_TIMEOUT);
            }
            store.delete(name);
            RevisionPaths.deleteTree(paths.functionDir(name));
            logs.delete(name);
            return function;
        });
    }

    /** Serves every stored function again after a restart, and removes code no revision owns. */
    public void restore() {
        removeOrphans();
        for (Function function : store.functions()) {
            store.servingRevision(function.name()).flatMap(store::revision).ifPresent(revision -> {
                RevisionServer server = revisionServer(revision);
                registry.route(function.name(), server);
                server.ensureInstance();
            });
        }
    }

    private Function deploy(Function function, Function previous) {
        return volumes.mounting(function.spec().volumes(), () -> deployMounted(function, previous));
    }

    private Function deployMounted(Function function, Function previous) {
        String name = function.name();
        long generation = previous == null ? 1 : previous.metadata().generation() + 1;
        String created = previous == null ? Instant.now().toString() : previous.metadata().creationTimestamp();
        Function stored = function.withMetadata(function.metadata().withServerFields(generation, created)).withStatus(null);
        int number = store.nextRevisionNumber(name);
        Revision revision = new Revision(Revision.nameFor(name, number), name, number, stored.spec(), Instant.now().toString());
        RevisionServer server = prepareAndStart(revision);
        try {
            store.saveDeploy(stored, revision);
        } catch (RuntimeException e) {
            server.drainAndStop(Duration.ZERO);
            RevisionPaths.deleteTree(paths.revisionDir(name, revision.name()));
            throw e;
        }
        RevisionServer replaced = registry.route(name, server);
        if (replaced != null) {
            Thread.ofPlatform().daemon().name("skiff-drain-" + replaced.revision().name()).start(() -> replaced.drainAndStop(DRAIN_TIMEOUT));
        }
        LOG.info("{} now serves {}", name, revision.name());
        return withStatus(stored);
    }

    private RevisionServer prepareAndStart(Revision revision) {
        String name = revision.function();
        try {
            RevisionFiles files = paths.create(name, revision.name());
            SourceFiles.unpack(revision.spec().source(), files.codeDir());
            runtime(revision.spec().runtime()).prepare(files, revision.spec());
            RevisionServer server = revisionServer(revision);
            server.startFirst();
            return server;
        } catch (InvalidSourceException | PrepareException | StartException e) {
            RevisionPaths.deleteTree(paths.revisionDir(name, revision.name()));
            throw new SkiffException(ErrorCode.DEPLOY_FAILED, "deploy of " + name + " failed: " + e.getMessage());
        } catch (IOException e) {
            RevisionPaths.deleteTree(paths.revisionDir(name, revision.name()));
            throw new SkiffException(ErrorCode.INTERNAL, "cannot write " + name + "'s code: " + e.getMessage());
        } catch (RuntimeException e) {
            RevisionPaths.deleteTree(paths.revisionDir(name, revision.name()));
            throw e;
        }
    }

    private LanguageRuntime runtime(String name) {
        return runtimes.get(name).orElseThrow(() -> new IllegalStateException("no runtime " + name));
    }

    private RevisionServer revisionServer(Revision revision) {
        LanguageRuntime runtime = runtime(revision.spec().runtime());
        RevisionFiles files = paths.files(revision.function(), revision.name());
        InstanceSpec spec = new InstanceSpec(revision.function(), revision.name(), revision.spec().handler(), files,
                runtime.command(files, revision.spec()), environment(revision.spec().env()), revision.spec().timeoutSeconds(),
                volumes.bindings(revision.spec().volumes()));
        return new RevisionServer(revision, spec, backend, maxQueue);
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
        RevisionServer serving = registry.serving(function.name());
        String revision = serving == null ? null : serving.revision().name();
        String error = serving == null ? "no revision serves it" : serving.lastStartError();
        String now = Instant.now().toString();
        Condition ready = error == null ? Condition.ready(now) : Condition.notReady("InstanceFailed", error, now);
        return function.withStatus(new FunctionStatus(List.of(ready), baseUrl + "/function/" + function.name(),
                revision, revision, function.metadata().generation(),
                revision == null ? null : List.of(TrafficTarget.latest(100).resolved(revision, null))));
    }

    private void removeOrphans() {
        if (!Files.isDirectory(paths.root())) {
            return;
        }
        try (Stream<Path> functionDirs = Files.list(paths.root())) {
            functionDirs.forEach(dir -> {
                String function = dir.getFileName().toString();
                if (store.function(function).isEmpty()) {
                    RevisionPaths.deleteTree(dir);
                    return;
                }
                try (Stream<Path> revisionDirs = Files.list(dir)) {
                    revisionDirs.filter(r -> store.revision(r.getFileName().toString()).isEmpty())
                            .forEach(RevisionPaths::deleteTree);
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
