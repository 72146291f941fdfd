package dev.skiff.server.backend.cgroups;

import dev.skiff.api.FieldError;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Quantity;
import dev.skiff.api.Quote;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The server's limits for instances: what a function that names none gets, the most one may name
 * (more is refused at deploy), and the process count every instance gets.
 *
 * @param defaultMemoryBytes the memory limit of a function without {@code spec.resources.limits.memory}
 * @param maxMemoryBytes the largest memory limit a function may name
 * @param defaultCpuMillicores the CPU limit of a function without {@code spec.resources.limits.cpu}; 0 for none
 * @param maxCpuMillicores the largest CPU limit a function may name; 0 for no maximum
 * @param pids the most processes and threads one instance may have at once; 0 for no limit
 */
public record LimitSettings(long defaultMemoryBytes, long maxMemoryBytes, long defaultCpuMillicores,
                            long maxCpuMillicores, int pids) {
    /** 512Mi of memory by default: a Python or Node.js worker takes 15 to 45 MB before its function's work. */
    public static final long DEFAULT_MEMORY = 512L << 20;
    /** At most 4Gi per instance unless the operator allows more. */
    public static final long MAX_MEMORY = 4L << 30;
    /** 1024 processes and threads per instance: far above what a worker uses (Java's has about 30), far below a fork bomb's. */
    public static final int PIDS = 1024;

    /** Checks that each default lies within its maximum. */
    public LimitSettings {
        if (defaultMemoryBytes <= 0 || defaultMemoryBytes > maxMemoryBytes || defaultCpuMillicores < 0 || maxCpuMillicores < 0
                || maxCpuMillicores > 0 && defaultCpuMillicores > maxCpuMillicores || pids < 0) {
            throw new IllegalArgumentException("inconsistent limits: " + LimitText.bytes(defaultMemoryBytes) + " of at most "
                    + LimitText.bytes(maxMemoryBytes) + " memory, " + LimitText.cpu(defaultCpuMillicores) + " of at most "
                    + LimitText.cpu(maxCpuMillicores) + " CPU, " + pids + " processes");
        }
    }

    /** 512Mi of memory and no CPU limit by default, at most 4Gi and any CPU, 1024 processes. */
    public static LimitSettings defaults() {
        return new LimitSettings(DEFAULT_MEMORY, MAX_MEMORY, 0, 0, PIDS);
    }

    /**
     * The limits of an instance whose spec asks for {@code memoryBytes} and {@code cpuMillicores} (0:
     * not named): the defaults where it names none, and no more than the maxima (a revision deployed
     * before the operator lowered them runs under the new ones).
     */
    public Limits resolve(long memoryBytes, long cpuMillicores) {
        long memory = memoryBytes > 0 ? Math.min(memoryBytes, maxMemoryBytes) : defaultMemoryBytes;
        long cpu = cpuMillicores > 0 ? cpuMillicores : defaultCpuMillicores;
        return new Limits(memory, maxCpuMillicores > 0 && cpu > 0 ? Math.min(cpu, maxCpuMillicores) : cpu, pids);
    }

    /** The limits of {@code spec} over this server's maxima, as field errors naming the flag that raises each. */
    public List<FieldError> refusals(FunctionSpec spec) {
        Map<String, String> limits = spec.resources() == null || spec.resources().limits() == null
                ? Map.of() : spec.resources().limits();
        List<FieldError> errors = new ArrayList<>();
        over(limits.get("memory"), maxMemoryBytes, "memory", errors);
        if (maxCpuMillicores > 0) {
            over(limits.get("cpu"), maxCpuMillicores, "cpu", errors);
        }
        return errors;
    }

    /** In words, for the start line: {@code 512Mi memory (at most 4Gi), no CPU limit, 1024 processes}. */
    public String text() {
        return LimitText.bytes(defaultMemoryBytes) + " memory (at most " + LimitText.bytes(maxMemoryBytes) + "), "
                + (defaultCpuMillicores == 0 ? "no CPU limit" : LimitText.cpu(defaultCpuMillicores) + " CPU")
                + (maxCpuMillicores == 0 ? "" : " (at most " + LimitText.cpu(maxCpuMillicores) + ")") + ", "
                + (pids == 0 ? "any number of processes" : pids + " processes") + " per instance";
    }

    private static void over(String value, long max, String name, List<FieldError> errors) {
        if (value == null) {
            return;
        }
        long amount;
        try {
            amount = name.equals("cpu") ? Quantity.millicores(value) : Quantity.resourceBytes(value);
        } catch (IllegalArgumentException e) {
            return; // validation has said what is wrong with it
        }
        if (amount > max) {
            String most = name.equals("cpu") ? LimitText.cpu(max) : LimitText.bytes(max);
            errors.add(new FieldError("spec.resources.limits." + name, Quote.value(value) + " is over this server's maximum, "
                    + most + " (skiff server --max-" + name + ")"));
        }
    }
}
