package dev.skiff.kubernetes.translate;

import dev.skiff.api.FunctionSpec;
import dev.skiff.api.ScaleSpec;
import dev.skiff.api.TrafficTarget;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.serving.v1.ServiceBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Function as a Knative Service: the template named after the revision (so Knative's revision is
 * Skiff's, {@code hello-00002}), the scale settings as {@code autoscaling.knative.dev/*} annotations,
 * {@code spec.concurrency} as containerConcurrency, the timeout, and the traffic table.
 */
public final class KnativeServices {
    /** Knative's label that keeps a Service inside the cluster. */
    public static final String VISIBILITY_LABEL = "networking.knative.dev/visibility";
    private static final String AUTOSCALING = "autoscaling.knative.dev/";

    private KnativeServices() {}

    /** The Knative Service serving {@code revision} and routing as the function's traffic table says. */
    public static Service desired(FunctionRevision revision, TranslationConfig config) {
        FunctionSpec spec = revision.spec();
        Map<String, String> labels = new TreeMap<>(PodTemplates.functionLabels(revision.function()));
        if ("ClusterIP".equals(spec.serviceType())) {
            labels.put(VISIBILITY_LABEL, "cluster-local");
        }
        Map<String, String> annotations = autoscaling(spec.scale());
        annotations.put(SpecHash.ANNOTATION, revision.specHash());
        PodSpec pod = PodTemplates.podSpec(revision, config, false);
        return new ServiceBuilder()
                .withNewMetadata()
                .withName(revision.function())
                .withNamespace(revision.namespace())
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .withNewTemplate()
                .withNewMetadata()
                .withName(revision.revision())
                .withLabels(PodTemplates.labels(revision))
                .withAnnotations(annotations)
                .endMetadata()
                .withNewSpec()
                .withContainerConcurrency((long) spec.concurrency())
                .withTimeoutSeconds((long) spec.timeoutSeconds())
                .withContainers(pod.getContainers())
                .withInitContainers(pod.getInitContainers())
                .withVolumes(pod.getVolumes())
                .withImagePullSecrets(pod.getImagePullSecrets())
                .endSpec()
                .endTemplate()
                .withTraffic(traffic(spec.traffic()))
                .endSpec()
                .build();
    }

    /** The KPA settings, under Knative's annotation names. */
    static Map<String, String> autoscaling(ScaleSpec scale) {
        Map<String, String> annotations = new TreeMap<>();
        annotations.put(AUTOSCALING + "class", "kpa.autoscaling.knative.dev");
        annotations.put(AUTOSCALING + "metric", "concurrency");
        annotations.put(AUTOSCALING + "min-scale", scale.minScale().toString());
        annotations.put(AUTOSCALING + "max-scale", scale.maxScale().toString());
        annotations.put(AUTOSCALING + "target", scale.target().toString());
        annotations.put(AUTOSCALING + "target-utilization-percentage", scale.targetUtilizationPercentage().toString());
        annotations.put(AUTOSCALING + "window", scale.stableWindowSeconds() + "s");
        annotations.put(AUTOSCALING + "panic-window-percentage", scale.panicWindowPercentage() + ".0");
        annotations.put(AUTOSCALING + "panic-threshold-percentage", scale.panicThresholdPercentage() + ".0");
        annotations.put(AUTOSCALING + "scale-to-zero-pod-retention-period", scale.scaleToZeroGraceSeconds() + "s");
        return annotations;
    }

    /** Skiff's traffic table as Knative's; none: all traffic to the latest revision. */
    static List<io.fabric8.knative.serving.v1.TrafficTarget> traffic(List<TrafficTarget> traffic) {
        if (traffic == null) {
            return List.of(new io.fabric8.knative.serving.v1.TrafficTargetBuilder()
                    .withLatestRevision(true).withPercent(100L).build());
        }
        return traffic.stream().map(t -> new io.fabric8.knative.serving.v1.TrafficTargetBuilder()
                .withRevisionName(t.revisionName())
                .withLatestRevision(t.followsLatest() ? true : t.revisionName() != null ? false : null)
                .withPercent(t.percent() == null ? null : t.percent().longValue())
                .withTag(t.tag())
                .build()).toList();
    }
}
