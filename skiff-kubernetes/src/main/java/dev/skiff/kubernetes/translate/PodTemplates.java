package dev.skiff.kubernetes.translate;

import dev.skiff.api.FunctionSpec;
import dev.skiff.api.ResourceRequirements;
import dev.skiff.api.SecretRef;
import dev.skiff.api.VolumeMount;
import dev.skiff.kubernetes.model.SkiffResources;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pod of a function's revision, the same under Knative and plain Kubernetes: the runtime's
 * image running Skiff's bootstrap as in the embedded mode (docs/worker-contract.md), its code
 * unpacked from the source ConfigMap by an init container, its volumes' claims at their mount paths.
 */
public final class PodTemplates {
    /** The port every function container serves on. */
    public static final int PORT = 8080;
    /** Where the code is unpacked (or, in an image from {@code skiff build}, already is). */
    public static final String CODE_DIR = "/var/skiff/code";
    /** Where the requirements are installed. */
    public static final String DEPS_DIR = "/var/skiff/deps";
    /** Where the source ConfigMap is mounted. */
    public static final String SOURCE_DIR = "/var/skiff/source";
    /** The function container's name. */
    public static final String CONTAINER = "function";

    private PodTemplates() {}

    /**
     * The pod spec of {@code revision}.
     *
     * @param setPort true to set {@code PORT} (plain Kubernetes); Knative sets it itself and refuses it
     */
    public static PodSpec podSpec(FunctionRevision revision, TranslationConfig config, boolean setPort) {
        FunctionSpec spec = revision.spec();
        boolean fromSource = spec.image() == null;
        List<Volume> volumes = new ArrayList<>();
        List<io.fabric8.kubernetes.api.model.VolumeMount> mounts = new ArrayList<>();
        if (fromSource) {
            volumes.add(new VolumeBuilder().withName("skiff-source")
                    .withNewConfigMap().withName(revision.sourceConfigMap()).endConfigMap().build());
            volumes.add(new VolumeBuilder().withName("skiff-code").withNewEmptyDir().endEmptyDir().build());
            volumes.add(new VolumeBuilder().withName("skiff-deps").withNewEmptyDir().endEmptyDir().build());
            mounts.add(mount("skiff-code", CODE_DIR, false));
            mounts.add(mount("skiff-deps", DEPS_DIR, false));
        }
        for (VolumeMount volume : spec.volumes()) {
            volumes.add(new VolumeBuilder().withName(podVolume(volume.name()))
                    .withNewPersistentVolumeClaim().withClaimName(volume.name()).withReadOnly(volume.isReadOnly())
                    .endPersistentVolumeClaim().build());
            mounts.add(mount(podVolume(volume.name()), volume.mountPath(), volume.isReadOnly()));
        }
        // Each secret from the Kubernetes Secret of its name, at the path the embedded mode uses.
        List<io.fabric8.kubernetes.api.model.EnvFromSource> envFrom = new ArrayList<>();
        for (SecretRef secret : spec.secrets() == null ? List.<SecretRef>of() : spec.secrets()) {
            volumes.add(new VolumeBuilder().withName("secret-" + secret.name())
                    .withNewSecret().withSecretName(secret.name()).endSecret().build());
            mounts.add(mount("secret-" + secret.name(), secret.mountPath(), true));
            if (secret.asEnv()) {
                envFrom.add(new io.fabric8.kubernetes.api.model.EnvFromSourceBuilder().withNewSecretRef()
                        .withName(secret.name()).endSecretRef().build());
            }
        }
        String image = fromSource ? config.runtimeImage(spec.runtime()) : spec.image();
        Container function = new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(image)
                .withArgs(spec.command() == null ? List.of() : spec.command())
                .addNewPort().withName("http1").withContainerPort(PORT).endPort()
                .withEnv(env(revision, setPort))
                .withEnvFrom(envFrom)
                .withVolumeMounts(mounts)
                .withResources(resources(spec.resources()))
                .withNewReadinessProbe().withNewTcpSocket().withNewPort(PORT).endTcpSocket().endReadinessProbe()
                .build();
        PodSpecBuilder pod = new PodSpecBuilder()
                .withContainers(function)
                .withVolumes(volumes)
                .withImagePullSecrets(spec.imagePullSecrets().stream().map(LocalObjectReference::new).toList());
        if (fromSource) {
            pod.addToInitContainers(prepare(revision, image));
        }
        return pod.build();
    }

    /** The pod volume of a Skiff volume. */
    static String podVolume(String name) {
        return "volume-" + name;
    }

