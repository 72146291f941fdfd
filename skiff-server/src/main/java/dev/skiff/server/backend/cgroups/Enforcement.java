package dev.skiff.server.backend.cgroups;

import java.io.IOException;

/**
 * How instances' limits are enforced on this machine: one cgroup per instance under a cgroup of the
 * server's own (cgroup v2 or v1), or nothing. Chosen once at start by {@link Cgroups#detect}.
 */
public interface Enforcement extends AutoCloseable {
    /** True when limits are enforced. */
    boolean active();

    /**
     * What enforces the limits, in a few words for the start line and {@code skiff describe}: e.g.
     * {@code cgroup v1 (memory, cpu, pids)}, or {@code none: <why>}.
     */
    String describe();

    /** A new, empty group named {@code name} under the server's, holding {@code limits}. */
    InstanceGroup create(String name, Limits limits) throws IOException;

    /** Kills whatever is still in the server's groups and removes them. */
    @Override
    void close();
}
