package dev.skiff.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * CPU time spent by the parts of a run, read from Linux's {@code /proc}: each part is either some
 * processes (with their descendants, so a worker under bubblewrap counts with its sandbox), counted
 * with every thread they ever ran, or some threads of this JVM picked by name (the load
 * generator's, and the Skiff server's, which shares the JVM). On a machine without {@code /proc}
 * every part reads zero.
 *
 * <p>Why it is measured: on a machine whose few cores the load generator, the proxy and the worker
 * share, throughput mixes each part's cost with how the scheduler shares the cores, and swings
 * from run to run; CPU time per request is each part's own cost.
 */
final class CpuMeter {
    private static final Path PROC = Path.of("/proc");
    /** Linux's USER_HZ, which {@code /proc/<pid>/stat} counts in: 100 on every architecture Skiff runs on. */
    private static final long NANOS_PER_TICK = 10_000_000L;
    private final Map<String, Part> parts = new LinkedHashMap<>();

    /** A part made of the processes {@code pids} and their descendants. */
    CpuMeter processes(String name, long... pids) {
        parts.put(name, () -> {
            long ticks = 0;
            for (long pid : pids) {
                ticks += processTicks(pid);
                ticks += ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants)
                        .mapToLong(child -> processTicks(child.pid())).sum();
            }
            return ticks;
        });
        return this;
    }

    /** A part made of this JVM's threads whose name {@code threadName} accepts. */
    CpuMeter threads(String name, Predicate<String> threadName) {
        parts.put(name, () -> {
            long ticks = 0;
            try (Stream<Path> tasks = list(PROC.resolve("self/task"))) {
                for (Path task : (Iterable<Path>) tasks::iterator) {
                    String[] stat = stat(task.resolve("stat"));
                    if (stat != null && threadName.test(stat[0])) {
                        ticks += ticks(stat);
                    }
                }
            }
            return ticks;
        });
        return this;
    }

    /**
     * A part for the CPU time the hypervisor gave to other machines while this one's wanted it
     * ("steal", summed over the cores): when it is more than a few percent of a run, the run
     * measured the neighbours as much as Skiff.
     */
    CpuMeter stolen(String name) {
        parts.put(name, () -> {
            try (Stream<String> lines = Files.lines(PROC.resolve("stat"))) {
                String[] cpu = lines.findFirst().orElse("cpu").trim().split("\\s+");
                return cpu.length > 8 ? Long.parseLong(cpu[8]) : 0;
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        });
        return this;
    }

    /** Every part's CPU time so far, in nanoseconds, by name. */
    Map<String, Long> read() {
        Map<String, Long> now = new LinkedHashMap<>();
        parts.forEach((name, part) -> now.put(name, part.ticks() * NANOS_PER_TICK));
        return now;
    }

    /** The CPU time each part spent between two readings, in nanoseconds. */
    static Map<String, Long> between(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> spent = new LinkedHashMap<>();
        after.forEach((name, nanos) -> spent.put(name, Math.max(0, nanos - before.getOrDefault(name, 0L))));
        return spent;
    }

    private interface Part {
        long ticks();
    }

    private static long processTicks(long pid) {
        String[] stat = stat(PROC.resolve(Long.toString(pid)).resolve("stat"));
        return stat == null ? 0 : ticks(stat);
    }

    /** utime + stime; for a process's main entry, the whole process's, exited threads included. */
    private static long ticks(String[] stat) {
        return Long.parseLong(stat[12]) + Long.parseLong(stat[13]);
    }

    /**
     * A stat line as [name, then the fields after it], so that field 14 (utime) is at index 12; null
     * when it cannot be read (the process or thread is gone).
     */
    private static String[] stat(Path file) {
        String line;
        try {
            line = Files.readString(file);
        } catch (IOException e) {
            return null;
        }
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open) {
            return null;
        }
        String[] rest = line.substring(close + 2).trim().split(" ");
        String[] fields = new String[rest.length + 1];
        fields[0] = line.substring(open + 1, close);
        System.arraycopy(rest, 0, fields, 1, rest.length);
        return fields;
    }

    private static Stream<Path> list(Path dir) {
        try {
            return Files.list(dir);
        } catch (IOException e) {
            return List.<Path>of().stream();
        }
    }
}
