package dev.skiff.server.serving;

/**
 * The room a namespace's quotas leave for instances, asked by {@link ServedRevision} before every
 * start: each instance holds a lease from before its start until it exits (or its start failed).
 * Declared here, where serving uses it; the server's is {@link InstanceBudget}.
 */
public interface InstanceQuota {
    /** No quota at all: every instance has room, and none is counted. */
    InstanceQuota NONE = (namespace, memoryBytes) -> Lease.FREE;

    /**
     * Room for one more instance in {@code namespace} whose memory limit is {@code memoryBytes},
     * checked and taken at once, so starts at the same time never pass a quota together.
     *
     * @throws QuotaExceededException when one more would pass a quota; its message names the quota, its limit and the usage
     */
    Lease take(String namespace, long memoryBytes) throws QuotaExceededException;

    /** One instance's room in its namespace's quotas. */
    interface Lease {
        /** The lease of an instance nothing counts. */
        Lease FREE = () -> { };

        /** Gives the room back; a second call does nothing. */
        void release();
    }
}
