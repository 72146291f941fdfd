package dev.skiff.runtimes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a package manager (pip, npm) at deploy time: its output goes to a temporary log, it is
 * stopped past a timeout, and a failure carries its own last meaningful lines as the message.
 */
public final class InstallTool {
    private static final int TAIL_LINES = 20;

    private InstallTool() {}

    /**
     * Runs {@code command} (its argv, directory and environment already set) to completion.
     *
     * @param tool the tool's name, as messages give it (e.g. {@code pip})
     * @param noise prefixes of output lines that only add noise to an error message
     * @throws PrepareException with the tool's last lines when it fails or runs past {@code timeout}
     */
    public static void run(String tool, ProcessBuilder command, Duration timeout, List<String> noise)
            throws PrepareException {
        Path log = null;
        try {
            log = Files.createTempFile("skiff-" + tool, ".log");
            Process process = command.redirectErrorStream(true).redirectOutput(log.toFile()).start();
            process.getOutputStream().close();
            if (!waitFor(process, timeout, tool)) {
                throw new PrepareException("the " + tool + " install took longer than " + timeout.toSeconds()
                        + " s and was stopped; " + tool + "'s last words:\n" + tail(log, noise));
            }
            if (process.exitValue() != 0) {
                String tail = tail(log, noise);
                throw new PrepareException(tail.isEmpty() ? tool + " failed with status " + process.exitValue() : tail);
            }
        } catch (IOException e) {
            throw new PrepareException("cannot run " + command.command().get(0) + ": " + e.getMessage());
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
            throw new PrepareException("interrupted during the " + tool + " install");
        }
        kill(process);
        return false;
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.onExit().join();
    }

    /** The last lines of the log, without blank lines and those starting with a {@code noise} prefix. */
    static String tail(Path log, List<String> noise) throws IOException {
        List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines()
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
