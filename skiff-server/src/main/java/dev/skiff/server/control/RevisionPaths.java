package dev.skiff.server.control;

import dev.skiff.runtimes.FileTrees;
import dev.skiff.runtimes.RevisionFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
        FileTrees.delete(dir);
        RevisionFiles files = files(function, revision);
        Files.createDirectories(files.codeDir());
        Files.createDirectories(files.depsDir());
        return files;
    }
}
