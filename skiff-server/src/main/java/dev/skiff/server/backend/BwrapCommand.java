package dev.skiff.server.backend;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the bubblewrap argv that runs a worker: the host's tree read-only, a private {@code /tmp},
 * its own {@code /dev}, {@code /proc} and PID namespace, the revision's files readable, and each
 * volume bound at its mount path.
 *
 * <p>The root is bwrap's own tmpfs holding read-only binds of the host's top-level entries, remounted
 * read-only at the end, rather than one {@code --ro-bind / /}: a mount path such as {@code /data}
 * that the host lacks can then be created. Directories on the way to a mount path are rebuilt the
 * same way, one level at a time.
 */
final class BwrapCommand {
    private static final Set<Path> OWN_MOUNTS = Set.of(Path.of("/proc"), Path.of("/dev"), Path.of("/tmp"));
    private static final Path ROOT = Path.of("/");

    private final String bwrap;
    private final HostFiles host;

    BwrapCommand(String bwrap, HostFiles host) {
        this.bwrap = bwrap;
        this.host = host;
    }

    /** The argv running {@code spec}'s command inside the sandbox. */
    List<String> argv(InstanceSpec spec) {
        List<String> args = new ArrayList<>(List.of(bwrap, "--die-with-parent", "--unshare-pid"));
        Set<Path> mountPaths = new HashSet<>();
        Set<Path> ancestors = new HashSet<>();
        for (VolumeBinding volume : spec.volumes()) {
            Path mountPath = Path.of(volume.mountPath()).normalize();
            mountPaths.add(mountPath);
            for (Path parent = mountPath.getParent(); parent != null; parent = parent.getParent()) {
                ancestors.add(parent);
            }
        }
        bindChildren(ROOT, mountPaths, ancestors, args);
        args.addAll(List.of("--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"));
        for (Path readable : readable(spec)) {
            args.addAll(List.of("--ro-bind-try", readable.toString(), readable.toString()));
        }
        for (VolumeBinding volume : spec.volumes()) {
            args.addAll(List.of(volume.readOnly() ? "--ro-bind" : "--bind", volume.hostPath().toString(),
                    Path.of(volume.mountPath()).normalize().toString()));
        }
        args.addAll(List.of("--remount-ro", "/", "--chdir", spec.files().codeDir().toString()));
        args.addAll(spec.command().argv());
        return args;
    }

    private void bindChildren(Path dir, Set<Path> mountPaths, Set<Path> ancestors, List<String> args) {
        for (Path child : host.list(dir)) {
            if (dir.equals(ROOT) && OWN_MOUNTS.contains(child) || mountPaths.contains(child)) {
                continue;
            }
            Optional<Path> target = host.symlinkTarget(child);
            if (target.isPresent()) {
                args.addAll(List.of("--symlink", target.get().toString(), child.toString()));
            } else if (ancestors.contains(child) && host.isDirectory(child)) {
                args.addAll(List.of("--dir", child.toString()));
                bindChildren(child, mountPaths, ancestors, args);
            } else {
                args.addAll(List.of("--ro-bind", child.toString(), child.toString()));
            }
        }
    }

    /**
     * What the worker must read even when it lies under the private {@code /tmp}: its code and
     * dependencies, and the files its command names by absolute path (a bootstrap script).
     */
    private Set<Path> readable(InstanceSpec spec) {
        Set<Path> paths = new LinkedHashSet<>();
        paths.add(spec.files().codeDir());
        paths.add(spec.files().depsDir());
        for (String arg : spec.command().argv()) {
            if (arg.startsWith("/") && host.exists(Path.of(arg))) {
                paths.add(Path.of(arg));
            }
        }
        return paths;
    }
}
