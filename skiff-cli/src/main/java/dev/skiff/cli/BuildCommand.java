package dev.skiff.cli;

import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.kubernetes.build.FunctionImage;
import dev.skiff.kubernetes.translate.SpecHash;
import dev.skiff.kubernetes.translate.TranslationConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code skiff build}: an OCI image of a function, pushed to a registry or written as a tarball, with no Docker daemon. */
@Command(name = "build", usageHelpAutoWidth = true,
        description = {"Build an OCI image of a function (Jib, no Docker daemon): the runtime's image plus the",
            "function's code. Push it with --registry, or write it with --tarball; then set spec.image to it."})
public final class BuildCommand implements Callable<Integer> {
    @ParentCommand
    private SkiffCommand skiff;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "The function.")
    String name;

    @Option(names = {"-f", "--filename"}, paramLabel = "FILE", description = "A Function document instead of a stored function.")
    Path document;

    @ArgGroup(multiplicity = "1")
    Destination destination;

    /** Exactly one of the two. */
    static final class Destination {
        @Option(names = "--registry", paramLabel = "REGISTRY", required = true,
                description = "Push to this registry, e.g. localhost:5000 (credentials from ~/.docker/config.json).")
        String registry;

        @Option(names = "--tarball", paramLabel = "FILE", required = true,
                description = "Write the image to this file ('docker load' or 'kind load image-archive' reads it).")
        Path tarball;
    }

    @Option(names = "--tag", paramLabel = "TAG", description = "The image's tag (default: the spec's fingerprint).")
    String tag;

    @Option(names = "--base", paramLabel = "IMAGE",
            description = "The base image (default: the runtime's, e.g. skiff/runtime-python3:0.1.0).")
    String base;

    @Option(names = "--insecure", description = "Push over plain HTTP (a registry on localhost).")
    boolean insecure;

    /** Builds the image and prints its reference and digest. */
    @Override
    public Integer call() throws IOException, InterruptedException {
        Function function = StoredFunction.load(skiff, name, document);
        FunctionSpec spec = StoredFunction.admit(function);
        String image = function.name() + ":" + (tag == null ? SpecHash.of(spec) : tag);
        String reference = destination.registry == null ? image : destination.registry + "/" + image;
        String from = base == null ? TranslationConfig.DEFAULT.runtimeImage(spec.runtime()) : base;
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "skiff", "jib");
        try {
            String digest = FunctionImage.build(spec, from,
                    new FunctionImage.Target(reference, destination.tarball, insecure, cache));
            skiff.context().out().println(reference + " " + digest);
            skiff.context().err().println(destination.tarball == null
                    ? "pushed; run it with spec.image: " + reference
                    : "written to " + destination.tarball + "; load it into the cluster, then set spec.image: " + reference);
        } catch (FunctionImage.BuildException e) {
            throw new CliException(e.getMessage(), e);
        }
        return 0;
    }
}
