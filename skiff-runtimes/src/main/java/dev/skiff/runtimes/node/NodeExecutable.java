package dev.skiff.runtimes.node;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the {@code node} executable workers run with, once: {@code SKIFF_NODE} (a path, or a name
 * looked up on the PATH), else {@code node} on the PATH, resolved to its real file so no version
 * manager's shim is launched per worker. {@code npm} is looked up beside it, then on the PATH.
 */
final class NodeExecutable {
    private static final String NODE = "node";
    private static final String NPM = "npm";

    private final String configured;
    private final String searchPath;
    private Path node;

    NodeExecutable(String configured, String searchPath) {
        this.configured = configured == null || configured.isBlank() ? null : configured.strip();
        this.searchPath = searchPath == null ? "" : searchPath;
    }

    /** The executable chosen by {@code SKIFF_NODE}, else found on the PATH. */
    static NodeExecutable fromEnvironment() {
        return new NodeExecutable(System.getenv("SKIFF_NODE"), System.getenv("PATH"));
    }

    /**
     * The real path of {@code node}, found on first use.
     *
     * @throws IllegalStateException naming what was tried when there is no usable node
     */
    synchronized Path node() {
        if (node == null) {
            node = realPath(resolve());
        }
        return node;
    }

    /**
     * The {@code npm} beside {@code node}, else on the PATH.
     *
     * @throws IllegalStateException when there is none
     */
    Path npm() {
        Path beside = node().resolveSibling(NPM);
        if (isExecutable(beside)) {
            return beside;
        }
        return onPath(NPM).orElseThrow(() -> new IllegalStateException(
                "no npm found beside " + node() + " or on the PATH; install npm to use package.json dependencies"));
    }

    private Path resolve() {
        if (configured == null) {
            return onPath(NODE).orElseThrow(() -> new IllegalStateException(
                    "no node found on the PATH; install Node.js 18 or later, or name it with SKIFF_NODE"));
        }
        if (configured.contains(File.separator)) {
            Path path = Path.of(configured).toAbsolutePath();
            if (!isExecutable(path)) {
                throw new IllegalStateException("the node executable " + configured + " (from SKIFF_NODE) is not an executable file");
            }
            return path;
        }
        return onPath(configured).orElseThrow(() -> new IllegalStateException(
                "the node executable '" + configured + "' (from SKIFF_NODE) is not on the PATH"));
    }

    private Optional<Path> onPath(String name) {
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (!dir.isEmpty() && isExecutable(Path.of(dir, name))) {
                return Optional.of(Path.of(dir, name).toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new IllegalStateException("cannot resolve the node executable " + path + ": " + e.getMessage(), e);
        }
    }

    private static boolean isExecutable(Path path) {
        return Files.isRegularFile(path) && Files.isExecutable(path);
    }
}
