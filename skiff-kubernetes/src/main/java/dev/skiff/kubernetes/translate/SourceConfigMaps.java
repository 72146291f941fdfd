package dev.skiff.kubernetes.translate;

import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The ConfigMap holding a revision's source and requirements, as kubeless kept a function's code:
 * key {@code source} (text in {@code data}; base64, zip and tar.gz in {@code binaryData}, whose
 * encoding is already the spec's, so the kubelet writes the decoded bytes into the mounted file, as
 * {@code skiff build} writes them into its image) and key {@code requirements}. One per revision,
 * so a revision's pods always start with its own code.
 */
public final class SourceConfigMaps {
    /** What a ConfigMap may hold (1 MiB), less room for its metadata. */
    public static final int MAX_BYTES = (1 << 20) - 16 * 1024;

    private SourceConfigMaps() {}

    /** The name of the ConfigMap holding {@code revision}'s source. */
    public static String name(String revision) {
        return revision + "-source";
    }

    /**
     * The ConfigMap, or empty when the function runs an image of its own ({@code spec.image}).
     *
     * @throws TranslationException {@code SourceTooLarge} when the source does not fit in a ConfigMap
     */
    public static Optional<ConfigMap> desired(FunctionRevision revision) {
        FunctionSpec spec = revision.spec();
        if (spec.image() != null) {
            return Optional.empty();
        }
        Map<String, String> data = new TreeMap<>();
        Map<String, String> binaryData = new TreeMap<>();
        Source source = spec.source();
        long size = 0;
        if (source != null) {
            (source.type() == Source.ContentType.TEXT ? data : binaryData).put("source", source.content());
            size += source.content().getBytes(StandardCharsets.UTF_8).length;
        }
        if (spec.requirements() != null) {
            data.put("requirements", spec.requirements());
            size += spec.requirements().getBytes(StandardCharsets.UTF_8).length;
        }
        if (size > MAX_BYTES) {
            throw new TranslationException("SourceTooLarge", "the source and requirements take " + size
                    + " bytes, more than a ConfigMap holds (" + MAX_BYTES + "); build an image with 'skiff build "
                    + revision.function() + "' and set spec.image");
        }
        return Optional.of(new ConfigMapBuilder()
                .withNewMetadata()
                .withName(revision.sourceConfigMap())
                .withNamespace(revision.namespace())
                .withLabels(PodTemplates.labels(revision))
                .addToAnnotations(SpecHash.ANNOTATION, revision.specHash())
                .endMetadata()
                .withData(data.isEmpty() ? null : data)
                .withBinaryData(binaryData.isEmpty() ? null : binaryData)
                .withImmutable(true)
                .build());
    }
}
