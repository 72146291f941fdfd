package dev.skiff.server.backend.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The Python script that writes the seccomp filter ({@code seccomp_filter.py}, next to this class),
 * and its contract: how it is run, the name of the file it makes, what its exit status means and what
 * its output must look like. No I/O but reading the script from the classpath.
 */
record SeccompScript(String text) {
    /** The script's exit status when the Python module {@code seccomp} is missing. */
    static final int MISSING_MODULE = 3;
    /** The size of one BPF instruction ({@code struct sock_filter}). */
    static final int INSTRUCTION_BYTES = 8;
    /** The most instructions the kernel takes in one filter ({@code BPF_MAXINSNS}). */
    static final int MAX_INSTRUCTIONS = 4096;
    private static final String RESOURCE = "seccomp_filter.py";
    private static final int HASH_HEX_DIGITS = 16;
    private static final int OUTPUT_TAIL_CHARS = 600;

    /** The script as this build ships it. */
    static SeccompScript load() {
        try (InputStream in = SeccompScript.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the resource " + RESOURCE + " is missing from the classpath");
            }
            return new SeccompScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the resource " + RESOURCE, e);
        }
    }

    /** The filter's file name, from a hash of the script: a changed policy makes a new file. */
    String fileName() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "seccomp-" + HexFormat.of().formatHex(hash).substring(0, HASH_HEX_DIGITS) + ".bpf";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The command that runs the script with {@code python}, isolated from the caller's Python settings. */
    List<String> argv(Path python, Path output) {
        return List.of(python.toString(), "-I", "-c", text, output.toString());
    }

    /** Why the script failed, in words for a person, or empty when it exited 0; {@code output} is what it printed. */
    static Optional<String> problem(Path python, int exitStatus, String output) {
        if (exitStatus == 0) {
            return Optional.empty();
        }
        if (exitStatus == MISSING_MODULE) {
            return Optional.of(python + " has no 'seccomp' module: install the Debian package python3-seccomp");
        }
        String tail = output.strip();
        tail = tail.length() > OUTPUT_TAIL_CHARS ? "…" + tail.substring(tail.length() - OUTPUT_TAIL_CHARS) : tail;
        return Optional.of("the seccomp filter script failed (exit status " + exitStatus + ")"
                + (tail.isEmpty() ? "" : ": " + tail));
    }

    /** Why a written file of {@code bytes} bytes is no BPF program the kernel would load, or empty when it may be. */
    static Optional<String> programProblem(long bytes) {
        if (bytes == 0 || bytes % INSTRUCTION_BYTES != 0 || bytes > (long) MAX_INSTRUCTIONS * INSTRUCTION_BYTES) {
            return Optional.of("the seccomp filter script wrote " + bytes + " bytes, which is no BPF program of at most "
                    + MAX_INSTRUCTIONS + " instructions of " + INSTRUCTION_BYTES + " bytes");
        }
        return Optional.empty();
    }
}
