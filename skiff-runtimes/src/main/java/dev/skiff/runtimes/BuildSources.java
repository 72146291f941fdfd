package dev.skiff.runtimes;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a build may read: the function's code directory and the server's package directories
 * ({@link BuildSandbox#packageDirs}). The runtimes check every local path a requirements file or a
 * package.json names against it before the package manager runs, so that a path elsewhere is
 * refused by name and never quoted from the host by the tool's error. Pure.
 */
public final class BuildSources {
    private final List<Path> dirs;

    /** The code directory {@code codeDir} and the package directories of {@code sandbox}. */
    public BuildSources(Path codeDir, BuildSandbox sandbox) {
        List<Path> all = new ArrayList<>(List.of(codeDir));
        all.addAll(sandbox.packageDirs());
        this.dirs = all.stream().map(dir -> dir.toAbsolutePath().normalize()).toList();
    }

    /** True when {@code path} (absolute, or relative to the working directory) lies in one of the directories. */
    public boolean contains(Path path) {
        Path normal = path.toAbsolutePath().normalize();
        return dirs.stream().anyMatch(normal::startsWith);
    }

    /** The refusal of a path outside them: {@code where} (e.g. {@code requirements.txt line 2 names /x}) and why. */
    public static String refusal(String where) {
        return where + ", outside the function's source: a build reads only the files deployed with the function and "
                + "the server's package directories (skiff server --package-dir)";
    }
}
