package dev.skiff.kubernetes.translate;

import dev.skiff.api.TrafficTarget;
import dev.skiff.api.VolumeMount;
import dev.skiff.kubernetes.model.VolumeSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code skiff export} prints for a function and every revision its traffic table serves, and
 * what the output cannot carry, said rather than dropped. Knative makes a revision only from a
 * Service's template, so a Knative export holds the newest revision alone and is refused when the
 * traffic routes to an older one, unless told to route everything to the newest. The plain form has a
 * Deployment per serving revision, its replicas in the ratio of the split (the function's Service
 * spreads connections over the pods of every revision), and no tags, which only Skiff's gateway
 * routes. Each volume becomes a claim.
 */
public final class FunctionExport {
    /** The most pods a plain export gives a split function in all. */
    static final int MOST_SPLIT_REPLICAS = 10;
    /** A volume's claim as an export makes it: the default size, shared by every pod of every function. */
    static final VolumeSpec EXPORTED_VOLUME = new VolumeSpec(VolumeSpec.SIZE, "ReadWriteMany", null);

    private FunctionExport() {}

    /**
     * The objects, and notes for the person exporting on what they do not carry.
     *
     * @param objects what to apply
     * @param notes what the objects change or leave out, one sentence each
     */
    public record Result(List<HasMetadata> objects, List<String> notes) {}

    /**
     * The Knative form of the function whose newest revision is {@code newest} (its spec holding the
     * function's traffic table).
     *
     * @param latestOnly route all traffic to the newest revision when the table names older ones
     * @throws TranslationException {@code RevisionNotExportable} when the table routes to an older
     *     revision and {@code latestOnly} is false
     */
    public static Result knative(FunctionRevision newest, boolean latestOnly, TranslationConfig config) {
        ServingRevisions serving = ServingRevisions.of(newest.spec().traffic(), newest.revision());
        List<String> older = serving.all().stream().filter(r -> !r.equals(newest.revision())).toList();
        List<String> notes = new ArrayList<>();
        FunctionRevision exported = newest;
        if (!older.isEmpty()) {
            String routed = String.join(", ", older.stream().map(r -> r + " " + serving.describe(r)).toList());
            if (!latestOnly) {
                throw new TranslationException("RevisionNotExportable", "the traffic routes to " + routed
                        + ", but Knative makes a revision only from a Service's template and this export can hold only "
                        + newest.revision() + "'s: applied, the Route would name a revision the cluster does not have. "
                        + "Deploy with Skiff's operator ('skiff --context CONTEXT deploy'), or export with --latest-only "
                        + "to route all traffic to " + newest.revision());
            }
            exported = new FunctionRevision(newest.namespace(), newest.function(), newest.revision(),
                    newest.spec().withTraffic(latestOnly(serving.tags().getOrDefault(newest.revision(), Set.of()))),
                    newest.specHash());
            notes.add("--latest-only: all traffic goes to " + newest.revision() + "; not exported: " + routed);
        }
        List<HasMetadata> objects = new ArrayList<>(claims(List.of(exported), notes));
        if (!exported.spec().volumes().isEmpty()) {
            notes.add("Knative refuses PersistentVolumeClaim volumes unless its config-features allows them: "
                    + "kubectl apply -f deploy/kubernetes/knative-features.yaml");
        }
        objects.addAll(Exports.knative(exported, config));
        return new Result(objects, notes);
    }

    /**
     * The plain Kubernetes form of the function whose newest revision is {@code newest}, with
     * {@code older} holding every other revision the export may need (by name).
     *
     * @throws TranslationException {@code RevisionNotExportable} when the table routes to a revision
     *     that is not in {@code older}
     */
    public static Result kubernetes(FunctionRevision newest, Map<String, FunctionRevision> older, TranslationConfig config) {
        ServingRevisions serving = ServingRevisions.of(newest.spec().traffic(), newest.revision());
        List<String> notes = new ArrayList<>();
        List<FunctionRevision> revisions = new ArrayList<>();
        for (String name : serving.shares().keySet()) {
            FunctionRevision revision = name.equals(newest.revision()) ? newest : older.get(name);
            if (revision == null) {
                throw new TranslationException("RevisionNotExportable", "the traffic routes " + serving.describe(name)
                        + " to " + name + ", whose spec this export does not have; export the function by name from the "
                        + "Skiff server that keeps its revisions");
            }
            revisions.add(revision);
        }
        serving.tags().forEach((revision, tags) -> notes.add("tag " + String.join(", ", tags) + " of " + revision
                + " is not exported: only Skiff's gateway routes tags"));
        List<HasMetadata> objects = new ArrayList<>(claims(revisions, notes));
        Map<String, Integer> replicas = revisions.size() > 1 ? serving.replicaRatio(MOST_SPLIT_REPLICAS) : Map.of();
        for (FunctionRevision revision : revisions) {
            for (HasMetadata object : Exports.kubernetes(revision, config)) {
                if (object instanceof Deployment deployment && replicas.containsKey(revision.revision())) {
                    deployment.getSpec().setReplicas(replicas.get(revision.revision()));
                }
                boolean functionService = object.getMetadata().getName().equals(revision.function())
                        && object instanceof io.fabric8.kubernetes.api.model.Service;
                if (!functionService || revision == revisions.getLast()) {
                    objects.add(object);
                }
            }
        }
        if (revisions.size() > 1) {
            List<String> split = new ArrayList<>();
            replicas.forEach((revision, pods) -> split.add(revision + " " + serving.describe(revision) + ": " + pods
                    + (pods == 1 ? " pod" : " pods")));
            notes.add("the split is kept as a ratio of pods behind the function's Service (" + String.join(", ", split)
                    + "), which spreads connections, not requests; scale the Deployments in that ratio, or run Skiff's "
                    + "gateway for an exact split per request");
        }
        return new Result(objects, notes);
    }

    /** A claim for each volume the revisions mount, once each. */
    private static List<HasMetadata> claims(List<FunctionRevision> revisions, List<String> notes) {
        Map<String, String> namespaces = new LinkedHashMap<>();
        for (FunctionRevision revision : revisions) {
            for (VolumeMount volume : revision.spec().volumes()) {
                namespaces.putIfAbsent(volume.name(), revision.namespace());
            }
        }
        List<HasMetadata> claims = new ArrayList<>();
        namespaces.forEach((name, namespace) -> claims.add(PersistentVolumeClaims.desired(name, namespace, EXPORTED_VOLUME)));
        if (!claims.isEmpty()) {
            notes.add("each volume is a PersistentVolumeClaim of " + EXPORTED_VOLUME.size() + ", "
                    + EXPORTED_VOLUME.accessMode() + " (its pods may run on several nodes); edit its size, or delete it "
                    + "to keep a claim of that name you already have");
        }
        return claims;
    }

    /** All traffic to the newest revision, keeping its own tags. */
    private static List<TrafficTarget> latestOnly(Set<String> tags) {
        List<TrafficTarget> traffic = new ArrayList<>();
        traffic.add(TrafficTarget.latest(100));
        for (String tag : new LinkedHashSet<>(tags)) {
            traffic.add(new TrafficTarget(null, true, 0, tag, null));
        }
        return traffic;
    }
}
