package dev.skiff.server.backend.cgroups;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** One instance's directories in the v1 hierarchies, each with the controllers it holds. */
final class V1Group implements InstanceGroup {
    private final Map<Path, List<String>> dirs;
    private final boolean memsw;

    V1Group(Map<Path, List<String>> dirs, boolean memsw) {
        this.dirs = Map.copyOf(dirs);
        this.memsw = memsw;
    }

    @Override
    public List<Path> procsFiles() {
        return dirs.keySet().stream().sorted().map(dir -> dir.resolve("cgroup.procs")).toList();
    }

    @Override
    public void apply(Limits next) throws IOException {
        for (Map.Entry<Path, List<String>> entry : dirs.entrySet()) {
            Path dir = entry.getKey();
            for (String controller : entry.getValue()) {
                switch (controller) {
                    case "memory" -> GroupDirs.write(dir, CgroupSettings.v1Memory(next.memoryBytes(),
                            GroupDirs.number(dir.resolve("memory.limit_in_bytes")), memsw));
                    case "cpu" -> GroupDirs.write(dir, CgroupSettings.v1Cpu(next.cpuMillicores()));
                    case "pids" -> GroupDirs.write(dir, CgroupSettings.pids(next.pids()));
                    default -> { }
                }
            }
        }
    }

    @Override
    public long oomKills() {
        return dirs.entrySet().stream().filter(e -> e.getValue().contains("memory"))
                .mapToLong(e -> GroupDirs.counter(e.getKey().resolve("memory.oom_control"), "oom_kill")).sum();
    }

    @Override
    public void killAll() {
        GroupDirs.killAll(procsFiles());
    }

    @Override
    public void close() {
        killAll();
        dirs.keySet().forEach(GroupDirs::removeTree);
    }
}
