package dev.skiff.runtimes.node;

import dev.skiff.runtimes.BuildSandbox;
import dev.skiff.runtimes.BuildStep;
import dev.skiff.runtimes.InstallTool;
import dev.skiff.runtimes.PrepareException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Installs a package.json's dependencies into a directory with npm, in the build's sandbox (where
 * dependencies' install scripts run too), reporting npm's own words on failure.
 */
final class NpmInstall {
    private static final List<String> NOISE = List.of("npm warn Unknown ", "npm error A complete log of this run");

    private NpmInstall() {}

    /**
     * Writes {@code manifest} as {@code target/package.json} and runs {@code npm install} there.
     * Local directories are copied, not linked ({@code --install-links}), so the revision keeps
     * working when they change or go away.
     *
     * @throws PrepareException with the tail of npm's output when it fails or runs past {@code timeout}
     */
    static void run(BuildSandbox sandbox, Path node, Path npm, String manifest, Path codeDir, Path target,
                    Duration timeout) throws PrepareException {
        try {
            Files.createDirectories(target);
            Files.writeString(target.resolve("package.json"), manifest, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PrepareException("cannot write the package.json to install: " + e.getMessage());
        }
        List<String> argv = List.of(npm.toString(), "install", "--omit=dev", "--no-audit", "--no-fund",
                "--no-package-lock", "--install-links", "--no-update-notifier", "--loglevel=error",
                "--prefix", target.toString());
        Map<String, String> env = BuildStep.hostEnv(List.of("npm_config_", "NPM_CONFIG_"));
        env.put("PATH", node.getParent() + File.pathSeparator + env.getOrDefault("PATH", ""));
        env.put("npm_config_update_notifier", "false");
        List<Path> readable = new ArrayList<>(List.of(codeDir, installation(node), installation(realPath(npm))));
        InstallTool.run("npm", sandbox, new BuildStep(argv, target, env, readable, List.of(target), 0), timeout, NOISE);
    }

    /** The installation a program belongs to: {@code /opt/node} for {@code /opt/node/bin/node}. */
    private static Path installation(Path program) {
        Path dir = program.toAbsolutePath().getParent();
        return dir.getFileName() != null && dir.getFileName().toString().equals("bin") && dir.getParent() != null
                ? dir.getParent() : dir;
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path;
        }
    }
}
