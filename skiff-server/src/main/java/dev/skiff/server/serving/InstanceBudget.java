package dev.skiff.server.serving;

import dev.skiff.api.Quantity;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Each namespace's quotas of instances ({@code maxInstances}) and of their memory ({@code maxMemory},
 * the sum of their memory limits), and what its instances hold now. A take checks and counts under
 * its namespace's lock, so starts at the same time never pass a quota together. Every namespace's
 * instances are counted, with quotas or without (a map lookup and a lock per instance start, none
 * per request), so a quota set later meets the true usage. Pure and thread-safe.
 */
public final class InstanceBudget implements InstanceQuota {
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();

    /**
     * What a namespace's instances hold.
     *
     * @param instances instances started or starting
     * @param memoryBytes the sum of their memory limits
     */
    public record Usage(int instances, long memoryBytes) {
        /** Nothing held. */
        public static final Usage NONE = new Usage(0, 0);
    }

    /**
     * Sets {@code namespace}'s quotas (null: no limit); instances running keep their room, and a quota
     * below the usage refuses new ones until enough have exited.
     */
    public void set(String namespace, Integer maxInstances, Long maxMemoryBytes) {
        account(namespace).limit(maxInstances, maxMemoryBytes);
    }

    /** What {@code namespace}'s instances hold now. */
    public Usage usage(String namespace) {
        Account account = accounts.get(namespace);
        return account == null ? Usage.NONE : account.usage();
    }

    @Override
    public Lease take(String namespace, long memoryBytes) throws QuotaExceededException {
        return account(namespace).take(memoryBytes);
    }

    private Account account(String namespace) {
        return accounts.computeIfAbsent(namespace, Account::new);
    }

    /** One namespace's quotas and usage, guarded by its own lock. */
    private static final class Account {
        private final String namespace;
        private Integer maxInstances;
        private Long maxMemoryBytes;
        private int instances;
        private long memoryBytes;

        Account(String namespace) {
            this.namespace = namespace;
        }

        synchronized void limit(Integer instances, Long memory) {
            maxInstances = instances;
            maxMemoryBytes = memory;
        }

        synchronized Usage usage() {
            return new Usage(instances, memoryBytes);
        }

        synchronized Lease take(long bytes) throws QuotaExceededException {
            if (maxInstances != null && instances + 1 > maxInstances) {
                throw new QuotaExceededException("namespace " + namespace + " runs " + instances
                        + " instance(s), its quota (maxInstances " + maxInstances + ")");
            }
            if (maxMemoryBytes != null && memoryBytes + bytes > maxMemoryBytes) {
                throw new QuotaExceededException("namespace " + namespace + "'s instances hold "
                        + Quantity.bytesText(memoryBytes) + " of memory; one more of " + Quantity.bytesText(bytes)
                        + " would pass its quota (maxMemory " + Quantity.bytesText(maxMemoryBytes) + ")");
            }
            instances++;
            memoryBytes += bytes;
            AtomicBoolean held = new AtomicBoolean(true);
            return () -> {
                if (held.getAndSet(false)) {
                    give(bytes);
                }
            };
        }

        private synchronized void give(long bytes) {
            instances--;
            memoryBytes -= bytes;
        }
    }
}
