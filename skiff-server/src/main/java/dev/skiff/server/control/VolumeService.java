package dev.skiff.server.control;

import dev.skiff.api.FieldError;
import dev.skiff.api.Function;
import dev.skiff.api.Namespaces;
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
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named volumes: directories Skiff makes under {@code <data-dir>/volumes}, or directories the user
 * already has, which functions mount. A volume a function mounts cannot be deleted, and a user's own
 * directory is never deleted. A user's directory must keep to {@link VolumeDirectoryRules}; one stored
 * before a rule refused it is kept, but neither mounted nor read or written, and named at start.
 * Blocking; callers run it off the event loop.
 */
public final class VolumeService {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeService.class);
    private static final String NOT_MOUNTED = "; no function may mount it: delete the volume (its directory stays as it is) "
            + "and create one on another directory";
    private final Store store;
    private final Path root;
    private final VolumeDirectoryRules rules;
    private final VolumeOwner owner;
    /** Deploys of functions mounting volumes share it; a volume's delete takes it alone, so neither misses the other. */
    private final ReadWriteLock mountLock = new ReentrantReadWriteLock();

    /**
     * Volumes in {@code store}, Skiff's own under {@code root} (given to {@code owner}), users' kept to
     * {@code rules} and checked for {@code owner}; logs a warning for each stored one the rules refuse.
     */
    public VolumeService(Store store, Path root, VolumeDirectoryRules rules, VolumeOwner owner) {
        this.store = store;
        this.root = root.toAbsolutePath().normalize();
        this.rules = rules;
        this.owner = owner;
        for (Volume volume : store.volumes()) {
            if (!volume.isExternal() && Files.isDirectory(Path.of(volume.path()), LinkOption.NOFOLLOW_LINKS)) {
                owner.own(Path.of(volume.path()));
            }
            Optional<String> why = refusal(volume);
            if (why.isPresent()) {
                List<String> users = mountedBy(volume.name());
                LOG.warn("{}: it is kept, but no function may mount it and its files cannot be read or written; delete it "
                        + "with 'skiff volume rm {}' (its directory stays as it is) and create it on another directory{}",
                        why.get(), volume.name(), users.isEmpty() ? "" : "; mounted by " + String.join(", ", users));
            }
        }
    }

    /**
     * Creates a volume in {@code namespace}, keyed as {@link Namespaces#key}; 409 when one of that name
     * exists there, 400 for a bad name or a path the rules refuse.
     */
    public synchronized Volume create(String namespace, Volume request) {
        if (request == null) {
            throw ValidationException.of("name", "is required");
        }
        List<FieldError> errors = new ArrayList<>();
        FunctionValidation.validateName(request.name(), "name", errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        String key = Namespaces.key(namespace, request.name());
        if (store.volume(key).isPresent()) {
            throw new SkiffException(ErrorCode.ALREADY_EXISTS, "volume '" + request.name() + "' already exists");
        }
        boolean external = request.path() != null && !request.path().isBlank();
        Path dir = external ? rules.check(request.path()) : root.resolve(key);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new SkiffException(ErrorCode.INTERNAL, "cannot create " + dir + ": " + e.getMessage());
        }
        if (external) {
            owner.cannotUse(dir, false).ifPresent(why -> {
                throw ValidationException.of("path", why);
            });
        } else {
            owner.own(dir);
        }
        Volume volume = new Volume(key, dir.toString(), external, Instant.now().toString());
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

    /**
     * The file or directory {@code path} names inside the volume, no link followed: a directory's
     * listing or the file, open. 404 when there is none, 400 for a path that escapes or a link on the
     * way, 409 when the volume's directory is one the rules now refuse.
     */
    public VolumeFiles.Read read(String name, String path) {
        Volume volume = usable(name);
        List<String> names = VolumePaths.names(path);
        return VolumeFiles.read(open(volume), names);
    }

    /**
     * Makes ready to write the file {@code path} names inside the volume, no link followed (see
     * {@link VolumeFiles#upload}); 409 when the volume's directory is one the rules now refuse.
     */
    public VolumeFiles.Upload upload(String name, String path) {
        Volume volume = usable(name);
        List<String> names = VolumePaths.names(path);
        if (names.isEmpty()) {
            throw new SkiffException(ErrorCode.VALIDATION_FAILED, "name the file to write: /api/v1/volumes/{name}/files/{path}");
        }
        return VolumeFiles.upload(open(volume), names);
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
                throw new SkiffException(ErrorCode.IN_USE, "volume '" + Namespaces.nameOf(name) + "' is mounted by "
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
     * Runs a deploy of a function of {@code namespace} mounting {@code mounts} (volumes of that
     * namespace): checks again that each exists (400 naming any that does not), and keeps them from
     * being deleted until the deploy is recorded.
     */
    public <T> T mounting(String namespace, List<VolumeMount> mounts, Supplier<T> deploy) {
        mountLock.readLock().lock();
        try {
            List<FieldError> errors = mountErrors(namespace, mounts);
            if (!errors.isEmpty()) {
                throw new ValidationException(errors);
            }
            return deploy.get();
        } finally {
            mountLock.readLock().unlock();
        }
    }

    /** The names of the functions whose spec mounts the volume keyed {@code key} (they are in its namespace). */
    public List<String> mountedBy(String key) {
        return store.functions().stream()
                .filter(function -> mounts(function, key))
                .map(Function::name)
                .toList();
    }

    /**
     * A validation error for each mount of a function of {@code namespace} naming a volume that does
     * not exist there, or one on a directory the rules now refuse.
     */
    public List<FieldError> mountErrors(String namespace, List<VolumeMount> mounts) {
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < mounts.size(); i++) {
            VolumeMount mount = mounts.get(i);
            Optional<Volume> volume = mount == null || mount.name() == null ? Optional.empty()
                    : store.volume(Namespaces.key(namespace, mount.name()));
            String field = "spec.volumes[" + i + "].name";
            if (mount != null && mount.name() != null && volume.isEmpty()) {
                errors.add(new FieldError(field, "volume '" + mount.name()
                        + "' does not exist; create it with 'skiff volume create " + mount.name() + "'"));
            }
            volume.flatMap(this::refusal).ifPresent(why -> errors.add(new FieldError(field, why + NOT_MOUNTED)));
            volume.filter(Volume::isExternal).flatMap(v -> owner.cannotUse(Path.of(v.path()), !mount.isReadOnly()))
                    .ifPresent(why -> errors.add(new FieldError(field, "volume '" + mount.name() + "': " + why)));
        }
        return errors;
    }

    /** Where each mount's volume (of {@code namespace}) lives, for an instance to bind. */
    public List<VolumeBinding> bindings(String namespace, List<VolumeMount> mounts) {
        List<VolumeBinding> bindings = new ArrayList<>();
        for (VolumeMount mount : mounts == null ? List.<VolumeMount>of() : mounts) {
            Optional<Volume> volume = store.volume(Namespaces.key(namespace, mount.name()));
            Volume found = volume.orElseThrow(() -> noVolume(mount.name()));
            refusal(found).ifPresent(why -> {
                throw new SkiffException(ErrorCode.VALIDATION_FAILED, why + NOT_MOUNTED);
            });
            bindings.add(new VolumeBinding(found.name(), Path.of(found.path()), mount.mountPath(), mount.isReadOnly()));
        }
        return bindings;
    }

    private static boolean mounts(Function function, String key) {
        return function.spec() != null && function.spec().volumes() != null
                && function.spec().volumes().stream()
                        .anyMatch(m -> m != null && m.name() != null && key.equals(Namespaces.key(function.namespace(), m.name())));
    }

    /** The volume, when the rules let its files be read and written; 404 when there is none, 409 when they do not. */
    private Volume usable(String name) {
        Volume volume = get(name);
        refusal(volume).ifPresent(why -> {
            throw new SkiffException(ErrorCode.CONFLICT, why + "; its files cannot be read or written through Skiff: "
                    + "delete the volume (its directory stays as it is) and create one on another directory");
        });
        return volume;
    }

    /** Why the rules refuse the volume's directory, as a sentence naming both; empty for Skiff's own and for allowed ones. */
    private Optional<String> refusal(Volume volume) {
        return volume.isExternal() ? rules.refusal(Path.of(volume.path()))
                .map(why -> "volume " + Quote.value(volume.name()) + " is on " + Quote.value(volume.path()) + ", which " + why)
                : Optional.empty();
    }

    /** The volume's root directory, open; 409 when a link or nothing stands on its path. */
    private static VolumeDirectory open(Volume volume) {
        try {
            return VolumeDirectory.root(Path.of(volume.path()), !volume.isExternal());
        } catch (IOException e) {
            throw new SkiffException(ErrorCode.CONFLICT, "the directory of volume " + Quote.value(volume.name())
                    + " is gone, or a symbolic link now stands on its path, so its files cannot be read or written");
        }
    }

    private static SkiffException noVolume(String name) {
        return new SkiffException(ErrorCode.NOT_FOUND, "volume " + Quote.value(Namespaces.nameOf(name)) + " not found");
    }
}
