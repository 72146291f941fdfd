package dev.skiff.server.backend.sandbox;

import dev.skiff.runtimes.BuildStep;
import dev.skiff.runtimes.WorkerCommand;
import dev.skiff.server.serving.InstanceSpec;
import dev.skiff.server.serving.VolumeBinding;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where workers run: in a sandbox ({@link BwrapCommand}, started by {@link Launcher}) as an
 * unprivileged user, with a seccomp filter and a network of their own connected to the outside by
 * pasta; or, only when the operator asked for it with {@code --insecure-no-sandbox}, directly, as
 * the server's own user, with each volume's real directory named in {@code SKIFF_VOLUME_<NAME>}.
 * There is no silent middle ground: when the machine lacks what the sandbox needs, {@link #detect}
 * refuses, naming what is missing.
 */
public final class Sandbox {
    private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);
    private static final long TRIAL_SECONDS = 10;
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    private final BwrapCommand bwrap;
    private final Launcher launcher;
    private final List<Path> packageDirs;
    private final HostNames hostNames = new HostNames();
    private volatile List<Integer> hostPorts = List.of();

    private Sandbox(BwrapCommand bwrap, Launcher launcher, List<Path> packageDirs) {
        this.bwrap = bwrap;
        this.launcher = launcher;
        this.packageDirs = List.copyOf(packageDirs);
    }

    /**
     * The sandbox of this machine, running workers as {@code user} and showing them those of
     * {@code runtimeRoots} their commands name, with {@code filter}, the seccomp filter built; builds
     * also read {@code packageDirs}.
     *
     * @throws Unavailable without bwrap, setpriv, pasta, root or the filter, naming what is missing
     */
    public static Sandbox detect(SandboxUser user, List<Path> runtimeRoots, SeccompFilter.Result filter,
                                 List<Path> packageDirs) {
        List<String> missing = new ArrayList<>();
        Optional<String> bwrapPath = onPath("bwrap");
        Optional<String> pastaPath = onPath("pasta");
        if (!isRoot()) {
            missing.add("the server is not running as root, which it needs to run functions as another, unprivileged user");
        }
        if (bwrapPath.isEmpty()) {
            missing.add("bubblewrap (bwrap) is not installed (Debian: apt-get install bubblewrap)");
        } else if (isRoot()) {
            trial(bwrapPath.get()).ifPresent(missing::add);
        }
        if (!Files.isExecutable(SETPRIV)) {
            missing.add(SETPRIV + " is missing (Debian: apt-get install util-linux)");
        }
        if (pastaPath.isEmpty()) {
            missing.add("pasta is not installed, which gives sandboxes their network (Debian: apt-get install passt)");
        }
        filter.problem().ifPresent(missing::add);
        if (!missing.isEmpty()) {
            throw new Unavailable("cannot sandbox functions on this machine: " + String.join("; ", missing)
                    + ". Install what is missing (the README's apt-get line lists it all), or start with "
                    + "--insecure-no-sandbox to run functions unsandboxed, as the server's own user, able to read and "
                    + "write whatever it can");
        }
        LOG.info("functions run sandboxed by {} as uid {}, with a seccomp filter and their own network (pasta)",
                bwrapPath.get(), user);
        Path seccomp = filter.file().get();
        return new Sandbox(new BwrapCommand(bwrapPath.get(), HostFiles.real(), user, runtimeRoots),
                new Launcher(seccomp, pastaPath.get(), seccomp.getParent().resolve("launch")), packageDirs);
    }

    /**
     * No sandbox, as the operator asked ({@code --insecure-no-sandbox}), said in an ERROR line;
     * requirements may still name files in {@code packageDirs} only.
     */
    public static Sandbox insecure(List<Path> packageDirs) {
        LOG.error("FUNCTIONS RUN WITHOUT A SANDBOX (--insecure-no-sandbox): they run as the server's own user and can "
                + "read and write whatever it can, reach every port on this machine, and each other; so do their builds");
        return new Sandbox(null, null, packageDirs);
    }

    /** No sandbox: workers run as plain processes. For tests and {@code --insecure-no-sandbox}. */
    public static Sandbox none() {
        return new Sandbox(null, null, List.of());
    }

    /** True when workers run sandboxed. */
    public boolean enabled() {
        return bwrap != null;
    }

    /** How workers run, in words for the server's start line and {@code describe}. */
    public String describe() {
        return bwrap == null ? "none (--insecure-no-sandbox)"
                : "bubblewrap as uid " + bwrap.user() + ", seccomp, own network";
    }

    /**
     * Lets sandboxes reach Skiff's function endpoint, listening on the host's {@code 127.0.0.1:port},
     * and the host's loopback {@code opened} ports the operator chose, each at the sandbox's own
     * {@code 127.0.0.1} and the same port. Before it is called they reach nothing of the host.
     */
    public void connectEndpoint(int port, List<Integer> opened) {
        List<Integer> ports = new ArrayList<>(List.of(port));
        opened.stream().filter(p -> p != port).forEach(ports::add);
        this.hostPorts = List.copyOf(ports);
    }

    /**
     * The argv that runs {@code spec}'s worker, in a sandbox shaped by {@code shape} when there is
     * one, which can write in {@code socketDir} (its own socket directory) if given; a worker that
     * listens on TCP gets its {@code port} forwarded from the host's loopback, unless it has no
     * network at all ({@code spec.offline()}): then it is reached on its socket only. {@code secrets}'
     * files appear read-only at their destinations ({@link SecretFiles}).
     */
    public List<String> argv(InstanceSpec spec, Optional<Path> socketDir, Shape shape, int port, SecretFiles secrets) {
        if (bwrap == null) {
            return spec.command().argv();
        }
        List<String> bwrapArgv = bwrap.argv(spec, socketDir, shape.bwrap(), secrets);
        return spec.offline() ? launcher.offlineArgv(secrets, bwrapArgv)
                : launcher.argv(new Launcher.Network(port, hostPorts), secrets, bwrapArgv);
    }

    /**
     * The argv that runs a generic worker of the pool, as {@link #argv} does, seeing {@code slot} at
     * {@code functionsDir}: its function's files will be linked there; the {@code port} it will
     * listen on once handed a function is forwarded from the start.
     */
    public List<String> genericArgv(WorkerCommand command, Optional<Path> socketDir, Path slot, Path functionsDir,
                                    Shape shape, int port) {
        if (bwrap == null) {
            return command.argv();
        }
        return launcher.argv(new Launcher.Network(port, hostPorts),
                bwrap.genericArgv(command, socketDir, slot, functionsDir, shape.bwrap()));
    }

    /**
     * The argv that runs a build {@code step}, in a sandbox shaped by {@code shape} when there is one:
     * as a worker's, with outbound network, but seeing no volume and writing only the step's
     * directories; the {@code step.port()} it listens on, if any, is forwarded from the host's loopback.
     */
    public List<String> buildArgv(BuildStep step, Shape shape) {
        if (bwrap == null) {
            return step.argv();
        }
        return launcher.argv(new Launcher.Network(step.port(), List.of()), bwrap.buildArgv(step, packageDirs, shape.bwrap()));
    }

    /**
     * The UTS namespace of the sandbox {@code worker} runs in (its process is bwrap's), to name it
     * later by {@link #rename}; empty without a sandbox.
     */
    public Optional<UtsNamespace> namespaceOf(Process worker) {
        return bwrap == null ? Optional.empty() : HostNames.of(worker.toHandle());
    }

    /** Starts what {@link #rename} needs now, so that no cold start waits for it; nothing without a sandbox. */
    public void prepareRenames() {
        if (bwrap != null) {
            hostNames.prepare();
        }
    }

    /**
     * Names the sandbox of {@code namespace} {@code hostname} (cut as {@link Shape} cuts it): a pooled
     * worker becoming an instance. Blocking, well under a millisecond.
     *
     * @throws IOException when it cannot be renamed
     */
    public void rename(UtsNamespace namespace, String hostname) throws IOException {
        hostNames.rename(namespace, Shape.cut(hostname));
    }

    /**
     * For a stopping backend: removes what sandboxes that ended before their network was connected
     * left behind, and stops the renaming helper.
     */
    public void close() {
        if (launcher != null) {
            launcher.sweep();
        }
        hostNames.close();
    }

    /** The host directories builds may read besides the function's source ({@code --package-dir}). */
    public List<Path> packageDirs() {
        return packageDirs;
    }

    /**
     * The host directories inside {@code spec}'s writable volumes that its worker's sandbox uses as
     * mount points, making those that are missing, deepest first; none without a sandbox.
     */
    public List<Path> mountPoints(InstanceSpec spec, Optional<Path> socketDir) {
        return bwrap == null ? List.of() : bwrap.mountPoints(spec, socketDir);
    }

    /** The unprivileged user workers run as; empty without a sandbox. */
    public Optional<SandboxUser> user() {
        return bwrap == null ? Optional.empty() : Optional.of(bwrap.user());
    }

    /**
     * The variables the sandbox itself sets in a worker started in {@code workDir}: bwrap sets
     * {@code PWD} to the directory it moves to, and the launcher's bash leaves {@code SHLVL=0}. A
     * pooled worker is handed them with the rest.
     */
    public Map<String, String> ownEnv(Path workDir) {
        return bwrap == null ? Map.of() : Map.of("PWD", workDir.toString(), "SHLVL", "0");
    }

    /** The path a worker sees {@code volume} at: its mount path in the sandbox, else its real directory. */
    public String visiblePath(VolumeBinding volume) {
        return bwrap == null ? volume.hostPath().toString() : volume.mountPath();
    }

    private static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static Optional<String> onPath(String name) {
        String path = System.getenv("PATH");
        List<String> dirs = new ArrayList<>(List.of((path == null ? "" : path).split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/bin", "/usr/sbin", "/bin", "/sbin"));
        for (String dir : dirs) {
            Path candidate = dir.isEmpty() ? null : Path.of(dir, name);
            if (candidate != null && Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }

    /** Runs a trivial sandbox with the namespaces workers get; empty when it works, else why not. */
    private static Optional<String> trial(String bwrapPath) {
        try {
            Process trial = new ProcessBuilder(bwrapPath, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
                    "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-net",
                    "--die-with-parent", "true").redirectErrorStream(true).start();
            trial.getOutputStream().close();
            if (!trial.waitFor(TRIAL_SECONDS, TimeUnit.SECONDS)) {
                trial.destroyForcibly();
                return Optional.of(bwrapPath + " did not finish a trial sandbox within " + TRIAL_SECONDS + " s");
            }
            String output = new String(trial.getInputStream().readAllBytes()).strip();
            return trial.exitValue() == 0 ? Optional.empty()
                    : Optional.of(bwrapPath + " cannot make a sandbox here: " + output);
        } catch (IOException e) {
            return Optional.of(bwrapPath + " cannot be run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while trying " + bwrapPath);
        }
    }

    /**
     * What differs between one sandbox and the next besides its files.
     *
     * @param hostname the name the worker sees as its host's: its instance's
     * @param tmpBytes the size of its private {@code /tmp}
     */
    public record Shape(String hostname, long tmpBytes) {
        /** The longest host name the kernel takes, as Kubernetes cuts a pod's. */
        static final int MAX_HOSTNAME = 63;

        /** A hostname past {@link #MAX_HOSTNAME} characters is cut there. */
        public Shape {
            hostname = cut(hostname);
        }

        /** {@code hostname}, cut at {@link #MAX_HOSTNAME} characters with no dash or dot left at its end. */
        static String cut(String hostname) {
            return hostname.length() <= MAX_HOSTNAME ? hostname
                    : hostname.substring(0, MAX_HOSTNAME).replaceAll("[-.]+$", "");
        }

        BwrapCommand.Shape bwrap() {
            return new BwrapCommand.Shape(hostname, tmpBytes);
        }
    }

    /**
     * A sandbox's UTS namespace.
     *
     * @param pid a process in it
     * @param inode the namespace's inode, which names it while it exists
     */
    public record UtsNamespace(long pid, long inode) {}

    /** The machine cannot sandbox functions, and running them unsandboxed was not allowed. */
    public static final class Unavailable extends IllegalStateException {
        Unavailable(String message) {
            super(message);
        }
    }
}
