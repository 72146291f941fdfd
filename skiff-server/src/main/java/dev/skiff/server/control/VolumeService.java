package dev.skiff.server.control;

import dev.skiff.api.FieldError;
import dev.skiff.api.Function;
import dev.skiff.api.FunctionValidation;
import dev.skiff.api.Quote;
import dev.skiff.api.ValidationException;
import dev.skiff.api.Volume;
import dev.skiff.api.VolumeMount;
import dev.skiff.runtimes.FileTrees;
import dev.skiff.server.errors.ErrorCode;
import dev.skiff.server.errors.SkiffException;
import dev.skiff.server.serving.VolumeBinding;
import dev.skiff.server.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Named volumes: directories Skiff makes under {@code <data-dir>/volumes}, or directories the user
 * already has, which functions mount. A volume a function mounts cannot be deleted, and a user's own
 * directory is never deleted. Blocking; callers run it off the event loop.
 */
public final class VolumeService {
    private final Store store;
    private final Path root;
    /** Deploys of functions mounting volumes share it; a volume's delete takes it alone, so neither misses the other. */
    private final ReadWriteLock mountLock = new ReentrantReadWriteLock();

    /** Volumes recorded in {@code store}, Skiff's own ones made under {@code root}. */
    public VolumeService(Store store, Path root) {
        this.store = store;
        this.root = root.toAbsolutePath().normalize();
    }

    /** Creates a volume; 409 when one of that name exists, 400 for a bad name or a path that is not a directory. */
    public synchronized Volume create(Volume request) {
        if (request == null) {
            throw ValidationException.of("name", "is required");
        }
        List<FieldError> errors = new ArrayList<>();
        FunctionValidation.validateName(request.name(), "name", errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        if (store.volume(request.name()).isPresent()) {
            throw new SkiffException(ErrorCode.ALREADY_EXISTS, "volume '" + request.name() + "' already exists");
        }
        boolean external = request.path() != null && !request.path().isBlank();
        Path dir = external ? userDirectory(request.path()) : root.resolve(request.name());
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new SkiffException(ErrorCode.INTERNAL, "cannot create " + dir + ": " + e.getMessage());
        }
        Volume volume = new Volume(request.name(), dir.toString(), external, Instant.now().toString());
        if (!store.saveVolume(volume)) {
            throw new SkiffException(ErrorCode.ALREADY_EXISTS, "volume '" + request.name() + "' already exists");
        }
        return volume;
    }

    /** Every volume, by name. */
    public List<Volume> list() {
        return store.volumes();
    }

    /** One volume; 404 when there is none of that name. */
    public Volume get(String name) {
        return store.volume(name).orElseThrow(() -> noVolume(name));
    }

    /** The directory of the file {@code path} names inside the volume; 400 when the path escapes it. */
    public Path file(String name, String path) {
        return VolumePaths.resolve(Path.of(get(name).path()), path);
    }

    /**
     * Deletes a volume: 409 naming the functions that mount it, if any. Skiff's own directory is
     * deleted with it; a user's own directory is left as it is.
     */
    public Volume delete(String name) {
        mountLock.writeLock().lock();
        try {
            Volume volume = get(name);
            List<String> users = mountedBy(name);
            if (!users.isEmpty()) {
                throw new SkiffException(ErrorCode.IN_USE, "volume '" + name + "' is mounted by "
                        + String.join(", ", users) + "; delete those functions or deploy them without it first");
            }
            store.deleteVolume(name);
            if (!volume.isExternal()) {
                FileTrees.delete(Path.of(volume.path()));
            }
            return volume;
        } finally {
            mountLock.writeLock().unlock();
        }
    }

    /**
     * Runs a deploy mounting {@code mounts}: checks again that each volume exists (400 naming any
     * that does not), and keeps them from being deleted until the deploy is recorded.
     */
    public <T> T mounting(List<VolumeMount> mounts, Supplier<T> deploy) {
        mountLock.readLock().lock();
        try {
            List<FieldError> errors = unknown(mounts);
            if (!errors.isEmpty()) {
                throw new ValidationException(errors);
            }
            return deploy.get();
        } finally {
            mountLock.readLock().unlock();
        }
    }

    /** The names of the functions whose spec mounts the volume. */
    public List<String> mountedBy(String name) {
        return store.functions().stream()
                .filter(function -> mounts(function, name))
                .map(Function::name)
                .toList();
    }

    /** A validation error for each mount naming a volume that does not exist. */
    public List<FieldError> unknown(List<VolumeMount> mounts) {
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < mounts.size(); i++) {
            VolumeMount mount = mounts.get(i);
            if (mount != null && mount.name() != null && store.volume(mount.name()).isEmpty()) {
                errors.add(new FieldError("spec.volumes[" + i + "].name", "volume '" + mount.name()
                        + "' does not exist; create it with 'skiff volume create " + mount.name() + "'"));
            }
        }
        return errors;
    }

    /** Where each mount's volume lives, for an instance to bind. */
    public List<VolumeBinding> bindings(List<VolumeMount> mounts) {
        List<VolumeBinding> bindings = new ArrayList<>();
        for (VolumeMount mount : mounts == null ? List.<VolumeMount>of() : mounts) {
            Optional<Volume> volume = store.volume(mount.name());
            Volume found = volume.orElseThrow(() -> noVolume(mount.name()));
            bindings.add(new VolumeBinding(found.name(), Path.of(found.path()), mount.mountPath(), mount.isReadOnly()));
        }
        return bindings;
    }

    private static boolean mounts(Function function, String name) {
        return function.spec() != null && function.spec().volumes() != null
                && function.spec().volumes().stream().anyMatch(m -> m != null && name.equals(m.name()));
    }

    private static Path userDirectory(String path) {
        Path dir;
        try {
            dir = Path.of(path);
        } catch (InvalidPathException e) {
            throw ValidationException.of("path", Quote.value(path) + " is not a path: " + e.getReason());
        }
        if (!dir.isAbsolute()) {
            throw ValidationException.of("path", Quote.value(path) + " must be an absolute path");
        }
        if (!Files.isDirectory(dir)) {
            throw ValidationException.of("path", Quote.value(path) + " is not a directory on the server's machine");
        }
        return dir.normalize();
    }

    private static SkiffException noVolume(String name) {
        return new SkiffException(ErrorCode.NOT_FOUND, "volume " + Quote.value(name) + " not found");
    }
}
