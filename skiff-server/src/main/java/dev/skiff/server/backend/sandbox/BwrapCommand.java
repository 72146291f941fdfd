package dev.skiff.server.backend.sandbox;

import dev.skiff.runtimes.BuildStep;
import dev.skiff.runtimes.WorkerCommand;
import dev.skiff.server.serving.InstanceSpec;
import dev.skiff.server.serving.VolumeBinding;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the bubblewrap argv that runs a worker. bwrap runs as root (so it can bind what the
 * server can read, wherever the data directory lies) and makes new PID, IPC, UTS (the hostname is
 * the instance's) and network namespaces; the worker itself runs as {@link SandboxUser},
 * an unprivileged host uid, with every capability gone (bounding set included) and no_new_privs,
 * by {@code setpriv} as the last step inside.
 *
 * <p>The root is bwrap's own tmpfs, read-only at the end, holding only: the system's files
 * ({@link SystemView}); a new {@code /proc} and {@code /dev}; a private {@code /tmp} of a set size,
 * writable by anyone (sticky), as a container's; the revision's code and dependencies and the
 * runtime's own files, read-only at their real paths (so the runtimes' paths need no translation);
 * each volume at its mount path; and the worker's socket directory, writable, at its real path.
 */
final class BwrapCommand {
    private static final Path ROOT = Path.of("/");
    private static final Path TMP = Path.of("/tmp");
    private static final Path ETC = Path.of("/etc");
    private static final String SETPRIV = "/usr/bin/setpriv";

    private final String bwrap;
    private final SandboxUser user;
    private final SystemView system;
    private final List<Path> runtimeRoots;

    /** Runs workers as {@code user}, showing them those of {@code runtimeRoots} their commands name. */
    BwrapCommand(String bwrap, HostFiles host, SandboxUser user, List<Path> runtimeRoots) {
        this.bwrap = bwrap;
        this.user = user;
        this.system = new SystemView(host);
        this.runtimeRoots = runtimeRoots.stream().map(p -> p.toAbsolutePath().normalize())
                .filter(p -> !SystemView.shown(p) && !p.equals(ROOT)).toList();
    }

    /** The user workers run as. */
    SandboxUser user() {
        return user;
    }

    /**
     * The argv running {@code spec}'s command inside the sandbox {@code shape} describes, with
     * {@code socketDir} writable if given, and {@code secrets}' files copied in read-only from the
     * descriptors the launcher opens them on.
     */
    List<String> argv(InstanceSpec spec, Optional<Path> socketDir, Shape shape, SecretFiles secrets) {
        Set<Path> readable = new LinkedHashSet<>();
        readable.add(spec.files().codeDir());
        readable.add(spec.files().depsDir());
        readable.addAll(runtimeFiles(spec.command().argv()));
        List<String> args = argv(spec.command().argv(), readable, spec.volumes(), socketDir.stream().toList(),
                spec.files().codeDir(), shape, Optional.empty());
        if (!secrets.isEmpty()) {
            args.addAll(args.indexOf("--remount-ro"), secretArgs(secrets));
        }
        return args;
    }

    /**
     * The secret files' directories ({@code /var/skiff/secrets/NAME}, enterable by all) and the files
     * themselves, readable by all: the sandbox's root is its own, and only this instance's processes see it.
     */
    private static List<String> secretArgs(SecretFiles secrets) {
        java.util.TreeSet<Path> dirs = new java.util.TreeSet<>(Comparator.comparingInt(Path::getNameCount)
                .thenComparing(Path::toString));
        for (String destination : secrets.destinations()) {
            for (Path dir = Path.of(destination).getParent(); dir != null && !dir.equals(ROOT); dir = dir.getParent()) {
                dirs.add(dir);
            }
        }
        List<String> args = new ArrayList<>();
        dirs.forEach(dir -> args.addAll(List.of("--perms", "0755", "--dir", dir.toString())));
        for (int i = 0; i < secrets.destinations().size(); i++) {
            args.addAll(List.of("--perms", "0444", "--ro-bind-data", Integer.toString(SecretFiles.FIRST_FD + i),
                    secrets.destinations().get(i)));
        }
        return args;
    }

    /**
     * The argv running a build step: it reads the step's {@code readable} directories and
     * {@code packageDirs}, the runtimes' files its argv names, and the system's; it writes its
     * {@code writable} directories (the revision's dependencies) and its own {@code /tmp}; nothing else.
     */
    List<String> buildArgv(BuildStep step, List<Path> packageDirs, Shape shape) {
        Set<Path> readable = new LinkedHashSet<>();
        for (Path path : step.readable()) {
            Path normal = path.toAbsolutePath().normalize();
            if (!SystemView.shown(normal) && !normal.equals(ROOT)) {
                readable.add(normal);
            }
        }
        packageDirs.forEach(dir -> readable.add(dir.toAbsolutePath().normalize()));
        readable.addAll(runtimeFiles(step.argv()));
        step.writable().forEach(dir -> readable.remove(dir.toAbsolutePath().normalize()));
        List<Path> writable = step.writable().stream().map(p -> p.toAbsolutePath().normalize()).toList();
        return argv(step.argv(), readable, List.of(), writable, step.workDir(), shape, Optional.empty());
    }

