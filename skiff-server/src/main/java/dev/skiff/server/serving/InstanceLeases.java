package dev.skiff.server.serving;

import dev.skiff.api.Namespaces;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A served revision's part of its namespace's instance quotas: a lease taken before each start and
 * held by the instance it started until that instance exits; why the quotas refused the last start
 * they refused ({@link #refusal}), and whether the revision is still held back ({@link #capped}).
 */
final class InstanceLeases {
    private final InstanceQuota quota;
    private final String namespace;
    private final LongSupplier memoryBytes;
    private final Map<Instance, InstanceQuota.Lease> held = new ConcurrentHashMap<>();
    private volatile String refusal;
    private volatile boolean capped;

    /** Leases of {@code function}'s namespace from {@code quota}, each for an instance held to {@code memoryBytes}. */
    InstanceLeases(InstanceQuota quota, String function, LongSupplier memoryBytes) {
        this.quota = quota;
        this.namespace = Namespaces.namespaceOf(function);
        this.memoryBytes = memoryBytes;
    }

    /** Room for one more instance, or the refusal, which is also kept ({@link #refusal}) and caps the revision. */
    InstanceQuota.Lease take() throws QuotaExceededException {
        try {
            return quota.take(namespace, memoryBytes.getAsLong());
        } catch (QuotaExceededException e) {
            refusal = e.getMessage();
            capped = true;
            throw e;
        }
    }

    /** Room for one more instance, or null when a quota refused it ({@link #refusal} says why). */
    InstanceQuota.Lease tryTake() {
        try {
            return take();
        } catch (QuotaExceededException e) {
            return null;
        }
    }

    /** {@code instance}, started on {@code lease}, holds it until {@link #release}. */
    void hold(Instance instance, InstanceQuota.Lease lease) {
        held.put(instance, lease);
    }

    /** {@code instance} exited: its room goes back. */
    void release(Instance instance) {
        InstanceQuota.Lease lease = held.remove(instance);
        if (lease != null) {
            lease.release();
        }
    }

    /** Why the quotas refused the last start they refused, naming the quota, its limit and the usage; null before any. */
    String refusal() {
        return refusal;
    }

    /** Why the revision runs fewer instances than it wants: the {@link #refusal} while it does; null when it does not. */
    String capped() {
        return capped ? refusal : null;
    }

    /** The revision has what it wants, or wants no more. */
    void uncapped() {
        capped = false;
    }
}
