package dev.skiff.server.backend.cgroups;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** One instance's cgroup v2 directory. */
final class V2Group implements InstanceGroup {
    private final Path dir;
    private final Set<String> controllers;

    V2Group(Path dir, Set<String> controllers) {
        this.dir = dir;
        this.controllers = controllers;
    }

    @Override
    public List<Path> procsFiles() {
        return List.of(dir.resolve("cgroup.procs"));
    }

    @Override
    public void apply(Limits next) throws IOException {
        GroupDirs.write(dir, CgroupSettings.v2(next, controllers.contains("memory"), controllers.contains("pids"),
                controllers.contains("cpu"), Files.exists(dir.resolve("memory.swap.max"))));
    }

    @Override
    public long oomKills() {
        return GroupDirs.counter(dir.resolve("memory.events"), "oom_kill");
    }

    /** Through {@code cgroup.kill} (Linux 5.14), which kills every member at once, else member by member. */
    @Override
    public void killAll() {
        Path kill = dir.resolve("cgroup.kill");
        if (Files.exists(kill)) {
            try {
                Files.writeString(kill, "1", StandardCharsets.US_ASCII);
            } catch (IOException e) {
                // an older kernel's file refused it: killed one by one below
            }
        }
        GroupDirs.killAll(procsFiles());
    }

    @Override
    public void close() {
        killAll();
        GroupDirs.removeTree(dir);
    }
}
