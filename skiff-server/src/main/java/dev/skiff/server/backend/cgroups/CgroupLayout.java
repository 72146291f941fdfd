package dev.skiff.server.backend.cgroups;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the machine's cgroups are and where this process sits in them, read from the text of
 * {@code /proc/self/cgroup} and {@code /proc/mounts}: pure parsing, no I/O. A v2 (unified)
 * hierarchy, v1 hierarchies each holding one or more controllers, or both (systemd's hybrid layout).
 *
 * @param unified the cgroup2 mount and this process's cgroup in it, if mounted
 * @param v1 the v1 hierarchies with a controller Skiff uses or not, each with this process's cgroup in it
 */
record CgroupLayout(Optional<Hierarchy> unified, List<Hierarchy> v1) {
    private static final Set<String> V1_CONTROLLERS = Set.of("cpu", "cpuacct", "cpuset", "memory", "devices", "freezer",
            "net_cls", "net_prio", "blkio", "perf_event", "hugetlb", "pids", "rdma", "misc");

    /**
     * One mounted hierarchy.
     *
     * @param mount where it is mounted
     * @param controllers the controllers it holds (none for the unified one, whose controllers are in files)
     * @param path this process's cgroup in it, as /proc/self/cgroup gives it ({@code /} at the top)
     */
    record Hierarchy(Path mount, Set<String> controllers, String path) {
        /** The directory of this process's cgroup: the path under the mount. */
        Path own() {
            String relative = path.startsWith("/") ? path.substring(1) : path;
            return relative.isEmpty() ? mount : mount.resolve(relative);
        }
    }

    /** The layout the two files' texts describe; mounts this process has no line for are left out. */
    static CgroupLayout parse(String procSelfCgroup, String procMounts) {
        String unifiedPath = null;
        Map<Set<String>, String> v1Paths = new HashMap<>();
        for (String line : procSelfCgroup.split("\n")) {
            String[] parts = line.strip().split(":", 3);
            if (parts.length < 3) {
                continue;
            }
            String path = parts[2].endsWith(" (deleted)") ? parts[2].substring(0, parts[2].length() - 10) : parts[2];
            if (parts[0].equals("0") && parts[1].isEmpty()) {
                unifiedPath = path;
            } else {
                v1Paths.put(controllers(parts[1].split(",")), path);
            }
        }
        Optional<Hierarchy> unified = Optional.empty();
        List<Hierarchy> v1 = new ArrayList<>();
        Set<Set<String>> seen = new HashSet<>();
        for (String line : procMounts.split("\n")) {
            String[] fields = line.strip().split(" ");
            if (fields.length < 4) {
                continue;
            }
            Path mount = Path.of(unescape(fields[1]));
            if (fields[2].equals("cgroup2") && unified.isEmpty() && unifiedPath != null) {
                unified = Optional.of(new Hierarchy(mount, Set.of(), unifiedPath));
            } else if (fields[2].equals("cgroup")) {
                Set<String> controllers = controllers(fields[3].split(","));
                String path = v1Paths.get(controllers);
                if (!controllers.isEmpty() && path != null && seen.add(controllers)) {
                    v1.add(new Hierarchy(mount, controllers, path));
                }
            }
        }
        return new CgroupLayout(unified, List.copyOf(v1));
    }

    /** The v1 hierarchy holding {@code controller}, if one is mounted. */
    Optional<Hierarchy> v1(String controller) {
        return v1.stream().filter(h -> h.controllers().contains(controller)).findFirst();
    }

    private static Set<String> controllers(String[] names) {
        Set<String> controllers = new LinkedHashSet<>();
        Arrays.stream(names).filter(V1_CONTROLLERS::contains).sorted().forEach(controllers::add);
        return Set.copyOf(controllers);
    }

    /** /proc/mounts writes a space, tab, newline or backslash in a path as an octal escape ({@code \040}). */
    private static String unescape(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).chars().allMatch(d -> d >= '0' && d <= '7')) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
