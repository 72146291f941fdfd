package dev.skiff.server.backend.sandbox;

import dev.skiff.runtimes.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The root shell that starts a sandbox: it opens the seccomp filter for bwrap ({@code --seccomp}:
 * bwrap reads it from a descriptor, which a {@code ProcessBuilder} cannot pass), and, for a sandbox
 * with outbound network, connects its network namespace to the host with pasta before the worker
 * runs: bwrap writes its child's pid ({@code --info-fd}) and waits ({@code --block-fd}) until a
 * background shell has attached pasta to that namespace, then runs the worker. That shell stays
 * until the sandbox ends (a {@code tail --pid}), then stops pasta. When pasta cannot attach, the
 * sandbox is killed and the reason goes to the worker's log: never a worker with a network it was
 * not meant to have. An instance's secret files ({@link SecretFiles}) are opened on descriptors
 * from 20 and deleted before bwrap runs, which copies them into the sandbox ({@code --ro-bind-data}).
 *
 * <p>pasta runs as root ({@code --runas 0}: attaching to a namespace by path needs it here) with
 * {@code --no-map-gw} and every port forward off but those named: the sandbox cannot reach the
 * host's loopback, its ports or other sandboxes, only the outside world and, by {@code -T}, the one
 * host port it is meant to (Skiff's function endpoint); {@code -t} forwards the host's
 * {@code 127.0.0.1:PORT} to a worker that listens on TCP.
 */
final class Launcher {
    /** The status the shell exits with when it cannot prepare the sandbox. */
    static final int FAILED = 125;
    static final String SCRIPT = """
            seccomp=$1 tcp=$2 tcpns=$3 pasta=$4 ctlroot=$5; shift 5
            secrets=("${@:2:$1}"); shift $(($1 + 1))
            exec 10<"$seccomp" || { echo "skiff: cannot read the sandbox's seccomp filter $seccomp" >&2; exit %1$d; }
            ctl=$(mktemp -d "$ctlroot/net.XXXXXX") && mkfifo "$ctl/info" "$ctl/block" \\
              || { echo "skiff: cannot prepare the sandbox's network" >&2; exit %1$d; }
            ( (
              exec 10<&-
              pid=$(sed -n 's/.*"child-pid": *\\([0-9][0-9]*\\).*/\\1/p' "$ctl/info")
              if [ -z "$pid" ]; then rm -rf "$ctl"; exit 0; fi
              if exec 6<"/proc/$pid/ns/net" && "$pasta" -q --runas 0 -P "$ctl/pasta.pid" --netns /proc/self/fd/6 \\
                  --config-net --no-map-gw -4 -u none -U none -t "$tcp" -T "$tcpns" </dev/null >/dev/null 2>"$ctl/err"; then
                exec 6<&-
                echo go >"$ctl/block"
                # Nothing of it is needed any more: gone now, not when the sandbox ends, which may be by a kill.
                pasta_pid=$(cat "$ctl/pasta.pid"); rm -rf "$ctl"
                tail --pid="$pid" -f /dev/null </dev/null >/dev/null 2>&1
                kill "$pasta_pid" 2>/dev/null
              else
                echo "skiff: the sandbox's network could not be connected: $(grep -v syslog "$ctl/err" | head -3)" >&2
                rm -rf "$ctl"
                kill -9 "$pid"
              fi
            ) & )
            fd=20
            for secret in "${secrets[@]}"; do
              eval "exec $fd<\\"\\$secret\\"" || { echo "skiff: cannot read a secret file for the sandbox" >&2; exit %1$d; }
              rm -f -- "$secret"; fd=$((fd+1))
            done
            exec 11>"$ctl/info" 12<>"$ctl/block"
            bw=$1; shift
            exec "$bw" --seccomp 10 --info-fd 11 --block-fd 12 "$@"
            """.formatted(FAILED);
    /** The shell of a sandbox with no network ({@code spec.network: none}): the filter, and bwrap; no pasta. */
    static final String OFFLINE_SCRIPT = """
            seccomp=$1; shift
            secrets=("${@:2:$1}"); shift $(($1 + 1))
            exec 10<"$seccomp" || { echo "skiff: cannot read the sandbox's seccomp filter $seccomp" >&2; exit %1$d; }
            fd=20
            for secret in "${secrets[@]}"; do
              eval "exec $fd<\\"\\$secret\\"" || { echo "skiff: cannot read a secret file for the sandbox" >&2; exit %1$d; }
              rm -f -- "$secret"; fd=$((fd+1))
            done
            bw=$1; shift
            exec "$bw" --seccomp 10 "$@"
            """.formatted(FAILED);

    private final Path seccomp;
    private final String pasta;
    private final Path controlDir;

    /**
     * Launches sandboxes with the filter at {@code seccomp} and pasta at {@code pastaPath}, making
     * each one's FIFOs in a directory of its own under {@code controlDir}, which it empties now:
     * a sandbox killed before its network was connected (a server stopping while its pool refills)
     * leaves its directory behind, and {@link #sweep} removes those too.
     */
    Launcher(Path seccomp, String pastaPath, Path controlDir) {
        this.seccomp = seccomp;
        this.pasta = pastaPath;
        this.controlDir = controlDir;
        sweep();
        try {
            Files.createDirectories(controlDir);
            Files.setPosixFilePermissions(controlDir, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the sandboxes' control directory " + controlDir, e);
        }
    }

    /**
     * The argv: {@code bwrapArgv} (bwrap and its arguments, the worker's command last) run by the
     * shell, with the seccomp filter, and pasta connecting {@code network}.
     */
    List<String> argv(Network network, List<String> bwrapArgv) {
        return argv(network, SecretFiles.none(), bwrapArgv);
    }

    /**
     * As {@link #argv(Network, List)}, opening {@code secrets}' files on descriptors 20, 21, ... (and
     * deleting each) before bwrap runs, for the {@code --ro-bind-data} arguments that name them.
     */
    List<String> argv(Network network, SecretFiles secrets, List<String> bwrapArgv) {
        List<String> argv = new ArrayList<>(List.of("/bin/bash", "-c", SCRIPT, "skiff-sandbox", seccomp.toString(),
                network.tcpForward(), network.endpointForward(), pasta, controlDir.toString()));
        addSecrets(argv, secrets);
        argv.addAll(bwrapArgv);
        return argv;
    }

    private static void addSecrets(List<String> argv, SecretFiles secrets) {
        argv.add(Integer.toString(secrets.files().size()));
        secrets.files().forEach(file -> argv.add(file.toString()));
    }

    /**
     * The argv of a sandbox with no network: {@code bwrapArgv} run with the seccomp filter, its
     * namespace's loopback the only interface it has.
     */
    List<String> offlineArgv(SecretFiles secrets, List<String> bwrapArgv) {
        List<String> argv = new ArrayList<>(List.of("/bin/bash", "-c", OFFLINE_SCRIPT, "skiff-sandbox", seccomp.toString()));
        addSecrets(argv, secrets);
        argv.addAll(bwrapArgv);
        return argv;
    }

    /** Removes what sandboxes that ended early left in the control directory. */
    void sweep() {
        if (!Files.isDirectory(controlDir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> entries = Files.list(controlDir)) {
            entries.forEach(FileTrees::delete);
        } catch (IOException | UncheckedIOException e) {
            // a sandbox starting now made or removed one meanwhile: the next sweep takes what is left
        }
    }

    /**
     * A sandbox's connection to the world through pasta.
     *
     * @param workerPort the port the worker listens on inside, forwarded from the host's
     *     {@code 127.0.0.1} (0: none, the worker is reached on its Unix socket)
     * @param hostPorts the host's loopback ports reachable inside at the same {@code 127.0.0.1:PORT}:
     *     Skiff's function endpoint, and those the operator opened ({@code --host-port})
     */
    record Network(int workerPort, List<Integer> hostPorts) {
        Network {
            hostPorts = List.copyOf(hostPorts);
        }

        String tcpForward() {
            return workerPort == 0 ? "none" : "127.0.0.1/" + workerPort;
        }

        String endpointForward() {
            return hostPorts.isEmpty() ? "none"
                    : String.join(",", hostPorts.stream().map(String::valueOf).toList());
        }
    }
}
