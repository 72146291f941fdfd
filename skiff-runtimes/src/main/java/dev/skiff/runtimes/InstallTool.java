package dev.skiff.runtimes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs a build tool (pip, npm, javac) at deploy time, in the build's sandbox: its output goes to a
 * temporary log, it is stopped past a timeout, and a failure carries its own last meaningful lines
 * as the message.
 */
public final class InstallTool {
    private static final int TAIL_LINES = 20;

    private InstallTool() {}

    /**
     * Runs {@code step} in {@code sandbox} to completion.
     *
     * @param tool the tool's name, as messages give it (e.g. {@code pip})
     * @param noise prefixes of output lines that only add noise to an error message
     * @throws PrepareException with the tool's last lines when it fails or runs past {@code timeout}
     */
    public static void run(String tool, BuildSandbox sandbox, BuildStep step, Duration timeout, List<String> noise)
            throws PrepareException {
        run(tool, sandbox, step, timeout, output -> tail(output, noise));
    }

    /**
     * Runs {@code step} in {@code sandbox} to completion; when it fails, {@code explain} makes the
     * message from its whole output.
     *
     * @throws PrepareException with that message when it fails, or its last lines when it runs past {@code timeout}
     */
    public static void run(String tool, BuildSandbox sandbox, BuildStep step, Duration timeout,
                           Function<String, String> explain) throws PrepareException {
        Path log = null;
        try {
            log = Files.createTempFile("skiff-" + tool, ".log");
            Process process = sandbox.start(step, ProcessBuilder.Redirect.to(log.toFile()));
            process.getOutputStream().close();
            if (!waitFor(process, timeout, tool)) {
                throw new PrepareException("the " + tool + " run took longer than " + timeout.toSeconds()
                        + " s and was stopped; " + tool + "'s last words:\n" + tail(read(log), List.of()));
            }
            if (process.exitValue() != 0) {
                String message = explain.apply(read(log));
                throw new PrepareException(message.isEmpty() ? tool + " failed with status " + process.exitValue() : message);
            }
        } catch (IOException e) {
            throw new PrepareException("cannot run " + step.argv().get(0) + ": " + e.getMessage());
        } finally {
            deleteQuietly(log);
        }
    }

    private static boolean waitFor(Process process, Duration timeout, String tool) throws PrepareException {
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(process);
            throw new PrepareException("interrupted during the " + tool + " run");
        }
        kill(process);
        return false;
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.onExit().join();
    }

    private static String read(Path log) throws IOException {
        return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
    }

    /** The last lines of {@code output}, without blank lines and those starting with a {@code noise} prefix. */
    static String tail(String output, List<String> noise) {
        List<String> lines = output.lines()
                .filter(line -> !line.isBlank() && noise.stream().noneMatch(line::startsWith))
                .toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
    }

    /** Deletes a temporary file, leaving it for the JVM's exit when it cannot be deleted now. */
    public static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            file.toFile().deleteOnExit();
        }
    }
}
