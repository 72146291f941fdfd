package dev.skiff.server.backend.cgroups;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds how this machine can enforce instances' limits, once at start: cgroup v2 where the server's
 * cgroup has the memory controller to give, else cgroup v1 where a memory hierarchy is mounted and
 * writable, else none, said loudly. The server's groups are named after its data directory
 * ({@code skiff-<hash>}): only one server runs on a data directory, so a group of that name found at
 * start was left by a server that was killed, and is emptied and removed.
 */
public final class Cgroups {
    private static final Logger LOG = LoggerFactory.getLogger(Cgroups.class);
    private static final Path PROC_CGROUP = Path.of("/proc/self/cgroup");
    private static final Path PROC_MOUNTS = Path.of("/proc/mounts");
    private static final long TRIAL_SECONDS = 10;
    private static final Limits TRIAL_LIMITS = new Limits(64L << 20, 0, 16);

    private Cgroups() {}

    /** The enforcement for a server keeping its data in {@code dataDir}, logged at INFO, or at WARN when there is none. */
    public static Enforcement detect(Path dataDir) {
        Enforcement enforcement = choose(groupName(dataDir));
        if (enforcement.active()) {
            LOG.info("instance limits are enforced by {}", enforcement.describe());
        } else {
            LOG.warn("INSTANCE LIMITS ARE NOT ENFORCED ({}): a function may use all of this machine's memory, CPU and "
                    + "processes", enforcement.describe());
        }
        return enforcement;
    }

    /** No enforcement, for tests and embedders that want none: {@code why} says so in {@code describe}. */
    public static Enforcement none(String why) {
        return new NoEnforcement(why);
    }

    /** {@code skiff-} and the first 12 hex digits of the SHA-256 of the data directory's absolute path. */
    static String groupName(Path dataDir) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    dataDir.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            return "skiff-" + HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JDK", e);
        }
    }

    private static Enforcement choose(String name) {
        CgroupLayout layout;
        try {
            layout = CgroupLayout.parse(Files.readString(PROC_CGROUP), Files.readString(PROC_MOUNTS));
        } catch (IOException e) {
            return new NoEnforcement("cannot read " + PROC_CGROUP + " or " + PROC_MOUNTS + " (" + e.getMessage() + ")");
        }
        Enforcement enforcement;
        try {
            enforcement = open(layout, name);
        } catch (IOException e) {
            return new NoEnforcement(why(e));
        }
        Optional<String> failed = trial(enforcement);
        if (failed.isPresent()) {
            enforcement.close();
            return new NoEnforcement(failed.get());
        }
        return enforcement;
    }

    private static Enforcement open(CgroupLayout layout, String name) throws IOException {
        Optional<String> v2Controllers = layout.unified().map(h -> h.own().resolve("cgroup.controllers"))
                .filter(Files::isReadable).map(Cgroups::readQuietly);
        if (v2Controllers.isPresent() && v2Controllers.get().contains("memory")) {
            return CgroupV2.open(layout.unified().get().own(), name, ProcessHandle.current().pid());
        }
        if (layout.v1("memory").isPresent()) {
            return CgroupV1.open(layout, name);
        }
        throw new IOException(layout.unified().isPresent()
                ? "the cgroup v2 hierarchy gives this server's cgroup no memory controller, and no v1 memory hierarchy is mounted"
                : "no cgroup hierarchy with a memory controller is mounted");
    }

    /** Runs the joining shell once in a group of its own: the proof that a worker will be in its group. */
    private static Optional<String> trial(Enforcement enforcement) {
        InstanceGroup group = null;
        try {
            group = enforcement.create("trial", TRIAL_LIMITS);
            Process shell = new ProcessBuilder(EnterCommand.argv(group.procsFiles(), List.of("/bin/true")))
                    .redirectErrorStream(true).start();
            shell.getOutputStream().close();
            if (!shell.waitFor(TRIAL_SECONDS, TimeUnit.SECONDS)) {
                shell.destroyForcibly();
                return Optional.of("a process did not join a test group within " + TRIAL_SECONDS + " s");
            }
            String output = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return shell.exitValue() == 0 ? Optional.empty()
                    : Optional.of("a process cannot join a group here: " + output);
        } catch (IOException e) {
            return Optional.of(why(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while trying a group");
        } finally {
            if (group != null) {
                group.close();
            }
        }
    }

    private static String why(IOException e) {
        if (e instanceof AccessDeniedException denied) {
            return "this server may not write " + denied.getFile() + "; run it as root, or in a cgroup v2 subtree "
                    + "delegated to it (systemd-run --scope -p Delegate=yes skiff server ...)";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getFile() + ": " + fs.getReason();
        }
        return GroupDirs.reason(e);
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
