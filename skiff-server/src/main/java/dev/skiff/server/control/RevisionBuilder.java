package dev.skiff.server.control;

import dev.skiff.api.Namespaces;
import dev.skiff.api.Quantity;
import dev.skiff.api.ResourceRequirements;
import dev.skiff.api.Revision;
import dev.skiff.api.ScaleSpec;
import dev.skiff.runtimes.FileTrees;
import dev.skiff.runtimes.InvalidSourceException;
import dev.skiff.runtimes.LanguageRuntime;
import dev.skiff.runtimes.PrepareException;
import dev.skiff.runtimes.RevisionFiles;
import dev.skiff.runtimes.Runtimes;
import dev.skiff.runtimes.SourceFiles;
import dev.skiff.server.errors.ErrorCode;
import dev.skiff.server.errors.SkiffException;
import dev.skiff.server.serving.InstanceBackend;
import dev.skiff.server.serving.InstanceQuota;
import dev.skiff.server.serving.InstanceSpec;
import dev.skiff.server.serving.QuotaExceededException;
import dev.skiff.server.serving.ServedRevision;
import dev.skiff.server.serving.ServingOptions;
import dev.skiff.server.serving.StartException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Makes revisions servable: a new one's directory, its code unpacked and its requirements
 * installed, then its first instance started ({@link #build}); a stored one's {@link ServedRevision}
 * over the code already on disk ({@link #serve}), its instances under the namespaces' {@link InstanceQuota}. Blocking.
 */
final class RevisionBuilder {
    private final RevisionPaths paths;
    private final Runtimes runtimes;
    private final InstanceBackend backend;
    private final VolumeService volumes;
    private final ControlConfig config;
    private final ServingOptions serving;

    RevisionBuilder(RevisionPaths paths, Runtimes runtimes, InstanceBackend backend, VolumeService volumes,
                    ControlConfig config, InstanceQuota instances) {
        this.paths = paths;
        this.runtimes = runtimes;
        this.backend = backend;
        this.volumes = volumes;
        this.config = config;
        this.serving = ServingOptions.of(config.maxQueue(), config.maxInstancesPerRevision(), instances);
    }

    /**
     * Unpacks and prepares a new revision's code, then starts its first instance and waits until it
     * serves; on any failure the revision's directory is deleted and a {@link SkiffException} says why
     * (429 when the namespace's quotas leave no room for the instance).
     */
    ServedRevision build(Revision revision, ScaleSpec scale) {
        String name = revision.function();
        try {
            RevisionFiles files = paths.create(name, revision.name());
            SourceFiles.unpack(revision.spec().source(), files.codeDir());
            // Sandboxed builds and workers run as another, unprivileged user: they must read every file of their revision.
            FileTrees.makeReadable(files.codeDir());
            runtime(revision.spec().runtime()).prepare(files, revision.spec(),
                    backend.builds(revision.name(), resources(revision.spec().resources())));
            // The build wrote the dependencies as the sandbox's user: they are the server's again, read-only to
            // all (a failed build's are deleted with its revision, below).
            reclaim(files);
            ServedRevision served = serve(revision, scale);
            served.startFirst();
            return served;
        } catch (InvalidSourceException | PrepareException | StartException e) {
            discard(revision);
            throw new SkiffException(ErrorCode.DEPLOY_FAILED, "deploy of " + name + " failed: " + e.getMessage());
        } catch (QuotaExceededException e) {
            discard(revision);
            throw new SkiffException(ErrorCode.QUOTA_EXCEEDED, "deploy of " + name + " refused: " + e.getMessage()
                    + "; scale its functions down or raise the quota");
        } catch (IOException e) {
            discard(revision);
            throw new SkiffException(ErrorCode.INTERNAL, "cannot write " + name + "'s code: " + e.getMessage());
        } catch (RuntimeException e) {
            discard(revision);
            throw e;
        }
    }

    /** Takes the dependencies back from the build; a failure stops the deploy (422), as no worker may run them. */
    private static void reclaim(RevisionFiles files) throws PrepareException {
        try {
            FileTrees.reclaim(files.depsDir());
        } catch (java.io.UncheckedIOException e) {
            throw new PrepareException("cannot take the installed dependencies back from the build: " + e.getMessage());
        }
    }

    /** A served revision over the revision's code on disk, with no instance yet. */
    ServedRevision serve(Revision revision, ScaleSpec scale) {
        LanguageRuntime runtime = runtime(revision.spec().runtime());
        RevisionFiles files = paths.files(revision.function(), revision.name());
        InstanceSpec spec = new InstanceSpec(revision.function(), revision.name(), revision.spec().handler(), files,
                runtime.command(files, revision.spec()), environment(Namespaces.namespaceOf(revision.function()), revision.spec().env()), revision.spec().timeoutSeconds(),
                volumes.bindings(Namespaces.namespaceOf(revision.function()), revision.spec().volumes()), resources(revision.spec().resources()), revision.spec().offline(),
                revision.spec().secrets());
        return new ServedRevision(revision, spec, backend, scale, serving);
    }

    /** Deletes the revision's code and dependencies, and the function's directory when no other revision is left in it. */
    void discard(Revision revision) {
        FileTrees.delete(paths.revisionDir(revision.function(), revision.name()));
        try {
            Files.deleteIfExists(paths.functionDir(revision.function()));
        } catch (IOException e) {
            // another revision's directory is there (DirectoryNotEmptyException): the directory stays
        }
    }

    private LanguageRuntime runtime(String name) {
        return runtimes.get(name).orElseThrow(() -> new IllegalStateException("no runtime " + name));
    }

    /**
     * The limits {@code spec.resources.limits} asks for; none asked is 0, and so is a value a revision
     * stored before limits were checked cannot give (the server's default then applies).
     */
    private static InstanceSpec.Resources resources(ResourceRequirements resources) {
        Map<String, String> limits = resources == null || resources.limits() == null ? Map.of() : resources.limits();
        return new InstanceSpec.Resources(amount(limits.get("memory"), Quantity::resourceBytes),
                amount(limits.get("cpu"), Quantity::millicores));
    }

    private static long amount(String quantity, ToLongFunction<String> parse) {
        try {
            return quantity == null ? 0 : Math.max(0, parse.applyAsLong(quantity));
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }

    /** The platform's variables for a function in {@code namespace}, with the function's own over them. */
    private Map<String, String> environment(String namespace, Map<String, String> own) {
        Map<String, String> env = new HashMap<>(config.platformEnv().apply(namespace));
        env.putAll(own);
        return env;
    }
}
