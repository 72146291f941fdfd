package dev.skiff.cli;

import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Revision;
import dev.skiff.kubernetes.translate.Exports;
import dev.skiff.kubernetes.translate.FunctionExport;
import dev.skiff.kubernetes.translate.FunctionRevision;
import dev.skiff.kubernetes.translate.TranslationConfig;
import dev.skiff.kubernetes.translate.TranslationException;
import dev.skiff.runtimes.admission.FunctionAdmission;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code skiff export}: the YAML that runs a function on Kubernetes without Skiff's operator. */
@Command(name = "export", usageHelpAutoWidth = true,
        description = {"Print the Kubernetes objects that run a function, for 'kubectl apply -f -'.",
            "knative: the newest revision's source ConfigMap and a Knative Service (refused when the traffic routes to an",
            "older revision, which Knative cannot make from it, unless --latest-only); kubernetes: a ConfigMap, Deployment",
            "and Service per revision the traffic serves, the split kept as a ratio of pods, and the function's Service.",
            "Each volume becomes a PersistentVolumeClaim. What the objects cannot carry is said on standard error.",
            "The function comes from -f FILE, else from the server (or cluster) by NAME."})
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

    @Option(names = "--latest-only", description = "knative: route all traffic to the newest revision when the "
            + "traffic table names older ones, instead of refusing.")
    boolean latestOnly;

    @Option(names = "--secret-skeletons", description = "Also print an empty Secret for each secret the function reads, "
            + "to fill with its values before applying (Skiff never prints a value).")
    boolean secretSkeletons;

    /** The two forms. */
    enum Format { KNATIVE, KUBERNETES }

    /** Prints the objects as one YAML stream, and the notes on what they leave out on standard error. */
    @Override
    public Integer call() throws IOException, InterruptedException {
        Function function = StoredFunction.load(skiff, name, document);
        FunctionSpec spec = StoredFunction.admit(function);
        String namespace = function.metadata() == null ? null : function.metadata().namespace();
        String revision = function.status() != null && function.status().latestCreatedRevision() != null
                ? function.status().latestCreatedRevision() : Revision.nameFor(function.name(), 1);
        try {
            FunctionRevision newest = FunctionRevision.of(namespace, function.name(), revision, spec);
            FunctionExport.Result export = format == Format.KNATIVE
                    ? FunctionExport.knative(newest, latestOnly, TranslationConfig.DEFAULT)
                    : FunctionExport.kubernetes(newest, older(namespace, function.name(), revision), TranslationConfig.DEFAULT);
            List<HasMetadata> objects = new ArrayList<>(secretSkeletons ? Exports.secretSkeletons(newest) : List.of());
            objects.addAll(export.objects());
            skiff.context().out().print(Exports.yaml(objects));
            export.notes().forEach(note -> skiff.context().err().println("note: " + note));
        } catch (TranslationException e) {
            throw new CliException(e.getMessage(), e);
        }
        return 0;
    }

    /** The function's other revisions as the server keeps them, by name; none for a document or a cluster. */
    private Map<String, FunctionRevision> older(String namespace, String function, String newest)
            throws IOException, InterruptedException {
        Map<String, FunctionRevision> older = new LinkedHashMap<>();
        if (document != null) {
            return older;
        }
        try (FunctionStore store = skiff.functions()) {
            for (Revision kept : store.revisionSpecs(function)) {
                if (!kept.name().equals(newest)) {
                    FunctionSpec admitted = FunctionAdmission.builtIn().admit(function, kept.spec());
                    older.put(kept.name(), FunctionRevision.of(namespace, function, kept.name(), admitted));
                }
            }
        }
        return older;
    }
}
