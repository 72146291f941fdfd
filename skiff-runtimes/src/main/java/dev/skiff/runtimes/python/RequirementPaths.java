package dev.skiff.runtimes.python;

import dev.skiff.runtimes.BuildSandbox;
import dev.skiff.runtimes.BuildSources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The local files a requirements file names (a wheel's path, {@code -r other.txt}, {@code -f ./wheels},
 * {@code file:} links), checked before pip runs: each must lie in the function's source or in one of
 * the server's package directories. pip runs in a sandbox that shows it little else, but a path
 * outside would at best fail and at worst have pip quote a host file in its error, which goes back to
 * the caller. Files it includes from the source ({@code -r}, {@code -c}) are checked in turn.
 */
final class RequirementPaths {
    private static final Set<String> TAKES_VALUE = Set.of("-r", "--requirement", "-c", "--constraint", "-e",
            "--editable", "-f", "--find-links", "-i", "--index-url", "--extra-index-url");
    private static final Set<String> INCLUDES = Set.of("-r", "--requirement", "-c", "--constraint");
    private static final int MAX_DEPTH = 8;

    private final Path codeDir;
    private final BuildSources allowed;

    /** Allows paths in {@code codeDir} and in {@code sandbox}'s package directories. */
    RequirementPaths(Path codeDir, BuildSandbox sandbox) {
        this.codeDir = codeDir.toAbsolutePath().normalize();
        this.allowed = new BuildSources(this.codeDir, sandbox);
    }

    /**
     * Why {@code text} (a requirements file's content, named {@code name} in messages, whose relative
     * {@code -r} paths start from {@code dir}) cannot be installed; empty when every path it names is allowed.
     */
    Optional<String> problem(String name, String text, Path dir) {
        return problem(name, text, dir, 0);
    }

    private Optional<String> problem(String name, String text, Path dir, int depth) {
        List<String> lines = logicalLines(text);
        for (int i = 0; i < lines.size(); i++) {
            List<String> tokens = List.of(lines.get(i).strip().split("\\s+"));
            for (int t = 0; t < tokens.size(); t++) {
                String token = tokens.get(t);
                String option = "";
                String value = token;
                if (TAKES_VALUE.contains(token) && t + 1 < tokens.size()) {
                    option = token;
                    value = tokens.get(++t);
                } else if (token.startsWith("--") && token.contains("=")) {
                    option = token.substring(0, token.indexOf('='));
                    value = token.substring(token.indexOf('=') + 1);
                } else if (token.length() > 2 && TAKES_VALUE.contains(token.substring(0, 2))) {
                    option = token.substring(0, 2);
                    value = token.substring(2);
                }
                Optional<Path> path = localPath(value, INCLUDES.contains(option) ? dir : codeDir);
                if (path.isEmpty()) {
                    continue;
                }
                String where = name + " line " + (i + 1) + " names " + value;
                if (!allowed.contains(path.get())) {
                    return Optional.of(BuildSources.refusal(where));
                }
                if (INCLUDES.contains(option) && depth < MAX_DEPTH && Files.isRegularFile(path.get())) {
                    Optional<String> nested = problem(codeDir.relativize(path.get()).toString(), read(path.get()),
                            path.get().getParent(), depth + 1);
                    if (nested.isPresent()) {
                        return nested;
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The path {@code value} names, made absolute against {@code base}, when it is a local path: a
     * {@code file:} URL, or a token with a {@code /} (or starting with {@code .} or {@code ~}) that is not
     * another kind of URL. A package name, a version, a marker or an {@code https:} URL is not.
     */
    static Optional<Path> localPath(String value, Path base) {
        String path;
        if (value.startsWith("file:")) {
            path = value.substring("file:".length()).replaceFirst("^//(localhost)?", "");
        } else if (value.contains("://") || value.startsWith("git+") || value.startsWith("-")) {
            return Optional.empty();
        } else if (value.contains("/") || value.startsWith(".") || value.startsWith("~")) {
            path = value;
        } else {
            return Optional.empty();
        }
        int fragment = path.indexOf('#');
        if (fragment >= 0) {
            path = path.substring(0, fragment);
        }
        try {
            return Optional.of(base.resolve(path.startsWith("~") ? "/~" : path).toAbsolutePath().normalize());
        } catch (java.nio.file.InvalidPathException e) {
            return Optional.of(Path.of("/"));
        }
    }

    /** The lines pip reads: continuations joined, comments gone. */
    private static List<String> logicalLines(String text) {
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\r?\n", -1)) {
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1);
                continue;
            }
            current.append(line);
            lines.add(current.toString().replaceFirst("(^|\\s)#.*$", ""));
            current.setLength(0);
        }
        return lines;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
