package dev.skiff.runtimes.node;

import dev.skiff.runtimes.PrepareException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Installs a package.json's dependencies into a directory with npm, reporting npm's own words on failure. */
final class NpmInstall {
    private static final int TAIL_LINES = 20;
    private static final List<String> NOISE = List.of("npm warn Unknown ", "npm error A complete log of this run");

    private NpmInstall() {}

    /**
     * Writes {@code manifest} as {@code target/package.json} and runs {@code npm install} there.
     * Local directories are copied, not linked ({@code --install-links}), so the revision keeps
     * working when they change or go away.
     *
     * @throws PrepareException with the tail of npm's output when it fails or runs past {@code timeout}
     */
    static void run(Path node, Path npm, String manifest, Path target, Duration timeout) throws PrepareException {
        Path log = null;
        try {
            Files.createDirectories(target);
            Files.writeString(target.resolve("package.json"), manifest, StandardCharsets.UTF_8);
            log = Files.createTempFile("skiff-npm", ".log");
            ProcessBuilder builder = new ProcessBuilder(npm.toString(), "install", "--omit=dev", "--no-audit",
                    "--no-fund", "--no-package-lock", "--install-links", "--no-update-notifier", "--loglevel=error",
                    "--prefix", target.toString())
                    .directory(target.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            env.put("PATH", node.getParent() + File.pathSeparator + env.getOrDefault("PATH", ""));
            env.remove("NODE_OPTIONS");
            Process process = builder.start();
            process.getOutputStream().close();
            if (!waitFor(process, timeout)) {
                throw new PrepareException("installing the dependencies took longer than " + timeout.toSeconds()
                        + " s and was stopped; npm's last words:\n" + tail(log));
            }
            if (process.exitValue() != 0) {
                String tail = tail(log);
                throw new PrepareException(tail.isEmpty() ? "npm failed with status " + process.exitValue() : tail);
            }
        } catch (IOException e) {
            throw new PrepareException("cannot run " + npm + ": " + e.getMessage());
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
            throw new PrepareException("interrupted while installing the dependencies");
        }
        kill(process);
        return false;
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.onExit().join();
    }

    /** The last lines npm wrote, without blank lines and the ones that only add noise. */
    static String tail(Path log) throws IOException {
        List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines()
                .filter(line -> !line.isBlank() && NOISE.stream().noneMatch(line::startsWith))
                .toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
    }

    private static void deleteQuietly(Path file) {
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
