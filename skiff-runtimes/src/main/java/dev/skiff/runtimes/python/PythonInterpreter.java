package dev.skiff.runtimes.python;

import dev.skiff.runtimes.RuntimeConfig;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds the Python interpreter workers run with, once: the configured one ({@code --python} or
 * {@code SKIFF_PYTHON}), else {@code /usr/bin/python3}, else {@code python3} on the PATH resolved to
 * its real executable. A PATH entry is often a pyenv shim costing ~200 ms per start, so workers are
 * never launched through it.
 */
public final class PythonInterpreter {
    /** The system interpreter preferred when nothing is configured. */
    static final Path SYSTEM_PYTHON = Path.of("/usr/bin/python3");
    private static final String NAME = "python3";
    private static final long QUERY_SECONDS = 30;

    private final String configured;
    private final Path systemPython;
    private final String searchPath;
    private String resolved;
    private String described;

    PythonInterpreter(String configured, Path systemPython, String searchPath) {
        this.configured = configured == null || configured.isBlank() ? null : configured.strip();
        this.systemPython = systemPython;
        this.searchPath = searchPath == null ? "" : searchPath;
    }

    /** The interpreter chosen by {@code config.python()}, else {@code SKIFF_PYTHON}, else by looking. */
    public static PythonInterpreter of(RuntimeConfig config) {
        String configured = config.python() != null ? config.python() : System.getenv("SKIFF_PYTHON");
        return new PythonInterpreter(configured, SYSTEM_PYTHON, System.getenv("PATH"));
    }

    /**
     * The interpreter's path, found on first use.
     *
     * @throws IllegalStateException naming what was tried when there is no usable interpreter
     */
    public synchronized String path() {
        if (resolved == null) {
            resolved = resolve();
        }
        return resolved;
    }

    private String resolve() {
        if (configured != null) {
            if (configured.contains(File.separator)) {
                Path path = Path.of(configured);
                if (!isExecutable(path)) {
                    throw new IllegalStateException("the Python interpreter " + configured
                            + " (from --python or SKIFF_PYTHON) is not an executable file");
                }
                return path.toAbsolutePath().toString();
            }
            return onPath(configured).map(this::realExecutable).orElseThrow(() -> new IllegalStateException(
                    "the Python interpreter '" + configured + "' (from --python or SKIFF_PYTHON) is not on the PATH"));
        }
        if (isExecutable(systemPython)) {
            return systemPython.toString();
        }
        return onPath(NAME).map(this::realExecutable).orElseThrow(() -> new IllegalStateException(
                "no Python interpreter found: looked for " + systemPython + " and python3 on the PATH; "
                        + "install Python 3.9 or later, or name one with --python or SKIFF_PYTHON"));
    }

    private Optional<Path> onPath(String name) {
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (!dir.isEmpty() && isExecutable(Path.of(dir, name))) {
                return Optional.of(Path.of(dir, name).toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    /**
     * The interpreter and its version, e.g. {@code /usr/bin/python3 (3.11)}, asked once; empty when there is
     * no usable interpreter.
     */
    public synchronized Optional<String> describe() {
        if (described == null) {
            try {
                String path = path();
                described = path + " (" + ask(Path.of(path), "import sys; print('%d.%d' % sys.version_info[:2])") + ")";
            } catch (IllegalStateException e) {
                return Optional.empty();
            }
        }
        return Optional.of(described);
    }

    /** Asks {@code found} for {@code sys.executable}, which is the real binary behind a shim. */
    private String realExecutable(Path found) {
        String output = ask(found, "import sys; print(sys.executable)");
        if (!isExecutable(Path.of(output))) {
            throw new IllegalStateException("cannot use the Python interpreter " + found + ": " + output);
        }
        return output;
    }

    /** What {@code found} prints running {@code code}, stripped; an {@link IllegalStateException} when it fails. */
    private static String ask(Path found, String code) {
        try {
            Process process = new ProcessBuilder(found.toString(), "-c", code).redirectErrorStream(true).start();
            process.getOutputStream().close();
            if (!process.waitFor(QUERY_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(found + " did not answer within " + QUERY_SECONDS + " s");
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0 || output.isEmpty()) {
                throw new IllegalStateException("cannot use the Python interpreter " + found + ": " + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run the Python interpreter " + found + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking " + found + " a question", e);
        }
    }

    private static boolean isExecutable(Path path) {
        return Files.isRegularFile(path) && Files.isExecutable(path);
    }
}
