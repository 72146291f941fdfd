package dev.skiff.cli;

import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.kubernetes.translate.Exports;
import dev.skiff.kubernetes.translate.FunctionRevision;
import dev.skiff.kubernetes.translate.TranslationConfig;
import dev.skiff.kubernetes.translate.TranslationException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code skiff export}: the YAML that runs a function on Kubernetes without Skiff's operator. */
@Command(name = "export", usageHelpAutoWidth = true,
        description = {"Print the Kubernetes objects that run a function, for 'kubectl apply -f -'.",
            "knative: a ConfigMap with the source and a Knative Service; kubernetes: a ConfigMap, a Deployment",
            "and Services. The function comes from -f FILE, else from the server (or cluster) by NAME."})
public final class ExportCommand implements Callable<Integer> {
    @ParentCommand
    private SkiffCommand skiff;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "The function.")
    String name;

    @Option(names = {"-f", "--filename"}, paramLabel = "FILE", description = "A Function document instead of a stored function.")
    Path document;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "knative",
            description = "knative (default) or kubernetes.")
    Format format;

    @Option(names = "--secret-skeletons", description = "Also print an empty Secret for each secret the function reads, "
            + "to fill with its values before applying (Skiff never prints a value).")
    boolean secretSkeletons;

    /** The two forms. */
    enum Format { KNATIVE, KUBERNETES }

    /** Prints the objects as one YAML stream. */
    @Override
    public Integer call() throws IOException, InterruptedException {
        Function function = StoredFunction.load(skiff, name, document);
        FunctionSpec spec = StoredFunction.admit(function);
        String namespace = function.metadata() == null ? null : function.metadata().namespace();
        String revision = function.status() != null && function.status().latestCreatedRevision() != null
                ? function.status().latestCreatedRevision() : dev.skiff.api.Revision.nameFor(function.name(), 1);
        try {
            FunctionRevision made = FunctionRevision.of(namespace, function.name(), revision, spec);
            java.util.List<io.fabric8.kubernetes.api.model.HasMetadata> objects = new java.util.ArrayList<>(
                    secretSkeletons ? Exports.secretSkeletons(made) : java.util.List.of());
            objects.addAll(format == Format.KNATIVE
                    ? Exports.knative(made, TranslationConfig.DEFAULT) : Exports.kubernetes(made, TranslationConfig.DEFAULT));
            skiff.context().out().print(Exports.yaml(objects));
        } catch (TranslationException e) {
            throw new CliException(e.getMessage(), e);
        }
        return 0;
    }
}
