package dev.skiff.server.backend.cgroups;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Limits through cgroup v2, in the subtree delegated to the server: its own cgroup gives the memory,
 * pids and cpu controllers to a directory of the server's ({@code skiff-<key>}), which holds one
 * group per instance. A cgroup that gives controllers to its children may hold no process itself, so
 * when the server is the only process in its cgroup it first moves itself into a leaf beside its
 * instances ({@code skiff-<key>-server}), where it stays.
 */
final class CgroupV2 implements Enforcement {
    /** The controllers Skiff limits. */
    static final List<String> CONTROLLERS = List.of("memory", "pids", "cpu");

    private final Path serverDir;
    private final Set<String> controllers;

    private CgroupV2(Path serverDir, Set<String> controllers) {
        this.serverDir = serverDir;
        this.controllers = controllers;
    }

    /**
     * The server's directory {@code name} under {@code own}, this process's cgroup, given the controllers
     * {@code own} has that Skiff uses; an {@link IOException} saying why when the subtree is not the server's to use.
     */
    static CgroupV2 open(Path own, String name, long selfPid) throws IOException {
        Set<String> available = Set.of(read(own.resolve("cgroup.controllers")).split("\\s+"));
        List<String> used = CONTROLLERS.stream().filter(available::contains).toList();
        if (!used.contains("memory")) {
            throw new IOException("the server's cgroup " + own + " has no memory controller to give its instances "
                    + "(it has: " + (available.isEmpty() ? "none" : String.join(" ", available)) + ")");
        }
        Path serverDir = own.resolve(name);
        GroupDirs.clean(serverDir);
        String enable = String.join(" ", used.stream().map(c -> "+" + c).toList());
        if (!read(own.resolve("cgroup.subtree_control")).contains("memory")) {
            leaveForLeaf(own, own.resolve(name + "-server"), selfPid);
            write(own.resolve("cgroup.subtree_control"), enable);
        }
        Files.createDirectories(serverDir);
        write(serverDir.resolve("cgroup.subtree_control"), enable);
        return new CgroupV2(serverDir, Set.copyOf(used));
    }

    /** Moves this process into {@code leaf}, if it is the only one in {@code own}; an IOException if others are there too. */
    private static void leaveForLeaf(Path own, Path leaf, long selfPid) throws IOException {
        long[] members = GroupDirs.members(own.resolve("cgroup.procs"));
        for (long pid : members) {
            if (pid != selfPid) {
                throw new IOException("the server's cgroup " + own + " also holds other processes (pid " + pid
                        + "), so it cannot give its controllers to instances; start the server in a cgroup of its own, "
                        + "e.g. with systemd-run --scope -p Delegate=yes");
            }
        }
        Files.createDirectories(leaf);
        write(leaf.resolve("cgroup.procs"), Long.toString(selfPid));
    }

    @Override
    public boolean active() {
        return true;
    }

    @Override
    public String describe() {
        List<String> missing = CONTROLLERS.stream().filter(c -> !controllers.contains(c)).toList();
        return "cgroup v2 (" + String.join(", ", CONTROLLERS.stream().filter(controllers::contains).toList()) + ")"
                + (missing.isEmpty() ? "" : "; no " + String.join(" or ", missing) + " controller, so no such limit");
    }

    @Override
    public InstanceGroup create(String name, Limits limits) throws IOException {
        Path dir = Files.createDirectory(serverDir.resolve(name));
        try {
            V2Group group = new V2Group(dir, controllers);
            group.apply(limits);
            return group;
        } catch (IOException e) {
            GroupDirs.removeTree(dir);
            throw e;
        }
    }

    @Override
    public void close() {
        GroupDirs.clean(serverDir);
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.US_ASCII).strip();
    }

    private static void write(Path file, String value) throws IOException {
        GroupDirs.write(file.getParent(), List.of(new CgroupSettings.Setting(file.getFileName().toString(), value)));
    }
}
