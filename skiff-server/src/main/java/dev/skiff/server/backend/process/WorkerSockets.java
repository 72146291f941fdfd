package dev.skiff.server.backend.process;

import dev.skiff.runtimes.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directories holding the Unix sockets workers may listen on besides their port
 * ({@code SKIFF_SOCKET}, docs/worker-contract.md): one directory per worker process, made before it
 * starts and removed when it exits. Under bubblewrap each worker's directory is bound writable into
 * its own sandbox only, so a function can neither remove nor replace another worker's socket (with
 * one directory for all, one function could take another's traffic).
 *
 * <p>A socket's path must fit {@code sun_path}: 107 bytes. The directories go under the data
 * directory when the paths fit there, else under a new directory in the system's temporary folder,
 * else there are none and every worker is reached on its port.
 */
public final class WorkerSockets implements AutoCloseable {
    /** The socket's name in its worker's directory. */
    public static final String FILE = "http.sock";
    private static final Logger LOG = LoggerFactory.getLogger(WorkerSockets.class);
    private static final int MAX_PATH_BYTES = 107;
    private static final int NAME_LENGTH = 8;

    private final Path root;
    private final boolean temporary;

    private WorkerSockets(Path root, boolean temporary) {
        this.root = root;
        this.temporary = temporary;
    }

    /**
     * Sockets under {@code preferred} (made if missing, emptied of what an earlier server left), or
     * under a new temporary directory when socket paths there would be too long for Linux.
     */
    public static WorkerSockets under(Path preferred) {
        Path root = preferred.toAbsolutePath().normalize();
        try {
            if (fits(root)) {
                Files.createDirectories(root);
                try (Stream<Path> stale = Files.list(root)) {
                    stale.forEach(WorkerSockets::deleteQuietly);
                }
                return new WorkerSockets(root, false);
            }
            Path temp = Files.createTempDirectory("skiff-sockets-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            if (fits(temp)) {
                LOG.info("worker sockets are under {}: under {} their paths would be too long for Linux", temp, root);
                return new WorkerSockets(temp, true);
            }
            deleteQuietly(temp);
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("no worker sockets ({}): the gateway reaches every worker on its port", e.getMessage());
            return none();
        }
        LOG.warn("no worker sockets: every directory for them has too long a path; the gateway reaches every "
                + "worker on its port");
        return none();
    }

    /** No sockets: every worker is reached on its port. */
    public static WorkerSockets none() {
        return new WorkerSockets(null, false);
    }

    /** The directory for one new worker's socket, private to the server's user; empty without sockets. */
    Optional<Path> newDirectory() {
        if (root == null) {
            return Optional.empty();
        }
        for (int attempt = 0; attempt < 10; attempt++) {
            Path dir = root.resolve(HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(0, NAME_LENGTH));
            try {
                return Optional.of(Files.createDirectory(dir,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))));
            } catch (FileAlreadyExistsException e) {
                // another worker's name: draw again
            } catch (IOException e) {
                LOG.warn("cannot make a socket directory under {} ({}): the worker is reached on its port", root,
                        e.getMessage());
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The socket a worker given {@code dir} listens on, if it made one (an app may not). */
    static Optional<Path> madeIn(Path dir) {
        Path socket = dir.resolve(FILE);
        try {
            BasicFileAttributes attributes = Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return attributes.isOther() ? Optional.of(socket) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Takes a sandboxed worker's directory back once the worker is ready: everything in it but its
     * listening socket is removed, and the directory becomes the server's, {@code 0700}. The worker
     * keeps accepting on the socket it bound; it can no longer replace it (by a link to a host
     * socket) or write files there, on the data directory's disk.
     */
    void takeBack(Path dir) {
        try {
            // The owner first: from then on the worker can add nothing, and what it added before goes.
            PosixFileAttributes server = Files.readAttributes(dir.getParent(), PosixFileAttributes.class);
            PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            view.setOwner(server.owner());
            view.setGroup(server.group());
            view.setPermissions(PosixFilePermissions.fromString("rwx------"));
            try (Stream<Path> entries = Files.list(dir)) {
                for (Path entry : entries.toList()) {
                    if (!entry.getFileName().toString().equals(FILE) || madeIn(dir).isEmpty()) {
                        deleteQuietly(entry);
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("cannot take the socket directory {} back from its worker: {}", dir, e.getMessage());
        }
    }

    /** Removes a worker's directory and its socket, once the worker is gone. */
    void remove(Path dir) {
        deleteQuietly(dir);
    }

    /** Removes every worker's directory, and the root too when it was a temporary one. */
    @Override
    public void close() {
        if (root == null || !Files.isDirectory(root)) {
            return;
        }
        if (temporary) {
            deleteQuietly(root);
            return;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.forEach(WorkerSockets::deleteQuietly);
        } catch (IOException e) {
            LOG.debug("cannot list {}: {}", root, e.getMessage());
        }
    }

    private static boolean fits(Path root) {
        String longest = root.resolve("x".repeat(NAME_LENGTH)).resolve(FILE).toString();
        return longest.getBytes(StandardCharsets.UTF_8).length <= MAX_PATH_BYTES;
    }

    /** Deletes a tree; a failure is logged only (a socket directory left behind is harmless). */
    private static void deleteQuietly(Path path) {
        try {
            FileTrees.delete(path);
        } catch (UncheckedIOException e) {
            LOG.debug("{}", e.getMessage());
        }
    }
}
