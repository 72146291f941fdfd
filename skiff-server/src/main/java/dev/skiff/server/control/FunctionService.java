package dev.skiff.server.control;

import static dev.skiff.server.control.FunctionDocuments.bumped;

import dev.skiff.api.Function;
import dev.skiff.api.Namespaces;
import dev.skiff.api.Quote;
import dev.skiff.api.ValidationException;
import dev.skiff.api.Revision;
import dev.skiff.api.ScaleSpec;
import dev.skiff.api.TrafficTarget;
import dev.skiff.runtimes.FileTrees;
import dev.skiff.runtimes.admission.FunctionAdmission;
import dev.skiff.server.dataplane.Route;
import dev.skiff.server.dataplane.RouteTable;
import dev.skiff.server.errors.ErrorCode;
import dev.skiff.server.errors.SkiffException;
import dev.skiff.server.logs.LogStore;
import dev.skiff.server.serving.ServedRevision;
import dev.skiff.server.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane's entry: creates, updates and deletes functions and changes their traffic and
 * scale, one change at a time per function. A deploy admits the function, builds an immutable
 * revision and starts one instance of it ({@link RevisionBuilder}), resolves the traffic table
 * ({@link TrafficResolver}), and only then records the revision and moves the traffic
 * ({@link RouteInstaller}), so a failed deploy changes nothing. Blocking: callers run it off the event loop.
 */
public final class FunctionService {
    private static final Logger LOG = LoggerFactory.getLogger(FunctionService.class);

    private final Store store;
    private final RouteTable routes;
    private final LogStore logs;
    private final VolumeService volumes;
    private final FunctionAdmission admission;
    private final RevisionPaths paths;
    private final RevisionBuilder builder;
    private final TrafficResolver traffic;
    private final RouteInstaller installer;
    private final FunctionStatuses statuses;
    private final Recovery recovery;
    private final Clock clock;
    private final int instanceCap;
    private final FunctionQuota quota;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    /** A control plane with these settings over these parts. */
    public FunctionService(ControlConfig config, ControlParts parts) {
        this.store = parts.store();
        this.routes = parts.routes();
        this.logs = parts.logs();
        this.volumes = parts.volumes();
        this.admission = parts.admission();
        this.quota = parts.quota();
        this.paths = new RevisionPaths(config.functionsDir());
        this.builder = new RevisionBuilder(paths, parts.runtimes(), parts.backend(), volumes, config, parts.instances());
        this.traffic = new TrafficResolver(store, routes, builder);
        this.installer = new RouteInstaller(routes);
        this.statuses = new FunctionStatuses(store, routes, config.baseUrl(), config.clock());
        this.recovery = new Recovery(store, paths, traffic, routes);
        this.clock = config.clock();
        this.instanceCap = config.maxInstancesPerRevision();
    }

    /** Creates a function (in the namespace its metadata names); 409 when it exists. */
    public Function create(Function resource) {
        Function function = admission.admit(resource);
        return locked(function.key(), () -> {
            if (store.function(function.key()).isPresent()) {
                throw new SkiffException(ErrorCode.ALREADY_EXISTS, "function '" + function.name() + "' already exists"
                        + (function.namespace().equals(Namespaces.DEFAULT) ? "" : " in namespace " + function.namespace())
                        + "; update it with PUT (skiff deploy updates it)");
            }
            try (FunctionQuota.Reservation room = quota.reserve(function.namespace())) {
                return deploy(function, null);
            }
        });
    }

    /**
     * Replaces the spec of the function keyed {@code name} ({@link Function#key}) with a new revision;
     * 404 when it does not exist. The resource's metadata must name the same function and namespace.
     */
    public Function update(String name, Function resource) {
        Function function = admission.admitAt(Namespaces.nameOf(name), resource);
        if (!function.key().equals(name)) {
            throw ValidationException.of("metadata.namespace", Quote.value(function.namespace())
                    + " is not the namespace of the path's function");
        }
        return locked(name, () -> deploy(function, stored(name)));
    }

    /** Creates the function or, when it exists, updates it. */
    public Function apply(Function resource) {
        Function function = admission.admit(resource);
        return locked(function.key(), () -> {
            Function previous = store.function(function.key()).map(FunctionDocuments::withTrafficDefault).orElse(null);
            if (previous != null) {
                return deploy(function, previous);
            }
            try (FunctionQuota.Reservation room = quota.reserve(function.namespace())) {
                return deploy(function, null);
            }
        });
    }

    /** One function with its status. */
    public Function get(String name) {
        return statuses.withStatus(stored(name));
    }

    /** Every function with its status. */
    public List<Function> list() {
        return store.functions().stream().map(FunctionDocuments::withTrafficDefault).map(statuses::withStatus).toList();
    }

