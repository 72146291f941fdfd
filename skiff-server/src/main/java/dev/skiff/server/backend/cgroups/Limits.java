package dev.skiff.server.backend.cgroups;

/**
 * The limits one instance runs under.
 *
 * @param memoryBytes the most memory its processes may use together, swap excluded
 * @param cpuMillicores the most CPU time, in thousandths of a CPU; 0 for no limit
 * @param pids the most processes and threads at once; 0 for no limit
 */
public record Limits(long memoryBytes, long cpuMillicores, int pids) {
    /** Refuses amounts below zero, and a memory limit of none. */
    public Limits {
        if (memoryBytes <= 0 || cpuMillicores < 0 || pids < 0) {
            throw new IllegalArgumentException("limits out of range: " + memoryBytes + " bytes, " + cpuMillicores
                    + "m CPU, " + pids + " processes");
        }
    }

    /** In words, e.g. {@code memory 256Mi, cpu 500m, 1024 processes}. */
    public String text() {
        return "memory " + LimitText.bytes(memoryBytes) + ", cpu " + LimitText.cpu(cpuMillicores) + ", "
                + (pids == 0 ? "any number of processes" : pids + " processes");
    }
}
