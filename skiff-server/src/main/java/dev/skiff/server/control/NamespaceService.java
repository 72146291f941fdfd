package dev.skiff.server.control;

import dev.skiff.api.Function;
import dev.skiff.api.Namespaces;
import dev.skiff.api.Quote;
import dev.skiff.server.dataplane.InFlightLimits;
import dev.skiff.server.errors.ErrorCode;
import dev.skiff.server.errors.SkiffException;
import dev.skiff.server.serving.InstanceBudget;
import dev.skiff.server.store.NamespaceRow;
import dev.skiff.server.store.SqliteNamespaces;
import dev.skiff.server.store.Store;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Namespaces: made, listed with their usage, deleted (with what they hold, when forced), and the
 * function quota {@link FunctionService} asks. Their quotas of requests in flight and of instances
 * and memory are enforced where requests and instance starts happen ({@link InFlightLimits},
 * {@link InstanceBudget}), which this sets. {@code default} always exists and has no quota.
 */
public final class NamespaceService implements FunctionQuota {
    private final SqliteNamespaces rows;
    private final Store store;
    private final InFlightLimits inFlight;
    private final InstanceBudget instances;
    private final Clock clock;
    /** The namespaces but default, held in memory: a request's namespace is checked without the store. */
    private final java.util.Set<String> names = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Functions being made, by namespace: counted with the stored ones against the quota. */
    private final Map<String, Integer> pending = new HashMap<>();

    /**
     * Namespaces kept in {@code rows}; their functions counted in {@code store}; their in-flight
     * quotas enforced by the gateway's {@code inFlight}, their instance and memory quotas by
     * {@code instances} (which also counts their usage), both set now and on every change.
     */
    public NamespaceService(SqliteNamespaces rows, Store store, InFlightLimits inFlight, InstanceBudget instances,
                            Clock clock) {
        this.rows = rows;
        this.store = store;
        this.inFlight = inFlight;
        this.instances = instances;
        this.clock = clock;
        rows.namespaces().forEach(row -> {
            names.add(row.name());
            enforce(row);
        });
    }

    /**
     * A namespace's quotas; null: no limit.
     *
     * @param maxFunctions the most functions it may hold
     * @param maxInFlight the most requests to its functions in flight at once (waiting for an instance included)
     * @param maxInstances the most instances its functions run at once (starting ones included)
     * @param maxMemoryBytes the most memory its instances' limits add up to, in bytes
     */
    public record Quotas(Integer maxFunctions, Integer maxInFlight, Integer maxInstances, Long maxMemoryBytes) {
        /** No limits. */
        public static final Quotas NONE = new Quotas(null, null, null, null);

        void check() {
            if (maxInstances != null && maxInstances < 0) {
                throw new SkiffException(ErrorCode.VALIDATION_FAILED, "spec.maxInstances: " + maxInstances + " is negative");
            }
            if (maxMemoryBytes != null && maxMemoryBytes < 0) {
                throw new SkiffException(ErrorCode.VALIDATION_FAILED, "spec.maxMemory: " + maxMemoryBytes + " is negative");
            }
            if (maxFunctions != null && maxFunctions < 0) {
                throw new SkiffException(ErrorCode.VALIDATION_FAILED, "spec.maxFunctions: " + maxFunctions + " is negative");
            }
            if (maxInFlight != null && maxInFlight < 1) {
                throw new SkiffException(ErrorCode.VALIDATION_FAILED, "spec.maxInFlight: " + maxInFlight + " is not 1 or more");
            }
        }
    }

    /**
     * A namespace and what it holds now.
     *
     * @param instances its instances running or starting
     * @param memoryBytes the sum of their memory limits
     */
    public record View(String name, Quotas quotas, String created, int functions, int volumes, int instances,
                       long memoryBytes) {}

    /** Makes a namespace: 400 for a bad name or quota, 409 when it exists. */
    public View create(String name, Quotas quotas) {
        String problem = Namespaces.problem(name);
        if (problem != null) {
            throw new SkiffException(ErrorCode.VALIDATION_FAILED, "metadata.name: " + problem);
        }
        quotas.check();
        NamespaceRow row = row(name, quotas, clock.instant().toString());
        if (name.equals(Namespaces.DEFAULT) || !rows.insert(row)) {
            throw new SkiffException(ErrorCode.ALREADY_EXISTS, "namespace " + Quote.value(name) + " exists");
        }
        names.add(name);
        enforce(row);
        return view(row);
    }

    /**
     * Replaces a namespace's quotas: 404 when there is none, 409 for {@code default} (which has none). A
     * quota below what it holds refuses new functions or instances and keeps those there are.
     */
    public synchronized View update(String name, Quotas quotas) {
        if (Namespaces.DEFAULT.equals(name)) {
            throw new SkiffException(ErrorCode.CONFLICT, "the default namespace has no quotas");
        }
        quotas.check();
        NamespaceRow before = row(name);
        NamespaceRow after = row(name, quotas, before.created());
        rows.updateQuotas(after);
        enforce(after);
        return view(after);
    }