    /** A function's revisions, newest first. */
    public List<Revision> revisions(String name) {
        get(name);
        return store.revisions(name);
    }

    /** A function's route: the revisions it serves and their shares; 404 when there is no such function. */
    public Route route(String name) {
        Route route = routes.route(name);
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
    public Function setTraffic(String name, List<TrafficTarget> table) {
        return locked(name, () -> {
            Function function = stored(name);
            admission.admitTraffic(Namespaces.nameOf(name), table);
            Function updated = bumped(function, function.spec().withTraffic(List.copyOf(table)));
            Route route = traffic.resolve(updated);
            installer.startServing(route);
            store.saveFunction(updated);
            installer.install(name, route);
            LOG.info("{}'s traffic is now {}", name, RouteInstaller.describe(route));
            return statuses.withStatus(updated);
        });
    }

    /**
     * Undoes the newest rollout: sends all of the function's traffic to the revision before the newest
     * one taking a share (so a 70/30 canary goes back to the old revision), pinned by name so later
     * deploys take none until the traffic is changed again; tags stay.
     */
    public Function rollback(String name) {
        return locked(name, () -> {
            Route route = route(name);
            int current = route.revisions().stream().filter(s -> route.share(s) > 0)
                    .mapToInt(s -> s.revision().number()).max().orElseThrow();
            Revision previous = store.revisions(name).stream().filter(r -> r.number() < current).findFirst()
                    .orElseThrow(() -> new SkiffException(ErrorCode.CONFLICT, name + " has no revision before "
                            + Namespaces.nameOf(Revision.nameFor(name, current)) + " to roll back to"));
            List<TrafficTarget> table = FunctionDocuments.rollbackTable(stored(name), previous);
            return setTraffic(name, table);
        });
    }

    /** Changes the function's scaling bounds for every revision it serves and every later one; no new revision. */
    public Function scale(String name, Integer minScale, Integer maxScale) {
        return locked(name, () -> {
            Function function = stored(name);
            ScaleSpec scale = function.spec().scale().withBounds(minScale, maxScale);
            Function updated = bumped(function, function.spec().withScale(scale));
            admission.admitScale(updated);
            store.saveFunction(updated);
            route(name).revisions().forEach(revision -> revision.rescale(scale));
            LOG.info("{} now scales between {} and {} instances per revision", name, scale.minScale(),
                    scale.maxScale() == 0 ? "the server's cap of " + instanceCap : scale.maxScale());
            return statuses.withStatus(updated);
        });
    }

    /** Deletes a function: stops its instances and removes its revisions, code and logs. */
    public Function delete(String name) {
        return locked(name, () -> {
            Function function = get(name);
            Route route = routes.remove(name);
            if (route != null) {
                route.revisions().forEach(revision -> revision.drainAndStop(RouteInstaller.DRAIN_TIMEOUT));
            }
            store.delete(name);
            FileTrees.delete(paths.functionDir(name));
            logs.delete(name);
            return function;
        });
    }

    /** Serves every stored function again after a restart, and removes code no revision owns. */
    public void restore() {
        recovery.restore();
    }

    private Function deploy(Function function, Function previous) {
        return volumes.mounting(function.namespace(), function.spec().volumes(), () -> deployMounted(function, previous));
    }

    private Function deployMounted(Function function, Function previous) {
        String name = function.key();
        String now = clock.instant().toString();
        int number = store.nextRevisionNumber(name);
        Revision revision = new Revision(Revision.nameFor(name, number), name, number, function.spec().withTraffic(null), now);
        Function stored = FunctionDocuments.deployed(function, previous, now);
        ServedRevision served = builder.build(revision, stored.spec().scale());
        Route route;
        try {
            route = traffic.resolve(stored, Map.of(revision.name(), served), revision);
            installer.startServing(route);
            store.saveDeploy(stored, revision);
        } catch (RuntimeException e) {
            served.drainAndStop(Duration.ZERO);
            builder.discard(revision);
            throw e;
        }
        installer.install(name, route);
        if (!route.revisions().contains(served)) {
            RouteInstaller.drainInBackground(served);
            LOG.info("{} made {}, which takes no traffic: the traffic is pinned to {}", name, revision.name(),
                    RouteInstaller.describe(route));
        } else {
            LOG.info("{} made {}; traffic: {}", name, revision.name(), RouteInstaller.describe(route));
        }
        return statuses.withStatus(stored);
    }

    /** A stored function; 404 when there is none. */
    private Function stored(String name) {
        return store.function(name).map(FunctionDocuments::withTrafficDefault).orElseThrow(() -> SkiffException.noFunction(name));
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
