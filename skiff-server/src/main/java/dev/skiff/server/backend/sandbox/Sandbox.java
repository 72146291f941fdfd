package dev.skiff.server.backend.sandbox;

import dev.skiff.runtimes.WorkerCommand;
import dev.skiff.server.serving.InstanceSpec;
import dev.skiff.server.serving.VolumeBinding;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where workers run: inside bubblewrap ({@code bwrap}) when the machine has a working one, else
 * directly, with each volume's real directory named in {@code SKIFF_VOLUME_<NAME>}.
 */
public final class Sandbox {
    private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);
    private static final long TRIAL_SECONDS = 10;

    private final BwrapCommand bwrap;

    private Sandbox(BwrapCommand bwrap) {
        this.bwrap = bwrap;
    }

    /** Looks for a working {@code bwrap} once; without one, says so in a WARN line and runs workers unsandboxed. */
    public static Sandbox detect() {
        Optional<String> found = onPath("bwrap").filter(Sandbox::works);
        if (found.isEmpty()) {
            LOG.warn("bubblewrap (bwrap) is not available: functions run without a sandbox and see their volumes "
                    + "at the paths in SKIFF_VOLUME_<NAME>; install the Debian package 'bubblewrap' to sandbox them");
            return none();
        }
        LOG.info("functions run sandboxed by {}", found.get());
        return new Sandbox(new BwrapCommand(found.get(), HostFiles.real()));
    }

    /** No sandbox: workers run as plain processes. */
    public static Sandbox none() {
        return new Sandbox(null);
    }

    /** True when workers run inside bubblewrap. */
    public boolean enabled() {
        return bwrap != null;
    }

    /**
     * The argv that runs {@code spec}'s worker, wrapped in the sandbox when there is one, which can
     * write in {@code socketDir} (its own socket directory) if given.
     */
    public List<String> argv(InstanceSpec spec, Optional<Path> socketDir) {
        return bwrap == null ? spec.command().argv() : bwrap.argv(spec, socketDir);
    }

    /**
     * The host directories inside {@code spec}'s writable volumes that its worker's sandbox uses as
     * mount points, making those that are missing, deepest first; none without a sandbox.
     */
    public List<Path> mountPoints(InstanceSpec spec, Optional<Path> socketDir) {
        return bwrap == null ? List.of() : bwrap.mountPoints(spec, socketDir);
    }

    /** The argv that runs a generic worker of the pool, as {@link #argv} does. */
    public List<String> genericArgv(WorkerCommand command, Optional<Path> socketDir) {
        return bwrap == null ? command.argv() : bwrap.genericArgv(command, socketDir);
    }

    /**
     * True when a worker sees {@code path} at its real path, as a fresh worker would, without a bind
     * made for it at its start: always without a sandbox, else when it is not under the sandbox's
     * own {@code /tmp}, {@code /dev} or {@code /proc}.
     */
    public boolean showsUnbound(Path path) {
        return bwrap == null || bwrap.showsUnbound(path);
    }

    /**
     * The variables the sandbox itself sets in a worker started in {@code workDir}: bwrap sets
     * {@code PWD} to the directory it moves to. A pooled worker is handed them with the rest.
     */
    public Map<String, String> ownEnv(Path workDir) {
        return bwrap == null ? Map.of() : Map.of("PWD", workDir.toString());
    }

    /** The path a worker sees {@code volume} at: its mount path in the sandbox, else its real directory. */
    public String visiblePath(VolumeBinding volume) {
        return bwrap == null ? volume.hostPath().toString() : volume.mountPath();
    }

    private static Optional<String> onPath(String name) {
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "" : path).split(File.pathSeparator)) {
            Path candidate = dir.isEmpty() ? null : Path.of(dir, name);
            if (candidate != null && Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }

    /** Runs a trivial sandbox: bwrap can be installed yet refused namespaces (a locked-down container). */
    private static boolean works(String bwrapPath) {
        try {
            Process trial = new ProcessBuilder(bwrapPath, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
                    "--unshare-pid", "--die-with-parent", "true").redirectErrorStream(true).start();
            trial.getOutputStream().close();
            if (!trial.waitFor(TRIAL_SECONDS, TimeUnit.SECONDS)) {
                trial.destroyForcibly();
                return false;
            }
            String output = new String(trial.getInputStream().readAllBytes()).strip();
            if (trial.exitValue() != 0) {
                LOG.warn("{} cannot make a sandbox here: {}", bwrapPath, output);
            }
            return trial.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
