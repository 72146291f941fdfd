package dev.skiff.server.backend.cgroups;

import java.util.ArrayList;
import java.util.List;

/**
 * The files a group's limits are written to, in the order they must be written: pure arithmetic,
 * no I/O. CPU time is a quota per period as the kernel takes it: {@code 500m} is 50 ms of every
 * 100 ms, at least 1 ms (the kernel's floor).
 */
final class CgroupSettings {
    /** The CFS period, in microseconds: the kernel's default. */
    static final long PERIOD_MICROS = 100_000;
    /** The least quota the kernel takes, in microseconds. */
    static final long MIN_QUOTA_MICROS = 1_000;
    /** What v1 writes for "no limit". */
    static final String V1_UNLIMITED = "-1";

    /** One value written to one file of a group's directory. */
    record Setting(String file, String value) {}

    private CgroupSettings() {}

    /** The quota of CPU time per {@link #PERIOD_MICROS} for {@code millicores}; -1 for none (0). */
    static long quotaMicros(long millicores) {
        if (millicores == 0) {
            return -1;
        }
        long quota = millicores > Long.MAX_VALUE / PERIOD_MICROS ? Long.MAX_VALUE : millicores * PERIOD_MICROS / 1000;
        return Math.max(MIN_QUOTA_MICROS, quota);
    }

    /**
     * cgroup v1's memory files. With swap accounting ({@code memsw}), memory plus swap is held at the
     * same limit (no swap), and the kernel requires {@code memsw} never below the memory limit: it
     * goes first when the limit rises from {@code currentBytes}, last when it falls.
     */
    static List<Setting> v1Memory(long bytes, long currentBytes, boolean memsw) {
        Setting memory = new Setting("memory.limit_in_bytes", Long.toString(bytes));
        if (!memsw) {
            return List.of(memory);
        }
        Setting both = new Setting("memory.memsw.limit_in_bytes", Long.toString(bytes));
        return bytes > currentBytes ? List.of(both, memory) : List.of(memory, both);
    }

    /** cgroup v1's CPU files: the period, then the quota. */
    static List<Setting> v1Cpu(long millicores) {
        return List.of(new Setting("cpu.cfs_period_us", Long.toString(PERIOD_MICROS)),
                new Setting("cpu.cfs_quota_us", Long.toString(quotaMicros(millicores))));
    }

    /** cgroup v1's and v2's process count. */
    static List<Setting> pids(int pids) {
        return List.of(new Setting("pids.max", pids == 0 ? "max" : Integer.toString(pids)));
    }

    /**
     * cgroup v2's files for the controllers it has: memory without swap and killed as a whole when one
     * of its processes must go, the process count, CPU time as {@code quota period}.
     */
    static List<Setting> v2(Limits limits, boolean memory, boolean pids, boolean cpu, boolean swap) {
        List<Setting> settings = new ArrayList<>();
        if (memory) {
            settings.add(new Setting("memory.max", Long.toString(limits.memoryBytes())));
            if (swap) {
                settings.add(new Setting("memory.swap.max", "0"));
            }
            settings.add(new Setting("memory.oom.group", "1"));
        }
        if (pids) {
            settings.addAll(pids(limits.pids()));
        }
        if (cpu) {
            long quota = quotaMicros(limits.cpuMillicores());
            settings.add(new Setting("cpu.max", (quota < 0 ? "max" : Long.toString(quota)) + " " + PERIOD_MICROS));
        }
        return settings;
    }
}
