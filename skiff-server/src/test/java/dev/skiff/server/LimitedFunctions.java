package dev.skiff.server;

import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.ResourceRequirements;
import dev.skiff.api.Source;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** What the limits' tests share: functions with {@code spec.resources.limits}, and the host's processes by their command line. */
final class LimitedFunctions {
    private LimitedFunctions() {}

    /** A python3 function, {@code main.handle} in {@code source}, with {@code limits} (e.g. {@code memory: 256Mi}). */
    static Function python(String name, String source, Map<String, String> limits) {
        return Function.of(name, FunctionSpec.builder()
                .runtime("python3")
                .handler("main.handle")
                .source(Source.text("main.py", source))
                .resources(new ResourceRequirements(null, limits))
                .build());
    }

    /** The pids of this host's processes whose command line holds {@code marker}. */
    static List<Long> processesWith(String marker) {
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> commandLine(p).contains(marker))
                    .map(p -> Long.parseLong(p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first line of {@code /proc/<pid>/<file>}, stripped; empty when the process is gone. */
    static String procFile(long pid, String file) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), file)).strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** A function answering with its own {@code /proc/self/cgroup}. */
    static final String CGROUP_OF_ITSELF = """
            import sys
            def handle(req):
                if 'mb' in req:
                    return 'held %d MB' % (len(bytearray(int(req['mb']) << 20)) >> 20)
                return open('/proc/self/cgroup').read()
            """;

    /**
     * The values of {@code files} (each "controller/file", e.g. {@code memory/memory.limit_in_bytes})
     * in the groups a process's {@code /proc/self/cgroup} text names, read on the host; for the
     * unified hierarchy the controller is empty ({@code /memory.max}).
     */
    static List<String> groupValues(String procSelfCgroup, List<String> files) throws IOException {
        String mounts = Files.readString(Path.of("/proc/mounts"));
        return files.stream().map(file -> {
            String controller = file.substring(0, file.indexOf('/'));
            String name = file.substring(file.indexOf('/') + 1);
            String path = procSelfCgroup.lines().map(line -> line.split(":", 3))
                    .filter(parts -> controller.isEmpty() ? parts[0].equals("0") : List.of(parts[1].split(",")).contains(controller))
                    .map(parts -> parts[2]).findFirst().orElseThrow();
            String mount = mounts.lines().map(line -> line.split(" "))
                    .filter(f -> controller.isEmpty() ? f[2].equals("cgroup2")
                            : f[2].equals("cgroup") && List.of(f[3].split(",")).contains(controller))
                    .map(f -> f[1]).findFirst().orElseThrow();
            try {
                return Files.readString(Path.of(mount + path, name)).strip();
            } catch (IOException e) {
                return "unreadable: " + e;
            }
        }).toList();
    }

    private static String commandLine(Path proc) {
        try {
            return new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }
}
