package dev.skiff.runtimes.python;

import dev.skiff.runtimes.BuildSandbox;
import dev.skiff.runtimes.BuildStep;
import dev.skiff.runtimes.InstallTool;
import dev.skiff.runtimes.PrepareException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Installs a requirements file into a directory with pip, in the build's sandbox, reporting pip's
 * own words on failure.
 */
final class PipInstall {
    private static final List<String> NOISE = List.of("WARNING: Running pip as the 'root' user", "[notice]");

    private PipInstall() {}

    /**
     * Runs {@code python -m pip install --target target -r requirements} in {@code codeDir}, so
     * relative paths in the requirements mean files beside the function's code; pip reads the code
     * (and the sandbox's package directories) and writes {@code target} only.
     *
     * @throws PrepareException with the tail of pip's output when it fails or runs past {@code timeout}
     */
    static void run(BuildSandbox sandbox, String python, Path requirements, Path target, Path codeDir, Duration timeout)
            throws PrepareException {
        List<String> argv = List.of(python, "-m", "pip", "install", "--no-input", "--no-cache-dir",
                "--disable-pip-version-check", "--no-warn-script-location", "--progress-bar", "off",
                "--target", target.toString(), "-r", requirements.toString());
        Map<String, String> env = BuildStep.hostEnv(List.of("PIP_"));
        env.put("PIP_ROOT_USER_ACTION", "ignore");
        env.remove("PIP_REQUIRE_VIRTUALENV");
        env.remove("PIP_TARGET");
        env.remove("PIP_PREFIX");
        env.remove("PIP_USER");
        List<Path> readable = requirements.startsWith(codeDir) ? List.of(codeDir) : List.of(codeDir, requirements);
        InstallTool.run("pip", sandbox, new BuildStep(argv, codeDir, env, readable, List.of(target), 0), timeout, NOISE);
    }
}
