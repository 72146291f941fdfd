package dev.skiff.kubernetes.build;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
import dev.skiff.kubernetes.translate.PodTemplates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * {@code skiff build}: an OCI image of a function made with Jib, no Docker daemon. It is the
 * runtime's image plus one layer holding what the source ConfigMap would hold
 * ({@code /var/skiff/source/source} and {@code requirements}), which the runtime image's entry point
 * unpacks and installs at start as its init container does; set {@code spec.image} to run it.
 */
public final class FunctionImage {
    /** The base image that means none: the layer alone (for inspection and tests, not to run). */
    public static final String SCRATCH = "scratch";

    private FunctionImage() {}

    /**
     * Where the image goes: a registry reference ({@code registry:5000/hello:1}) or a tarball.
     *
     * @param reference the image's name
     * @param tarball the file to write, or null to push to the registry in {@code reference}
     * @param allowInsecure true to push over plain HTTP (a registry on localhost)
     * @param cacheDirectory Jib's layer cache
     */
    public record Target(String reference, Path tarball, boolean allowInsecure, Path cacheDirectory) {}

    /**
     * Builds the image of a defaulted {@code spec} on {@code baseImage} ({@link #SCRATCH} for none).
     *
     * @return the image's digest
     * @throws BuildException with a message for a person when the reference is bad, the registry
     *     refuses, or the files cannot be written
     */
    public static String build(FunctionSpec spec, String baseImage, Target target) {
        try {
            Path staging = Files.createTempDirectory("skiff-build");
            try {
                JibContainerBuilder builder = SCRATCH.equals(baseImage) ? Jib.fromScratch() : Jib.from(baseImage);
                builder.addFileEntriesLayer(sourceLayer(spec, staging)).setEnvironment(environment(spec));
                JibContainer container = builder.containerize(containerizer(target));
                return container.getDigest().toString();
            } finally {
                deleteTree(staging);
            }
        } catch (InvalidImageReferenceException e) {
            throw new BuildException("'" + e.getInvalidReference() + "' is not an image reference (e.g. registry:5000/hello:1)", e);
        } catch (RegistryException e) {
            throw new BuildException("the registry refused: " + e.getMessage(), e);
        } catch (ExecutionException e) {
            throw new BuildException("the build failed: " + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()), e);
        } catch (IOException | com.google.cloud.tools.jib.api.CacheDirectoryCreationException e) {
            throw new BuildException("cannot write the image: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildException("interrupted", e);
        }
    }

    private static Containerizer containerizer(Target target) throws InvalidImageReferenceException {
        Containerizer containerizer;
        if (target.tarball() != null) {
            containerizer = Containerizer.to(TarImage.at(target.tarball()).named(target.reference()));
        } else {
            RegistryImage image = RegistryImage.named(target.reference());
            image.addCredentialRetriever(CredentialRetrieverFactory.forImage(
                    com.google.cloud.tools.jib.api.ImageReference.parse(target.reference()), event -> { }).dockerConfig());
            containerizer = Containerizer.to(image).setAllowInsecureRegistries(target.allowInsecure());
        }
        return containerizer.setBaseImageLayersCache(target.cacheDirectory())
                .setApplicationLayersCache(target.cacheDirectory()).setToolName("skiff");
    }

    private static FileEntriesLayer sourceLayer(FunctionSpec spec, Path staging) throws IOException {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("function");
        AbsoluteUnixPath dir = AbsoluteUnixPath.get(PodTemplates.SOURCE_DIR);
        Source source = spec.source();
        if (source != null) {
            // The source's bytes, as the kubelet mounts a ConfigMap's binaryData: one delivery for skiff-prepare.
            Path file = Files.write(staging.resolve("source"), source.bytes());
            layer.addEntry(file, dir.resolve("source"));
        }
        if (spec.requirements() != null) {
            Path file = Files.writeString(staging.resolve("requirements"), spec.requirements());
            layer.addEntry(file, dir.resolve("requirements"));
        }
        return layer.build();
    }

    /** What the init container would be told, so the entry point prepares the same code. */
    private static Map<String, String> environment(FunctionSpec spec) {
        Map<String, String> env = new java.util.TreeMap<>();
        env.put("SKIFF_SOURCE_DIR", PodTemplates.SOURCE_DIR);
        if (spec.source() != null) {
            env.put("SKIFF_SOURCE_TYPE", spec.source().contentType());
            if (spec.source().filename() != null) {
                env.put("SKIFF_SOURCE_FILENAME", spec.source().filename());
            }
        }
        return env;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** A build that failed, with a message for a person. */
    public static final class BuildException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BuildException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
