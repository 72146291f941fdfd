package dev.skiff.server;

import dev.skiff.server.backend.sandbox.Sandbox;
import dev.skiff.server.backend.sandbox.SeccompFilter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The server's sandbox from its configuration: the seccomp filter built into the data directory,
 * and the runtimes' directories outside {@code /usr} that sandboxes may see (Skiff's own runtime
 * files, the JDK running Skiff, a {@code --python} interpreter's installation).
 */
final class SandboxSetup {
    private SandboxSetup() {}

    /** None when the operator said {@code --insecure-no-sandbox}; else finds the sandbox, or refuses as {@link Sandbox#detect} does. */
    static Sandbox detect(ServerConfig config, Path filterDir, Path runtimesDir, Path dataDir) {
        checkPackageDirs(config.sandbox().packageDirs(), dataDir);
        if (config.sandbox().insecure()) {
            return Sandbox.insecure(config.sandbox().packageDirs());
        }
        List<Path> roots = new ArrayList<>(List.of(runtimesDir, Path.of(System.getProperty("java.home"))));
        if (config.python() != null) {
            Path bin = Path.of(config.python()).toAbsolutePath().normalize().getParent();
            if (bin != null && bin.getParent() != null) {
                roots.add(bin.getFileName().toString().equals("bin") ? bin.getParent() : bin);
            }
        }
        Sandbox sandbox = Sandbox.detect(config.sandbox().user(), roots, SeccompFilter.build(filterDir),
                config.sandbox().packageDirs());
        for (Path dir : config.sandbox().packageDirs()) {
            new SandboxVolumes(config.sandbox().user()).cannotUse(dir, false).ifPresent(why -> {
                throw new IllegalArgumentException("--package-dir " + dir + " cannot be read by the sandbox's user, uid "
                        + config.sandbox().user() + ": " + why);
            });
        }
        return sandbox;
    }

    /**
     * Refuses a package directory that is the root or holds, or lies in, the data directory: builds
     * would read the database and every function's code.
     *
     * @throws IllegalArgumentException naming the directory and why
     */
    static void checkPackageDirs(List<Path> packageDirs, Path dataDir) {
        Path data = real(dataDir);
        for (Path dir : packageDirs) {
            // Real paths: bwrap binds what a link leads to, and a data directory may be reached through one.
            Path real = real(dir);
            if (real.getParent() == null || data.startsWith(real) || real.startsWith(data)) {
                throw new IllegalArgumentException("--package-dir " + dir + (real.startsWith(data) && !real.equals(data)
                        ? " is inside" : " holds") + " Skiff's data directory " + data
                        + ": builds would read its database and every function's code; give a directory of packages only");
            }
        }
    }

    private static Path real(Path path) {
        try {
            return path.toRealPath();
        } catch (java.io.IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }
}
