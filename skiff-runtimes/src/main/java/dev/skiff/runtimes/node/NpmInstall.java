package dev.skiff.runtimes.node;

import dev.skiff.runtimes.InstallTool;
import dev.skiff.runtimes.PrepareException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Installs a package.json's dependencies into a directory with npm, reporting npm's own words on failure. */
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
    static void run(Path node, Path npm, String manifest, Path target, Duration timeout) throws PrepareException {
        try {
            Files.createDirectories(target);
            Files.writeString(target.resolve("package.json"), manifest, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PrepareException("cannot write the package.json to install: " + e.getMessage());
        }
        ProcessBuilder builder = new ProcessBuilder(npm.toString(), "install", "--omit=dev", "--no-audit",
                "--no-fund", "--no-package-lock", "--install-links", "--no-update-notifier", "--loglevel=error",
                "--prefix", target.toString())
                .directory(target.toFile());
        Map<String, String> env = builder.environment();
        env.put("PATH", node.getParent() + File.pathSeparator + env.getOrDefault("PATH", ""));
        env.remove("NODE_OPTIONS");
        InstallTool.run("npm", builder, timeout, NOISE);
    }
}
