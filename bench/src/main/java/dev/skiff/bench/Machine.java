package dev.skiff.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The machine a benchmark ran on, as label/value pairs: CPU model and count, memory, OS and
 * kernel, the JDK, the Python interpreter and how busy the machine was. Read from /proc,
 * /etc/os-release and the JVM; what cannot be read is "unknown".
 */
public record Machine(Map<String, String> facts) {
    private static final String UNKNOWN = "unknown";

    /** Copies the facts, keeping their order. */
    public Machine {
        facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts));
    }

    /** Describes this machine, with the version of the interpreter at {@code python}. */
    public static Machine describe(String python) {
        Map<String, String> facts = new LinkedHashMap<>();
        List<String> cpuinfo = lines(Path.of("/proc/cpuinfo"));
        facts.put("CPU", cpuModel(cpuinfo) + " × " + cpuCount(cpuinfo)
                + " (JVM sees " + Runtime.getRuntime().availableProcessors() + ")");
        facts.put("Memory", memory(lines(Path.of("/proc/meminfo"))));
        facts.put("OS", osName(lines(Path.of("/etc/os-release"))) + ", kernel " + System.getProperty("os.version")
                + " (" + System.getProperty("os.arch") + ")");
        facts.put("JDK", System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vendor") + ", "
                + System.getProperty("java.vm.name") + ", GC " + collector() + ", max heap "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB)");
        facts.put("Python", python + ": " + pythonVersion(python));
        facts.put("Load average at start", loadAverage(lines(Path.of("/proc/loadavg"))));
        return new Machine(facts);
    }

    private static String cpuModel(List<String> cpuinfo) {
        return cpuinfo.stream().filter(line -> line.startsWith("model name"))
                .map(Machine::valueOf).findFirst().orElse(UNKNOWN);
    }

    private static String cpuCount(List<String> cpuinfo) {
        long count = cpuinfo.stream().filter(line -> line.startsWith("processor")).count();
        return count == 0 ? UNKNOWN : Long.toString(count);
    }

    private static String memory(List<String> meminfo) {
        return meminfo.stream().filter(line -> line.startsWith("MemTotal:")).findFirst()
                .map(line -> valueOf(line).replace("kB", "").strip())
                .map(kb -> String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(kb) / (1024.0 * 1024.0)))
                .orElse(UNKNOWN);
    }

    private static String osName(List<String> osRelease) {
        return osRelease.stream().filter(line -> line.startsWith("PRETTY_NAME=")).findFirst()
                .map(line -> line.substring("PRETTY_NAME=".length()).replace("\"", ""))
                .orElse(System.getProperty("os.name"));
    }

    /** The 1, 5 and 15 minute load averages: well above 0 means something else competed for the cores. */
    private static String loadAverage(List<String> loadavg) {
        if (loadavg.isEmpty()) {
            return UNKNOWN;
        }
        String[] fields = loadavg.get(0).split(" ");
        return fields.length < 3 ? UNKNOWN : String.join(" ", fields[0], fields[1], fields[2]) + " (1, 5, 15 min)";
    }

    /** The collector's family, the first word of its first bean's name (G1, ZGC, PS, Copy). */
    private static String collector() {
        List<GarbageCollectorMXBean> beans = ManagementFactory.getGarbageCollectorMXBeans();
        return beans.isEmpty() ? UNKNOWN : beans.get(0).getName().split(" ")[0];
    }

    private static String pythonVersion(String python) {
        try {
            Process process = new ProcessBuilder(python, "--version").redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0 ? output : UNKNOWN;
        } catch (IOException e) {
            return UNKNOWN + " (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return UNKNOWN;
        }
    }

    private static String valueOf(String line) {
        int colon = line.indexOf(':');
        return colon < 0 ? line : line.substring(colon + 1).strip();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of();
        }
    }
}
