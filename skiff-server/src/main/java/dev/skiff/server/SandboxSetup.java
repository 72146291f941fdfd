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
    static Sandbox detect(ServerConfig config, Path filterDir, Path runtimesDir) {
        if (config.insecureNoSandbox()) {
            return Sandbox.insecure();
        }
        List<Path> roots = new ArrayList<>(List.of(runtimesDir, Path.of(System.getProperty("java.home"))));
        if (config.python() != null) {
            Path bin = Path.of(config.python()).toAbsolutePath().normalize().getParent();
            if (bin != null && bin.getParent() != null) {
                roots.add(bin.getFileName().toString().equals("bin") ? bin.getParent() : bin);
            }
        }
        return Sandbox.detect(config.sandboxUser(), roots, SeccompFilter.build(filterDir));
    }
}
