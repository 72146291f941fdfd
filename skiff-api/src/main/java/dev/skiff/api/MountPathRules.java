package dev.skiff.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where a volume may not be mounted ({@code spec.volumes[].mountPath}), in every mode: over the
 * system's own paths, where it would hide or replace what every program of the instance reads, or over
 * Skiff's own paths in a pod. The embedded server adds its data directory and the paths host links lead
 * to. docs/api.md ("Where a volume may be mounted") lists them with the reasons.
 */
public final class MountPathRules {
    private static final String SYSTEM = "a system directory";
    private static final String KERNEL = SYSTEM + " (the kernel's interface, which the sandbox mounts itself)";
    private static final String PROGRAMS = SYSTEM + " (the programs and libraries every instance runs on)";
    private static final String RUNTIME_STATE = SYSTEM + " (the machine's runtime state and sockets)";
    /** Refused, with every path inside them. */
    private static final Map<String, String> TREES = new LinkedHashMap<>();
    /** Refused as themselves only: a volume there would hide all under them, but one below them hides nothing the system needs. */
    private static final Map<String, String> WHOLE = new LinkedHashMap<>();

    static {
        TREES.put("/proc", KERNEL);
        TREES.put("/sys", KERNEL);
        TREES.put("/dev", KERNEL);
        TREES.put("/etc", SYSTEM + " (the configuration every program reads: users, DNS, certificates, preloaded libraries)");
        for (String dir : new String[] {"/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"}) {
            TREES.put(dir, PROGRAMS);
        }
        TREES.put("/run", RUNTIME_STATE);
        TREES.put("/var/run", RUNTIME_STATE);
        TREES.put("/var/lock", RUNTIME_STATE);
        TREES.put("/boot", SYSTEM + " (the kernel's boot files)");
        TREES.put("/root", SYSTEM + " (the superuser's home)");
        TREES.put("/var/skiff", "Skiff's own path in a pod (the function's code and dependencies)");
        WHOLE.put("/tmp", SYSTEM + " (the instance's private temporary directory)");
        WHOLE.put("/var", SYSTEM + " (the system's variable data)");
    }

    private MountPathRules() {}

    /**
     * Why no volume may be mounted at {@code path}, an absolute path without {@code .} or {@code ..},
     * as the end of a sentence that starts with the path ({@code "is inside /etc, a system directory
     * (…); mount the volume elsewhere, e.g. /mnt/data"}); empty when one may.
     */
    public static Optional<String> refusal(String path) {
        String normal = path.length() > 1 && path.endsWith("/") ? path.replaceAll("/+$", "") : path;
        if (normal.isEmpty() || normal.equals("/")) {
            return Optional.of("is the root of the file system; mount the volume at a directory below it, e.g. /mnt/data");
        }
        if (WHOLE.containsKey(normal)) {
            return Optional.of("is " + WHOLE.get(normal) + ", which a volume there would hide; mount it at a directory "
                    + "below it or elsewhere, e.g. /mnt/data");
        }
        for (Map.Entry<String, String> tree : TREES.entrySet()) {
            if (normal.equals(tree.getKey()) || normal.startsWith(tree.getKey() + "/")) {
                String where = normal.equals(tree.getKey()) ? "is " : "is inside " + tree.getKey() + ", ";
                return Optional.of(where + tree.getValue() + "; mount the volume elsewhere, e.g. /mnt/data");
            }
        }
        return Optional.empty();
    }
}
