package dev.skiff.server.backend.sandbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names a pooled sandbox after the instance it becomes. A UTS namespace is named when bwrap makes
 * it, before the pooled worker has a function, and the worker, without capabilities, cannot rename
 * it; so one root helper ({@code /usr/bin/python3}, started at the first rename and fed by the
 * server alone) joins the namespace ({@code setns}) and sets its name. It renames only the
 * namespace it was told, checked by inode through the descriptor it joins by (a pid reused since
 * cannot redirect it), and never the host's own.
 */
final class HostNames implements AutoCloseable {
    static final String SCRIPT = """
            import ctypes, os, socket, sys
            libc = ctypes.CDLL(None, use_errno=True)
            CLONE_NEWUTS = 0x04000000
            HOST = os.stat("/proc/self/ns/uts").st_ino
            for line in sys.stdin:
                try:
                    pid, inode, name = line.split()
                    fd = os.open("/proc/%d/ns/uts" % int(pid), os.O_RDONLY)
                    try:
                        joined = os.fstat(fd).st_ino
                        if joined != int(inode) or joined == HOST:
                            raise OSError(0, "not the sandbox's namespace")
                        if libc.setns(fd, CLONE_NEWUTS) != 0:
                            raise OSError(ctypes.get_errno(), "setns")
                    finally:
                        os.close(fd)
                    socket.sethostname(name)
                    print("ok", flush=True)
                except (OSError, ValueError) as e:
                    print("error %s" % e, flush=True)
            """;
    private static final Pattern NAMESPACE_LINK = Pattern.compile("uts:\\[(\\d+)]");
    private static final String PYTHON = "/usr/bin/python3";

    private Process helper;
    private Writer in;
    private BufferedReader out;

    /**
     * The UTS namespace of the sandbox {@code bwrap} (a bwrap process, which stays in the host's
     * namespaces) made: that of its child. Empty when it has none, or it is the host's.
     */
    static Optional<Sandbox.UtsNamespace> of(ProcessHandle bwrap) {
        Optional<Long> host = inode(Path.of("/proc/self/ns/uts"));
        return bwrap.children()
                .map(child -> inode(Path.of("/proc", Long.toString(child.pid()), "ns", "uts"))
                        .map(inode -> new Sandbox.UtsNamespace(child.pid(), inode)))
                .flatMap(Optional::stream)
                .filter(namespace -> host.isEmpty() || namespace.inode() != host.get())
                .findFirst();
    }

    /** Names {@code namespace} {@code hostname}. Blocking: one helper, one rename at a time. */
    synchronized void rename(Sandbox.UtsNamespace namespace, String hostname) throws IOException {
        if (helper == null || !helper.isAlive()) {
            start();
        }
        in.write(namespace.pid() + " " + namespace.inode() + " " + hostname + "\n");
        in.flush();
        String answer = out.readLine();
        if (!"ok".equals(answer)) {
            throw new IOException("cannot name the sandbox " + hostname + ": " + (answer == null ? "the helper exited" : answer));
        }
    }

    /** Starts the helper now, if it is not running; a failure is left for the first rename to report. */
    synchronized void prepare() {
        if (helper == null || !helper.isAlive()) {
            try {
                start();
            } catch (IOException e) {
                helper = null;
            }
        }
    }

    private void start() throws IOException {
        helper = new ProcessBuilder(PYTHON, "-I", "-c", SCRIPT).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        in = new OutputStreamWriter(helper.getOutputStream(), StandardCharsets.US_ASCII);
        out = new BufferedReader(new InputStreamReader(helper.getInputStream(), StandardCharsets.US_ASCII));
    }

    private static Optional<Long> inode(Path link) {
        try {
            Matcher matcher = NAMESPACE_LINK.matcher(Files.readSymbolicLink(link).toString());
            return matcher.matches() ? Optional.of(Long.parseLong(matcher.group(1))) : Optional.empty();
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** Stops the helper; its stdin closing ends it. */
    @Override
    public synchronized void close() {
        if (helper != null) {
            helper.destroy();
            helper = null;
        }
    }

}
