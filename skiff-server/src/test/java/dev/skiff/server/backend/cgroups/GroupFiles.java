package dev.skiff.server.backend.cgroups;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What the tests read of a real group: its limits, in v1's or v2's files, and a process's cgroup lines. */
final class GroupFiles {
    private GroupFiles() {}

    /** The memory limit, the CPU quota and the process count a group holds, as the kernel shows them. */
    static List<String> limits(InstanceGroup group) throws IOException {
        List<Path> dirs = group.procsFiles().stream().map(Path::getParent).toList();
        if (dirs.size() == 1 && Files.exists(dirs.get(0).resolve("memory.max"))) {
            Path dir = dirs.get(0);
            return List.of(read(dir, "memory.max"), read(dir, "cpu.max").split(" ")[0], read(dir, "pids.max"));
        }
        return List.of(find(dirs, "memory.limit_in_bytes"), find(dirs, "cpu.cfs_quota_us"), find(dirs, "pids.max"));
    }

    /** The directories of a group, one per hierarchy. */
    static List<Path> dirs(InstanceGroup group) {
        return group.procsFiles().stream().map(Path::getParent).toList();
    }

    private static String find(List<Path> dirs, String file) throws IOException {
        Optional<Path> dir = dirs.stream().filter(d -> Files.exists(d.resolve(file))).findFirst();
        return dir.isPresent() ? read(dir.get(), file) : "";
    }

    private static String read(Path dir, String file) throws IOException {
        return Files.readString(dir.resolve(file)).strip();
    }
}
