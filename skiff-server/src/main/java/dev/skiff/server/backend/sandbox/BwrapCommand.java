package dev.skiff.server.backend.sandbox;

import dev.skiff.runtimes.WorkerCommand;
import dev.skiff.server.serving.InstanceSpec;
import dev.skiff.server.serving.VolumeBinding;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the bubblewrap argv that runs a worker: the host's tree read-only, a private {@code /tmp},
 * its own {@code /dev}, {@code /proc} and PID namespace, the revision's files readable, each
 * volume bound at its mount path, and its own socket directory (made by the process backend) bound
 * writable at its real path.
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

    /** The argv running {@code spec}'s command inside the sandbox, with {@code socketDir} writable if given. */
    List<String> argv(InstanceSpec spec, Optional<Path> socketDir) {
        Set<Path> readable = new LinkedHashSet<>();
        readable.add(spec.files().codeDir());
        readable.add(spec.files().depsDir());
        readable.addAll(namedFiles(spec.command()));
        return argv(spec.command(), readable, spec.volumes(), socketDir, spec.files().codeDir());
    }

    /**
     * The argv running a generic worker of the pool: no function's files and no volume yet, so it
     * sees what any sandboxed worker sees; it moves to a function's code directory once it is given one.
     */
    List<String> genericArgv(WorkerCommand command, Optional<Path> socketDir) {
        return argv(command, namedFiles(command), List.of(), socketDir, ROOT);
    }

    /**
     * The host directories that serve as mount points inside {@code spec}'s writable volumes: a bind
     * whose mount point lies inside a writable volume's mount path (a second volume, the code, the
     * socket directory) needs a directory there, which bwrap makes, when it is missing, in the
     * volume's own host directory. Every directory on the way, deepest first.
     */
    List<Path> mountPoints(InstanceSpec spec, Optional<Path> socketDir) {
        List<Path> destinations = new ArrayList<>(List.of(spec.files().codeDir(), spec.files().depsDir()));
        destinations.addAll(namedFiles(spec.command()));
        spec.volumes().forEach(volume -> destinations.add(Path.of(volume.mountPath()).normalize()));
        socketDir.ifPresent(destinations::add);
        Set<Path> made = new LinkedHashSet<>();
        for (VolumeBinding volume : spec.volumes()) {
            Path mountPath = Path.of(volume.mountPath()).normalize();
            for (Path destination : destinations) {
                if (volume.readOnly() || destination.equals(mountPath) || !destination.startsWith(mountPath)) {
                    continue;
                }
                Path hostPath = volume.hostPath().resolve(mountPath.relativize(destination));
                for (Path dir = hostPath; !dir.equals(volume.hostPath()); dir = dir.getParent()) {
                    made.add(dir);
                }
            }
        }
        return made.stream().sorted(Comparator.comparingInt(Path::getNameCount).reversed()).toList();
    }

    /**
     * True when a worker sees {@code path} at its real path, read-only, without binding it: it lies
     * on the host tree the sandbox shows, not under {@code /tmp}, {@code /dev} or {@code /proc}.
     */
    boolean showsUnbound(Path path) {
        Path normal = path.toAbsolutePath().normalize();
        return OWN_MOUNTS.stream().noneMatch(normal::startsWith);
    }

    private List<String> argv(WorkerCommand command, Set<Path> readable, List<VolumeBinding> volumes,
                              Optional<Path> socketDir, Path workDir) {
        List<String> args = new ArrayList<>(List.of(bwrap, "--die-with-parent", "--unshare-pid"));
        Set<Path> mountPaths = new HashSet<>();
        Set<Path> ancestors = new HashSet<>();
        for (VolumeBinding volume : volumes) {
            Path mountPath = Path.of(volume.mountPath()).normalize();
            mountPaths.add(mountPath);
            for (Path parent = mountPath.getParent(); parent != null; parent = parent.getParent()) {
                ancestors.add(parent);
            }
        }
        bindChildren(ROOT, mountPaths, ancestors, args);
        args.addAll(List.of("--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"));
        for (Path path : readable) {
            args.addAll(List.of("--ro-bind-try", path.toString(), path.toString()));
        }
        for (VolumeBinding volume : volumes) {
            args.addAll(List.of(volume.readOnly() ? "--ro-bind" : "--bind", volume.hostPath().toString(),
                    Path.of(volume.mountPath()).normalize().toString()));
        }
        // Last, so that no bind above hides it; bwrap makes the path when it lies under the private /tmp.
        socketDir.ifPresent(dir -> args.addAll(List.of("--bind", dir.toString(), dir.toString())));
        args.addAll(List.of("--remount-ro", "/", "--chdir", workDir.toString()));
        args.addAll(command.argv());
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
     * The files a command names by absolute path (a bootstrap script), which the worker must read
     * even when they lie under the private {@code /tmp}; its code and dependencies are added to them.
     */
    private Set<Path> namedFiles(WorkerCommand command) {
        Set<Path> paths = new LinkedHashSet<>();
        for (String arg : command.argv()) {
            if (arg.startsWith("/") && host.exists(Path.of(arg))) {
                paths.add(Path.of(arg));
            }
        }
        return paths;
    }
}
