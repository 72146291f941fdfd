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
 */
public record CliContext(PrintStream out, PrintStream err, Map<String, String> env, Clock clock) {

    /** The real process: standard output and error in UTF-8, the real environment and clock. */
    public static CliContext system() {
        return new CliContext(utf8(FileDescriptor.out), utf8(FileDescriptor.err), System.getenv(), Clock.systemUTC());
    }

    private static PrintStream utf8(FileDescriptor fd) {
        return new PrintStream(new BufferedOutputStream(new FileOutputStream(fd)), true, StandardCharsets.UTF_8);
    }
}
