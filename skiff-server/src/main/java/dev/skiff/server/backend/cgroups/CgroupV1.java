package dev.skiff.server.backend.cgroups;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Limits through cgroup v1: one directory per instance in each hierarchy of the memory, cpu and pids
 * controllers that is mounted, under a directory of the server's own in its cgroup there
 * ({@code .../skiff-<key>}). Memory and swap are held at the limit; a process over it is killed by
 * the kernel and counted in {@code memory.oom_control}.
 */
final class CgroupV1 implements Enforcement {
    /** The controllers Skiff limits, in the order their hierarchies are listed. */
    static final List<String> CONTROLLERS = List.of("memory", "cpu", "pids");

    /** The server's directory in each hierarchy, by the controllers it holds that Skiff uses. */
    private final Map<Path, List<String>> serverDirs;
    private final boolean memsw;

    private CgroupV1(Map<Path, List<String>> serverDirs) {
        this.serverDirs = serverDirs;
        Path memory = dirOf("memory");
        this.memsw = memory != null && Files.exists(memory.resolve("memory.memsw.limit_in_bytes"));
    }

    /**
     * The server's directories, named {@code name}, made in every hierarchy the layout has for a controller
     * Skiff uses; one left by a server killed before it could remove it is emptied and made afresh.
     */
    static CgroupV1 open(CgroupLayout layout, String name) throws IOException {
        Map<Path, List<String>> dirs = new LinkedHashMap<>();
        for (String controller : CONTROLLERS) {
            layout.v1(controller).ifPresent(h -> dirs.computeIfAbsent(
                    ownDir(h).resolve(name), d -> new ArrayList<>()).add(controller));
        }
        if (dirs.isEmpty()) {
            throw new IOException("no v1 hierarchy holds the memory, cpu or pids controller");
        }
        for (Path dir : dirs.keySet()) {
            GroupDirs.clean(dir);
            Files.createDirectories(dir);
        }
        return new CgroupV1(dirs);
    }

    /** The process's own cgroup directory, or the hierarchy's top when that path is not visible here (a container's view). */
    private static Path ownDir(CgroupLayout.Hierarchy hierarchy) {
        Path own = hierarchy.own();
        return Files.isDirectory(own) ? own : hierarchy.mount();
    }

    @Override
    public boolean active() {
        return true;
    }

    @Override
    public String describe() {
        List<String> used = serverDirs.values().stream().flatMap(List::stream).toList();
        List<String> missing = CONTROLLERS.stream().filter(c -> !used.contains(c)).toList();
        return "cgroup v1 (" + String.join(", ", CONTROLLERS.stream().filter(used::contains).toList()) + ")"
                + (missing.isEmpty() ? "" : "; no " + String.join(" or ", missing) + " controller, so no such limit");
    }

    @Override
    public InstanceGroup create(String name, Limits limits) throws IOException {
        Map<Path, List<String>> dirs = new LinkedHashMap<>();
        try {
            for (Map.Entry<Path, List<String>> server : serverDirs.entrySet()) {
                Path dir = Files.createDirectory(server.getKey().resolve(name));
                dirs.put(dir, server.getValue());
            }
            V1Group group = new V1Group(dirs, memsw);
            group.apply(limits);
            return group;
        } catch (IOException e) {
            dirs.keySet().forEach(GroupDirs::removeTree);
            throw e;
        }
    }

    @Override
    public void close() {
        serverDirs.keySet().forEach(GroupDirs::clean);
    }

    private Path dirOf(String controller) {
        return serverDirs.entrySet().stream().filter(e -> e.getValue().contains(controller))
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }
}
