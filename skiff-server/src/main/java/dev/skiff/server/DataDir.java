package dev.skiff.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The server's data directory, locked so two servers never share one:
 * {@code skiff.db}, {@code admin-token}, {@code secrets.key}, {@code functions/}, {@code logs/}, {@code runtimes/}, {@code volumes/}.
 */
final class DataDir implements AutoCloseable {
    private final Path root;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDir(Path root, FileChannel channel, FileLock lock) {
        this.root = root;
        this.channel = channel;
        this.lock = lock;
    }

    /** Creates the directory if needed and takes its lock, or fails saying another server holds it. */
    static DataDir lock(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(root);
            FileChannel channel = FileChannel.open(root.resolve("skiff.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("another Skiff server is using the data directory " + root
                        + "; stop it or pass another --data-dir");
            }
            return new DataDir(root, channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the data directory " + root + ": " + e.getMessage(), e);
        }
    }

    Path root() {
        return root;
    }

    Path database() {
        return root.resolve("skiff.db");
    }

    Path functions() {
        return root.resolve("functions");
    }

    Path logs() {
        return root.resolve("logs");
    }

    Path volumes() {
        return root.resolve("volumes");
    }

    Path sockets() {
        return root.resolve("sockets");
    }

    /** The server's admin token, readable by its user only. */
    Path adminToken() {
        return root.resolve("admin-token");
    }

    /** The key the secrets are sealed with, beside the database and never in it; readable by the server's user only. */
    Path secretsKey() {
        return root.resolve("secrets.key");
    }

    Path runtimes() {
        return root.resolve("runtimes");
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the data directory lock", e);
        }
    }
}
