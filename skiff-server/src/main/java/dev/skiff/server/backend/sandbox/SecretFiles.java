package dev.skiff.server.backend.sandbox;

import dev.skiff.runtimes.FileTrees;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One instance's secret files on their way into its sandbox. Each value is written, readable by the
 * server's user only, into a directory of its own on a memory file system outside the data
 * directory ({@code /dev/shm}); the sandbox's launcher opens each one and deletes it before bwrap
 * runs, and bwrap copies it from that descriptor into the sandbox's own root
 * ({@code --ro-bind-data}) at {@code /var/skiff/secrets/NAME/KEY}. So no value is ever in a file on
 * disk, and none stays in one on the host once the instance has started; {@link #close} removes
 * whatever a failed start left.
 */
public final class SecretFiles implements AutoCloseable {
    /** The first descriptor the launcher opens the files on, in order. */
    static final int FIRST_FD = 20;
    /** The most files one instance is given. */
    public static final int MAX_FILES = 200;
    private final Path dir;
    private final List<Path> files;
    private final List<String> destinations;

    private SecretFiles(Path dir, List<Path> files, List<String> destinations) {
        this.dir = dir;
        this.files = List.copyOf(files);
        this.destinations = List.copyOf(destinations);
    }

    /** No secret: nothing written. */
    public static SecretFiles none() {
        return new SecretFiles(null, List.of(), List.of());
    }

    /**
     * Writes {@code values} (destination inside the sandbox → bytes) under {@code root}, a directory
     * on a memory file system; {@link #defaultRoot} finds one.
     */
    public static SecretFiles write(Path root, Map<String, byte[]> values) throws IOException {
        if (values.size() > MAX_FILES) {
            throw new IOException("an instance is given at most " + MAX_FILES + " secret keys; its secrets hold " + values.size());
        }
        if (values.isEmpty()) {
            return none();
        }
        Path dir = Files.createTempDirectory(root, "skiff-secrets-", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        List<Path> files = new ArrayList<>();
        List<String> destinations = new ArrayList<>();
        SecretFiles made = new SecretFiles(dir, files, destinations);
        try {
            int n = 0;
            for (Map.Entry<String, byte[]> entry : values.entrySet()) {
                Path file = dir.resolve(Integer.toString(n++));
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE)) {
                    out.write(entry.getValue());
                }
                files.add(file);
                destinations.add(entry.getKey());
            }
            return new SecretFiles(dir, files, destinations);
        } catch (IOException | RuntimeException e) {
            made.close();
            throw e;
        }
    }

    /** {@code /dev/shm} when it is a directory Skiff may write (a memory file system), else the JVM's temporary directory. */
    public static Path defaultRoot() {
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm, LinkOption.NOFOLLOW_LINKS) && Files.isWritable(shm)) {
            return shm;
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** The host files, in the order the launcher opens them on descriptors {@link #FIRST_FD}, 21, ... */
    List<Path> files() {
        return files;
    }

    /** Where each file appears in the sandbox, in the same order. */
    List<String> destinations() {
        return destinations;
    }

    /** True when there is none. */
    public boolean isEmpty() {
        return files.isEmpty();
    }

    /** Deletes what is left of the files (the launcher deletes each as it opens it). */
    @Override
    public void close() {
        if (dir != null) {
            FileTrees.delete(dir);
        }
    }
}
