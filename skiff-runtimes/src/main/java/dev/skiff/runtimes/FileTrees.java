package dev.skiff.runtimes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
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

    /**
     * Gives everything under {@code dir}, {@code dir} included, to the owner and group of its parent,
     * takes write permission away from group and others, and lets everyone read: for a revision's
     * dependencies after a build that ran as the sandbox's user. Links are changed themselves, never
     * followed; a change of owner also clears set-user-ID and set-group-ID bits.
     *
     * @throws UncheckedIOException when an owner or permission cannot be changed
     */
    public static void reclaim(Path dir) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
                || !dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        try {
            PosixFileAttributes parent = Files.readAttributes(dir.toAbsolutePath().getParent(), PosixFileAttributes.class);
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                    own(d);
                    settle(d, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    own(file);
                    if (attrs.isRegularFile()) {
                        settle(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                private void own(Path path) throws IOException {
                    PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class,
                            LinkOption.NOFOLLOW_LINKS);
                    PosixFileAttributes now = view.readAttributes();
                    if (!now.owner().equals(parent.owner())) {
                        view.setOwner(parent.owner());
                    }
                    if (!now.group().equals(parent.group())) {
                        view.setGroup(parent.group());
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take " + dir + " back from the build", e);
        }
    }

    /** Readable by all (and {@code more}), writable by its owner only. */
    private static void settle(Path path, PosixFilePermission... more) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> wanted = EnumSet.copyOf(permissions);
        wanted.addAll(List.of(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ));
        wanted.addAll(List.of(more));
        wanted.removeAll(List.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE));
        if (!wanted.equals(permissions)) {
            Files.setPosixFilePermissions(path, wanted);
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