    private static Container prepare(FunctionRevision revision, String image) {
        FunctionSpec spec = revision.spec();
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVar("SKIFF_SOURCE_DIR", SOURCE_DIR, null));
        env.add(new EnvVar("SKIFF_CODE_DIR", CODE_DIR, null));
        env.add(new EnvVar("SKIFF_DEPS_DIR", DEPS_DIR, null));
        if (spec.source() != null) {
            env.add(new EnvVar("SKIFF_SOURCE_TYPE", spec.source().contentType(), null));
            if (spec.source().filename() != null) {
                env.add(new EnvVar("SKIFF_SOURCE_FILENAME", spec.source().filename(), null));
            }
        }
        return new ContainerBuilder()
                .withName("prepare")
                .withImage(image)
                .withCommand("skiff-prepare")
                .withEnv(env)
                .withVolumeMounts(mount("skiff-source", SOURCE_DIR, true), mount("skiff-code", CODE_DIR, false),
                        mount("skiff-deps", DEPS_DIR, false))
                .withResources(resources(spec.resources()))
                .build();
    }

    /** The worker contract's variables, the runtime's own, then the function's (sorted, so equal specs give equal pods). */
    private static List<EnvVar> env(FunctionRevision revision, boolean setPort) {
        FunctionSpec spec = revision.spec();
        Map<String, String> env = new LinkedHashMap<>();
        if (setPort) {
            env.put("PORT", Integer.toString(PORT));
        }
        env.put("SKIFF_HOST", "0.0.0.0");
        env.put("SKIFF_FUNCTION", revision.function());
        env.put("SKIFF_REVISION", revision.revision());
        if (spec.handler() != null) {
            env.put("SKIFF_HANDLER", spec.handler());
        }
        env.put("SKIFF_CODE_DIR", CODE_DIR);
        env.put("SKIFF_DEPS_DIR", DEPS_DIR);
        env.put("SKIFF_TIMEOUT", Integer.toString(spec.timeoutSeconds()));
        String memory = spec.resources() == null || spec.resources().limits() == null
                ? null : spec.resources().limits().get("memory");
        if (memory != null) {
            env.put("SKIFF_MEMORY_LIMIT", Long.toString(dev.skiff.api.Quantity.resourceBytes(memory)));
        }
        for (VolumeMount volume : spec.volumes()) {
            env.put("SKIFF_VOLUME_" + volume.name().toUpperCase(Locale.ROOT).replace('-', '_'), volume.mountPath());
        }
        if (!spec.allowedCommands().isEmpty()) {
            env.put("SKIFF_ALLOWED_COMMANDS", String.join(",", spec.allowedCommands()));
            env.put("SKIFF_VOLUMES", String.join(",",
                    spec.volumes().stream().map(v -> v.name() + "=" + v.mountPath()).toList()));
        }
        env.putAll(new TreeMap<>(spec.env()));
        return env.entrySet().stream().map(e -> new EnvVar(e.getKey(), e.getValue(), null)).toList();
    }

    private static io.fabric8.kubernetes.api.model.ResourceRequirements resources(ResourceRequirements given) {
        if (given == null) {
            return null;
        }
        return new ResourceRequirementsBuilder()
                .withRequests(quantities(given.requests()))
                .withLimits(quantities(given.limits()))
                .build();
    }

    private static Map<String, Quantity> quantities(Map<String, String> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        Map<String, Quantity> quantities = new TreeMap<>();
        values.forEach((name, value) -> quantities.put(name, new Quantity(value)));
        return quantities;
    }

    private static io.fabric8.kubernetes.api.model.VolumeMount mount(String volume, String path, boolean readOnly) {
        return new VolumeMountBuilder().withName(volume).withMountPath(path).withReadOnly(readOnly ? true : null).build();
    }

    /** The labels of every object made for {@code revision}. */
    public static Map<String, String> labels(FunctionRevision revision) {
        Map<String, String> labels = new TreeMap<>(functionLabels(revision.function()));
        labels.put(SkiffResources.REVISION_LABEL, revision.revision());
        return labels;
    }

    /** The labels of every object made for {@code function}. */
    public static Map<String, String> functionLabels(String function) {
        Map<String, String> labels = new TreeMap<>();
        labels.put(SkiffResources.FUNCTION_LABEL, function);
        labels.put(SkiffResources.MANAGED_BY_LABEL, SkiffResources.MANAGED_BY);
        return labels;
    }
}