    /**
     * The argv running a generic worker of the pool: no function's files and no volume yet. It sees
     * its {@code slot}, read-only, at {@code functionsDir}: once it is given a function, that
     * revision's code and dependencies are linked into the slot at their places under the functions
     * directory, so the worker finds them at their real paths, as a fresh instance does, and no other
     * function's files; it moves to its code then.
     */
    List<String> genericArgv(WorkerCommand command, Optional<Path> socketDir, Path slot, Path functionsDir, Shape shape) {
        return argv(command.argv(), runtimeFiles(command.argv()), List.of(), socketDir.stream().toList(), ROOT, shape,
                Optional.of(new Slot(slot, functionsDir)));
    }

    /**
     * The host directories that serve as mount points inside {@code spec}'s writable volumes: a bind
     * whose mount point lies inside a writable volume's mount path (a second volume, the code, the
     * socket directory) needs a directory there, which bwrap makes, when it is missing, in the
     * volume's own host directory. Every directory on the way, deepest first.
     */
    List<Path> mountPoints(InstanceSpec spec, Optional<Path> socketDir) {
        List<Path> destinations = new ArrayList<>(List.of(spec.files().codeDir(), spec.files().depsDir()));
        destinations.addAll(runtimeFiles(spec.command().argv()));
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

    private List<String> argv(List<String> command, Set<Path> readable, List<VolumeBinding> volumes,
                              List<Path> writable, Path workDir, Shape shape, Optional<Slot> slot) {
        List<String> args = new ArrayList<>(List.of(bwrap, "--die-with-parent", "--new-session", "--unshare-pid",
                "--unshare-ipc", "--unshare-uts", "--unshare-net", "--hostname", shape.hostname()));
        args.addAll(system.args());
        args.addAll(List.of("--proc", "/proc", "--dev", "/dev",
                "--perms", "1777", "--size", Long.toString(shape.tmpBytes()), "--tmpfs", "/tmp"));
        // bwrap makes a bind's missing parents readable by root only: made here first, enterable by the worker.
        Set<Path> destinations = new LinkedHashSet<>(readable);
        slot.ifPresent(s -> destinations.add(s.at()));
        args.addAll(parents(destinations, volumes, writable));
        for (Path path : readable) {
            args.addAll(List.of("--ro-bind-try", path.toString(), path.toString()));
        }
        slot.ifPresent(s -> args.addAll(List.of("--ro-bind", s.dir().toString(), s.at().toString())));
        for (VolumeBinding volume : volumes) {
            args.addAll(List.of(volume.readOnly() ? "--ro-bind" : "--bind", volume.hostPath().toString(),
                    Path.of(volume.mountPath()).normalize().toString()));
        }
        // Last, so that no bind above hides them: the socket directory, or a build's output.
        writable.forEach(dir -> args.addAll(List.of("--bind", dir.toString(), dir.toString())));
        args.addAll(List.of("--remount-ro", "/", "--chdir", workDir.toString()));
        args.addAll(List.of(SETPRIV, "--reuid", Integer.toString(user.uid()), "--regid", Integer.toString(user.gid()),
                "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"));
        args.addAll(command);
        return args;
    }

    /** {@code --perms 0755 --dir} for every directory above a bind's destination, parents first. */
    private static List<String> parents(Set<Path> readable, List<VolumeBinding> volumes, List<Path> writable) {
        Set<Path> destinations = new LinkedHashSet<>(readable);
        volumes.forEach(volume -> destinations.add(Path.of(volume.mountPath()).normalize()));
        destinations.addAll(writable);
        java.util.TreeSet<Path> parents = new java.util.TreeSet<>(Comparator.comparingInt(Path::getNameCount)
                .thenComparing(Path::toString));
        for (Path destination : destinations) {
            for (Path parent = destination.getParent(); parent != null && !parent.equals(ROOT); parent = parent.getParent()) {
                if (!parent.equals(TMP) && !SystemView.shown(parent) && !parent.startsWith(ETC)) {
                    parents.add(parent);
                }
            }
        }
        parents.removeAll(destinations);
        List<String> args = new ArrayList<>();
        parents.forEach(parent -> args.addAll(List.of("--perms", "0755", "--dir", parent.toString())));
        return args;
    }

    /**
     * The runtimes' own directories a command names a path in, outside {@code /usr} (which every
     * sandbox sees): of {@code runtimeRoots} (Skiff's runtime files, the JDK and interpreters it was
     * configured with), those holding a file the command names (a bootstrap script, the worker jar,
     * the program itself; {@code :} and {@code =} separate paths within an argument). Any other path
     * a command names stays invisible: an HTTP app's command is the user's, and naming
     * {@code /root/x} must not show {@code /root}.
     */
    Set<Path> runtimeFiles(List<String> argv) {
        Set<Path> paths = new LinkedHashSet<>();
        for (String arg : argv) {
            for (String part : arg.split("[:=]")) {
                if (!part.startsWith("/") || part.indexOf('\0') >= 0) {
                    continue;
                }
                Path path = Path.of(part).normalize();
                runtimeRoots.stream().filter(path::startsWith).forEach(paths::add);
            }
        }
        return paths;
    }

    /** A pool worker's slot directory, shown read-only at {@code at} (the functions directory). */
    private record Slot(Path dir, Path at) {}

    /**
     * What differs between one sandbox and the next besides its files.
     *
     * @param hostname the name the worker sees as its host's
     * @param tmpBytes the size of its private {@code /tmp}
     */
    record Shape(String hostname, long tmpBytes) {}
}