    /** Every namespace, {@code default} first. */
    public List<View> list() {
        List<View> all = new ArrayList<>();
        all.add(view(defaultRow()));
        rows.namespaces().forEach(row -> all.add(view(row)));
        return all;
    }

    /** One namespace; 404 when there is none. */
    public View get(String name) {
        return view(row(name));
    }

    /** True when {@code name} is a namespace; from memory, so the request path may ask. */
    public boolean exists(String name) {
        return Namespaces.DEFAULT.equals(name) || names.contains(name);
    }

    /**
     * Deletes a namespace: refused (409) while it holds functions, volumes or events, unless
     * {@code force}, which first deletes its {@code events} (triggers, brokers, topics, cron triggers),
     * then each function with {@code deleteFunction}, then each volume with {@code deleteVolume} (given
     * their keys). {@code default} stays.
     */
    public View delete(String name, boolean force, NamespaceContents events, Consumer<String> deleteFunction,
                       Consumer<String> deleteVolume) {
        if (Namespaces.DEFAULT.equals(name)) {
            throw new SkiffException(ErrorCode.CONFLICT, "the default namespace cannot be deleted");
        }
        View before = get(name);
        List<String> held = new ArrayList<>(functionsIn(name));
        List<String> volumes = volumesIn(name);
        List<String> others = events.held(name);
        if (!(held.isEmpty() && volumes.isEmpty() && others.isEmpty()) && !force) {
            List<String> names = new ArrayList<>();
            held.forEach(key -> names.add("function " + Namespaces.nameOf(key)));
            volumes.forEach(key -> names.add("volume " + Namespaces.nameOf(key)));
            names.addAll(others);
            throw new SkiffException(ErrorCode.IN_USE, "namespace " + name + " holds " + held.size() + " function(s), "
                    + volumes.size() + " volume(s) and " + others.size() + " event resource(s) ("
                    + String.join(", ", names.stream().limit(5).toList()) + (names.size() > 5 ? ", ..." : "")
                    + "); delete them first, or delete the namespace with --force");
        }
        events.deleteAll(name);
        held.forEach(deleteFunction);
        volumes.forEach(deleteVolume);
        rows.delete(name);
        names.remove(name);
        inFlight.set(name, null);
        return before;
    }

    @Override
    public synchronized Reservation reserve(String namespace) {
        NamespaceRow row = row(namespace);
        int held = functionsIn(namespace).size() + pending.getOrDefault(namespace, 0);
        if (row.maxFunctions() != null && held >= row.maxFunctions()) {
            throw new SkiffException(ErrorCode.QUOTA_EXCEEDED, "namespace " + namespace + " may hold at most "
                    + row.maxFunctions() + " function(s) (quota maxFunctions) and holds " + held);
        }
        pending.merge(namespace, 1, Integer::sum);
        return () -> release(namespace);
    }

    private synchronized void release(String namespace) {
        pending.computeIfPresent(namespace, (ns, count) -> count <= 1 ? null : count - 1);
    }

    private NamespaceRow row(String name) {
        if (Namespaces.DEFAULT.equals(name)) {
            return defaultRow();
        }
        return rows.namespace(name).orElseThrow(() -> new SkiffException(ErrorCode.NOT_FOUND, "no namespace "
                + Quote.value(name) + "; an admin makes one with 'skiff namespace create " + name + "'"));
    }

    private static NamespaceRow defaultRow() {
        return row(Namespaces.DEFAULT, Quotas.NONE, null);
    }

    private static NamespaceRow row(String name, Quotas quotas, String created) {
        return new NamespaceRow(name, quotas.maxFunctions(), quotas.maxInFlight(), quotas.maxInstances(),
                quotas.maxMemoryBytes(), created);
    }

    /** Hands the row's quotas to those that enforce them. */
    private void enforce(NamespaceRow row) {
        inFlight.set(row.name(), row.maxInFlight());
        instances.set(row.name(), row.maxInstances(), row.maxMemoryBytes());
    }

    private List<String> functionsIn(String namespace) {
        return store.functions().stream().filter(f -> f.namespace().equals(namespace)).map(Function::key).toList();
    }

    private List<String> volumesIn(String namespace) {
        return store.volumes().stream().map(dev.skiff.api.Volume::name)
                .filter(key -> Namespaces.namespaceOf(key).equals(namespace)).toList();
    }

    private View view(NamespaceRow row) {
        InstanceBudget.Usage usage = instances.usage(row.name());
        return new View(row.name(), new Quotas(row.maxFunctions(), row.maxInFlight(), row.maxInstances(), row.maxMemoryBytes()),
                row.created(), functionsIn(row.name()).size(), volumesIn(row.name()).size(), usage.instances(),
                usage.memoryBytes());
    }
}
