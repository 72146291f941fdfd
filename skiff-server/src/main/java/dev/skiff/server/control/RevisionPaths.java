package dev.skiff.server.control;

import dev.skiff.runtimes.RevisionFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Where functions' revisions live under the data directory: {@code functions/<function>/<revision>/{code,deps}}. */
final class RevisionPaths {
    private final Path root;

    RevisionPaths(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    Path functionDir(String function) {
        return root.resolve(function);
    }

    Path revisionDir(String function, String revision) {
        return functionDir(function).resolve(revision);
    }

    RevisionFiles files(String function, String revision) {
        Path dir = revisionDir(function, revision);
        return new RevisionFiles(dir.resolve("code"), dir.resolve("deps"));
    }

    /** Creates empty code and deps directories, replacing leftovers of an interrupted deploy. */
    RevisionFiles create(String function, String revision) throws IOException {
        Path dir = revisionDir(function, revision);
        deleteTree(dir);
        RevisionFiles files = files(function, revision);
        Files.createDirectories(files.codeDir());
        Files.createDirectories(files.depsDir());
        return files;
    }

    /** Deletes a directory and everything under it, if it exists; never follows links out of it. */
    static void deleteTree(Path dir) {
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
}
