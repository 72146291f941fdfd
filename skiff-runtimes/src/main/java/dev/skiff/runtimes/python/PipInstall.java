package dev.skiff.runtimes.python;

import dev.skiff.runtimes.PrepareException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Installs a requirements file into a directory with pip, reporting pip's own words on failure. */
final class PipInstall {
    private static final int TAIL_LINES = 20;
    private static final List<String> NOISE = List.of("WARNING: Running pip as the 'root' user", "[notice]");

    private PipInstall() {}

    /**
     * Runs {@code python -m pip install --target target -r requirements} in {@code workDir}, so
     * relative paths in the requirements mean files beside the function's code.
     *
     * @throws PrepareException with the tail of pip's output when it fails or runs past {@code timeout}
     */
    static void run(String python, Path requirements, Path target, Path workDir, Duration timeout)
            throws PrepareException {
        Path log = null;
        try {
            log = Files.createTempFile("skiff-pip", ".log");
            ProcessBuilder builder = new ProcessBuilder(python, "-m", "pip", "install", "--no-input",
                    "--disable-pip-version-check", "--no-warn-script-location", "--progress-bar", "off",
                    "--target", target.toString(), "-r", requirements.toString())
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            env.put("PIP_ROOT_USER_ACTION", "ignore");
            env.remove("PIP_REQUIRE_VIRTUALENV");
            Process process = builder.start();
            process.getOutputStream().close();
            if (!waitFor(process, timeout)) {
                throw new PrepareException("installing the requirements took longer than " + timeout.toSeconds()
                        + " s and was stopped; pip's last words:\n" + tail(log));
            }
            if (process.exitValue() != 0) {
                String tail = tail(log);
                throw new PrepareException(tail.isEmpty() ? "pip failed with status " + process.exitValue() : tail);
            }
        } catch (IOException e) {
            throw new PrepareException("cannot run pip with " + python + ": " + e.getMessage());
        } finally {
            deleteQuietly(log);
        }
    }

    private static boolean waitFor(Process process, Duration timeout) throws PrepareException {
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(process);
            throw new PrepareException("interrupted while installing the requirements");
        }
        kill(process);
        return false;
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.onExit().join();
    }

    /** The last lines pip wrote, without blank lines and the warnings that only add noise. */
    static String tail(Path log) throws IOException {
        List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines()
                .filter(line -> !line.isBlank() && NOISE.stream().noneMatch(line::startsWith))
                .toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
    }

    /** Deletes a temporary file, leaving it for the JVM's exit when it cannot be deleted now. */
    static void deleteQuietly(Path file) {
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
