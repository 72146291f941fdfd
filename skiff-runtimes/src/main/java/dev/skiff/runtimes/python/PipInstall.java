package dev.skiff.runtimes.python;

import dev.skiff.runtimes.InstallTool;
import dev.skiff.runtimes.PrepareException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Installs a requirements file into a directory with pip, reporting pip's own words on failure. */
final class PipInstall {
    private static final List<String> NOISE = List.of("WARNING: Running pip as the 'root' user", "[notice]");

    private PipInstall() {}

    /**
     * Runs {@code python -m pip install --target target -r requirements} in {@code workDir}, so
     * relative paths in the requirements mean files beside the function's code.
     *
     * @throws PrepareException with the tail of pip's output when it fails or runs past {@code timeout}
     */
    static void run(String python, Path requirements, Path target, Path workDir, Duration timeout)
            throws PrepareException {
        ProcessBuilder builder = new ProcessBuilder(python, "-m", "pip", "install", "--no-input",
                "--disable-pip-version-check", "--no-warn-script-location", "--progress-bar", "off",
                "--target", target.toString(), "-r", requirements.toString())
                .directory(workDir.toFile());
        Map<String, String> env = builder.environment();
        env.put("PIP_ROOT_USER_ACTION", "ignore");
        env.remove("PIP_REQUIRE_VIRTUALENV");
        InstallTool.run("pip", builder, timeout, NOISE);
    }
}
