package dev.skiff.runtimes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

/** Writes a runtime's bootstrap script from the classpath to disk, where interpreters can run it. */
public final class BootstrapScripts {

    private BootstrapScripts() {}

    /**
     * Writes the resource {@code name}, found beside {@code owner}, to {@code target} unless the file
     * already holds the same bytes; the file is replaced atomically so running workers never see
     * half of it.
     *
     * @throws UncheckedIOException when the resource is missing or the file cannot be written
     */
    public static Path install(Class<?> owner, String name, Path target) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("resource " + name + " is missing beside " + owner.getName());
            }
            byte[] content = in.readAllBytes();
            if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), content)) {
                return target;
            }
            Files.createDirectories(target.getParent());
            Path temporary = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
            // Readable by everyone: sandboxed workers run as another, unprivileged user.
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
            try {
                Files.write(temporary, content);
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the bootstrap script " + target, e);
        }
    }
}
