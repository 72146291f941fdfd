package dev.skiff.runtimes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/** Directory trees under the data directory: revisions' files, workers' socket directories. */
public final class FileTrees {
    private FileTrees() {}

    /**
     * Deletes {@code dir} and everything under it, if it exists; never follows links out of it.
     *
     * @throws UncheckedIOException when something in it cannot be deleted
     */
    public static void delete(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    /**
     * Lets every user read everything under {@code dir} (and enter its directories), where the file
     * system has POSIX permissions: sandboxed workers run as another, unprivileged user. Nothing is
     * made writable or executable that was not; links are not followed; a missing {@code dir} is fine.
     *
     * @throws UncheckedIOException when a permission cannot be changed
     */
    public static void makeReadable(Path dir) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
                || !dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                    add(d, PosixFilePermission.GROUP_EXECUTE,
                            PosixFilePermission.OTHERS_EXECUTE);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isRegularFile()) {
                        add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + dir + " readable", e);
        }
    }

    private static void add(Path path, PosixFilePermission... more) throws IOException {
        Set<PosixFilePermission> permissions =
                Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        boolean changed = permissions.add(PosixFilePermission.GROUP_READ);
        changed |= permissions.add(PosixFilePermission.OTHERS_READ);
        for (PosixFilePermission permission : more) {
            changed |= permissions.add(permission);
        }
        if (changed) {
            Files.setPosixFilePermissions(path, permissions);
        }
    }
}
