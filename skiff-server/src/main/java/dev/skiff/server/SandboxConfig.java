package dev.skiff.server;

import dev.skiff.server.backend.sandbox.SandboxUser;
import java.nio.file.Path;
import java.util.List;

/**
 * How the server sandboxes functions and their builds.
 *
 * @param user the unprivileged host user sandboxed functions and builds run as ({@code --sandbox-user})
 * @param hostPorts the host's loopback ports sandboxed functions may reach ({@code --host-port})
 * @param insecure run functions and builds without a sandbox, as the server's own user
 *     ({@code --insecure-no-sandbox}); else the server refuses to start where it cannot sandbox them
 * @param packageDirs host directories builds may read besides the function's source, read-only: a
 *     wheelhouse, local npm packages ({@code --package-dir})
 */
public record SandboxConfig(SandboxUser user, List<Integer> hostPorts, boolean insecure, List<Path> packageDirs) {
    /** The default: sandboxed as {@link SandboxUser#DEFAULT}, no host port, no package directory. */
    public static final SandboxConfig DEFAULT = new SandboxConfig(SandboxUser.DEFAULT, List.of(), false, List.of());

    /** Nulls are the defaults; lists are copied. */
    public SandboxConfig {
        user = user == null ? SandboxUser.DEFAULT : user;
        hostPorts = hostPorts == null ? List.of() : List.copyOf(hostPorts);
        packageDirs = packageDirs == null ? List.of() : packageDirs.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    }

    /** This config running sandboxes as {@code other}. */
    public SandboxConfig withUser(SandboxUser other) {
        return new SandboxConfig(other, hostPorts, insecure, packageDirs);
    }

    /** This config opening the host's loopback {@code ports} to functions. */
    public SandboxConfig withHostPorts(List<Integer> ports) {
        return new SandboxConfig(user, ports, insecure, packageDirs);
    }

    /** This config without a sandbox when {@code on}. */
    public SandboxConfig withInsecure(boolean on) {
        return new SandboxConfig(user, hostPorts, on, packageDirs);
    }

    /** This config showing builds {@code dirs}. */
    public SandboxConfig withPackageDirs(List<Path> dirs) {
        return new SandboxConfig(user, hostPorts, insecure, dirs);
    }
}
