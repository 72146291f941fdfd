package dev.skiff.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

/**
 * What a command needs from its process: the output streams, the environment and the clock, so
 * that tests can give their own.
 *
 * @param out where results go; commands that relay bytes (invoke, logs) write them here unchanged
 * @param err where errors and notes go
 * @param env the environment variables
 * @param clock the clock ages are measured with
 * @param terminal whether standard output is a terminal (a person reading, not a program)
 */
public record CliContext(PrintStream out, PrintStream err, Map<String, String> env, Clock clock, boolean terminal) {

    /** A context whose standard output is not a terminal (a pipe, a file, a test's buffer). */
    public CliContext(PrintStream out, PrintStream err, Map<String, String> env, Clock clock) {
        this(out, err, env, clock, false);
    }

    /** The real process: standard output and error in UTF-8, the real environment and clock. */
    public static CliContext system() {
        return new CliContext(utf8(FileDescriptor.out), utf8(FileDescriptor.err), System.getenv(), Clock.systemUTC(),
                stdoutIsTerminal());
    }

    /** Whether standard output is a terminal: on Linux, file descriptor 1 is a tty or a pseudo-terminal. */
    private static boolean stdoutIsTerminal() {
        try {
            String target = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/1")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static PrintStream utf8(FileDescriptor fd) {
        return new PrintStream(new BufferedOutputStream(new FileOutputStream(fd)), true, StandardCharsets.UTF_8);
    }
}
