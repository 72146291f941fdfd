package dev.skiff.core.credentials;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/** Files only their owner reads (0600), replaced whole: a reader sees the old file or the new one, never half. */
public final class PrivateFiles {
    private PrivateFiles() {}

    /**
     * Replaces {@code file} with {@code content}: written to a new 0600 file beside it (given to
     * {@code owner} when not null), flushed to disk, then renamed over it.
     */
    public static void replace(Path file, byte[] content, FileOwner owner) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path temporary = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp", ownerOnly());
        try {
            giveAway(temporary, owner);
            Files.write(temporary, content);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Gives {@code path} itself (never a link's target) to {@code owner}; nothing when it is null. */
    static void giveAway(Path path, FileOwner owner) throws IOException {
        if (owner != null) {
            Files.setAttribute(path, "unix:uid", owner.uid(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(path, "unix:gid", owner.gid(), LinkOption.NOFOLLOW_LINKS);
        }
    }

    /** The attribute that creates a file readable and writable by its owner only, where the file system has modes. */
    static FileAttribute<?>[] ownerOnly() {
        return posix() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
    }

    static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
