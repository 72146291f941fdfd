package dev.skiff.runtimes;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a revision's build steps run: pip, npm, javac and the Java training run execute code that
 * came with the function (a package's build backend, an install script, a static initializer), so
 * the server runs them as it runs the function itself, in its sandbox. Declared here, where the
 * runtimes use it; the server implements it.
 */
public interface BuildSandbox {

    /**
     * Starts {@code step}, its standard output and error together going to {@code output}; its
     * standard input is a pipe the caller closes.
     */
    Process start(BuildStep step, ProcessBuilder.Redirect output) throws IOException;

    /**
     * Host directories a build may read besides the function's own source: the operator's package
     * directories (a wheelhouse, local npm packages), shown read-only to every step. A requirement
     * naming a path elsewhere is refused.
     */
    default List<Path> packageDirs() {
        return List.of();
    }

    /**
     * Steps run as plain processes of the server's own user, seeing and writing whatever it can:
     * for tools and tests of the runtimes, and for a server started with {@code --insecure-no-sandbox}.
     */
    static BuildSandbox unconfined() {
        return (step, output) -> {
            ProcessBuilder builder = new ProcessBuilder(step.argv()).directory(step.workDir().toFile())
                    .redirectErrorStream(true).redirectOutput(output);
            builder.environment().clear();
            builder.environment().putAll(step.env());
            return builder.start();
        };
    }
}
