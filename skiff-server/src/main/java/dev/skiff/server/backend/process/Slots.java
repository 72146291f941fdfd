package dev.skiff.server.backend.process;

import dev.skiff.runtimes.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The slots of the pre-warmed pool: one directory per generic worker, which its sandbox shows,
 * read-only, in place of the functions directory. When the worker is handed a function, the
 * revision's code and dependencies are linked into its slot at their places under the functions
 * directory (hard links: the same files, nothing copied, unless the slot lies on another file
 * system), so it sees them at the same paths as a fresh instance of that revision, and no other
 * function's files. A slot is removed when its worker exits.
 */
final class Slots {
    private final Path root;

    /** Slots under {@code root}; null for none (no pool). */
    Slots(Path root) {
        this.root = root;
    }

    /** A new, empty slot for the worker {@code id}. */
    Path make(String id) {
        try {
            Files.createDirectories(root);
            return Files.createDirectory(root.resolve(id));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the pool's slot " + root.resolve(id), e);
        }
    }

    /**
     * Links {@code codeDir} and {@code depsDir}, which lie under {@code functionsDir}, into
     * {@code slot} at the same places relative to it: a sandbox showing the slot at the functions
     * directory shows them at their real paths.
     */
    void fill(Path slot, Path functionsDir, Path codeDir, Path depsDir) throws IOException {
        for (Path dir : new Path[] {codeDir, depsDir}) {
            Path target = slot.resolve(functionsDir.relativize(dir).toString());
            Files.createDirectories(target.getParent());
            if (Files.isDirectory(dir)) {
                link(dir, target);
            } else {
                Files.createDirectory(target);
            }
        }
    }

    /** Removes {@code slot} and what is linked in it (the revision's own files stay). */
    void remove(Path slot) {
        try {
            FileTrees.delete(slot);
        } catch (UncheckedIOException e) {
            // Removed with the next server's start at the latest: the slots directory is emptied then.
        }
    }

    /** Empties the slots a previous server left. */
    void clear() {
        try {
            if (Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
                FileTrees.delete(root);
            }
        } catch (UncheckedIOException e) {
            // Left for the next start.
        }
    }

    private static void link(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectory(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path target = to.resolve(from.relativize(file).toString());
                if (attrs.isRegularFile()) {
                    try {
                        Files.createLink(target, file);
                        return FileVisitResult.CONTINUE;
                    } catch (IOException | UnsupportedOperationException e) {
                        // Another file system: copied below.
                    }
                }
                Files.copy(file, target, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
