package dev.skiff.server.control;

import dev.skiff.api.FieldError;
import dev.skiff.api.MountPathRules;
import dev.skiff.api.Quote;
import dev.skiff.api.VolumeMount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The embedded server's own rules on where a volume is mounted, beyond skiff-api's
 * {@link MountPathRules}: not on, over or inside Skiff's data directory (the functions' code and
 * dependencies, the runtimes' files and the workers' sockets, which the sandbox binds at their real
 * paths), and not where a link of the host's leads to a path the rules refuse (the sandbox shows the
 * host's links, so {@code /var/run/x} is {@code /run/x} there).
 */
public final class VolumeMountPaths {
    private final List<Path> dataDirectories;

    /** The rules of a server whose data directory has these names (as configured and real). */
    public VolumeMountPaths(List<Path> dataDirectories) {
        this.dataDirectories = List.copyOf(dataDirectories);
    }

    /** An error on each mount path these rules refuse; a path skiff-api's validation refuses is left to it. */
    public List<FieldError> check(List<VolumeMount> mounts) {
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < mounts.size(); i++) {
            VolumeMount mount = mounts.get(i);
            String field = "spec.volumes[" + i + "].mountPath";
            Optional<Path> path = mount == null ? Optional.empty() : valid(mount.mountPath());
            path.flatMap(this::refusal).ifPresent(why -> errors.add(new FieldError(field, Quote.value(mount.mountPath()) + " " + why)));
        }
        return errors;
    }

    private Optional<String> refusal(Path path) {
        Optional<String> own = ownPath(path);
        Path real = real(path);
        if (own.isPresent() || real.equals(path)) {
            return own;
        }
        return MountPathRules.refusal(real.toString()).or(() -> ownPath(real))
                .map(why -> "leads to " + Quote.value(real.toString()) + " on this machine, which " + why);
    }

    private Optional<String> ownPath(Path path) {
        for (Path data : dataDirectories) {
            if (path.startsWith(data) || data.startsWith(path)) {
                String where = path.equals(data) ? "is" : path.startsWith(data) ? "is inside" : "contains";
                return Optional.of(where + " Skiff's data directory (the functions' code and dependencies and the "
                        + "workers' sockets); mount the volume elsewhere, e.g. /mnt/data");
            }
        }
        return Optional.empty();
    }

    /** The mount path, when skiff-api's validation took it: absolute, normalized, and not refused there. */
    private static Optional<Path> valid(String mountPath) {
        if (mountPath == null || !mountPath.startsWith("/") || MountPathRules.refusal(mountPath).isPresent()) {
            return Optional.empty();
        }
        try {
            Path path = Path.of(mountPath);
            return path.normalize().equals(path) ? Optional.of(path) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** Where {@code path} leads on this machine: the real path of its deepest existing directory, then the rest. */
    private static Path real(Path path) {
        Path existing = path;
        while (existing.getParent() != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(path));
        } catch (IOException | SecurityException e) {
            return path;
        }
    }
}
