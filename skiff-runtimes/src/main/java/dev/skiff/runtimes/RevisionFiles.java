package dev.skiff.runtimes;

import java.nio.file.Path;

/**
 * Where one revision's files live on disk.
 *
 * @param codeDir the function's unpacked source; the worker's working directory
 * @param depsDir where its requirements are installed (created empty when there are none)
 */
public record RevisionFiles(Path codeDir, Path depsDir) {}
