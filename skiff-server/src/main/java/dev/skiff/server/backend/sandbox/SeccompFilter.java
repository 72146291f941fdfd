package dev.skiff.server.backend.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seccomp filter of sandboxed functions: a BPF program for {@code bwrap --seccomp FD}, written
 * once into a directory by Debian's {@code /usr/bin/python3} running {@code seccomp_filter.py}
 * (the policy, kept next to this class) with the {@code seccomp} module of the package
 * {@code python3-seccomp}. The file is named by a hash of the script, so a changed policy makes a
 * new file and an unchanged one is reused.
 */
public final class SeccompFilter {
    private static final Logger LOG = LoggerFactory.getLogger(SeccompFilter.class);
    /** Debian's interpreter, which has the module; a {@code python3} on PATH may be another one (a pyenv shim). */
    static final Path PYTHON = Path.of("/usr/bin/python3");
    /** How long the script may take; it takes a fraction of a second. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private SeccompFilter() {
    }

    /**
     * The filter's file or, when it could not be made, why, in words for a person; exactly one is present.
     *
     * @param file the BPF program, mode 0644, to hand to bwrap
     * @param problem why there is no file, naming what to install when something is missing
     */
    public record Result(Optional<Path> file, Optional<String> problem) {
        /** Checks that exactly one of the two is present. */
        public Result {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(problem, "problem");
            if (file.isPresent() == problem.isPresent()) {
                throw new IllegalArgumentException("a result has either a file or a problem");
            }
        }

        /** A result with the filter's file. */
        static Result written(Path file) {
            return new Result(Optional.of(file), Optional.empty());
        }

        /** A result saying why there is no filter. */
        static Result failed(String problem) {
            return new Result(Optional.empty(), Optional.of(problem));
        }
    }

    /**
     * The filter in {@code dir} (made if missing), written there first when this policy's file is not
     * there yet; never throws for a machine that cannot make it.
     */
    public static Result build(Path dir) {
        return build(dir, PYTHON, TIMEOUT);
    }

    /** As {@link #build(Path)}, with the interpreter and the script's time limit given. */
    static Result build(Path dir, Path python, Duration timeout) {
        SeccompScript script = SeccompScript.load();
        Path target = dir.resolve(script.fileName());
        if (Files.isRegularFile(target)) {
            return Result.written(target);
        }
        if (!Files.isExecutable(python)) {
            return Result.failed(python + " is missing: install the Debian packages python3 and python3-seccomp");
        }
        try {
            Files.createDirectories(dir);
            return write(script, target, python, timeout);
        } catch (IOException e) {
            return Result.failed("cannot write the seccomp filter in " + dir + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.failed("interrupted while writing the seccomp filter");
        }
    }

    /** Runs the script into a temporary file beside {@code target}, then moves it there in one step. */
    private static Result write(SeccompScript script, Path target, Path python, Duration timeout)
            throws IOException, InterruptedException {
        Path dir = target.getParent();
        Path temp = Files.createTempFile(dir, ".seccomp-", ".tmp");
        Path log = Files.createTempFile(dir, ".seccomp-", ".log");
        try {
            Process process = new ProcessBuilder(script.argv(python, temp))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                return Result.failed("the seccomp filter script did not finish in " + timeout.toSeconds() + " s");
            }
            String output = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
            Optional<String> problem = SeccompScript.problem(python, process.exitValue(), output);
            if (problem.isEmpty()) {
                problem = SeccompScript.programProblem(Files.size(temp));
            }
            if (problem.isPresent()) {
                return Result.failed(problem.get());
            }
            if (!output.isBlank()) {
                LOG.warn("the seccomp filter was written, but its script said: {}", output.strip());
            }
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            return Result.written(target);
        } finally {
            Files.deleteIfExists(temp);
            Files.deleteIfExists(log);
        }
    }
}
