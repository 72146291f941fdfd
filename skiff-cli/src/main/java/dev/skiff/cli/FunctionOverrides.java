package dev.skiff.cli;

import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.ResourceRequirements;
import dev.skiff.api.SecretRef;
import dev.skiff.api.Source;
import dev.skiff.api.VolumeMount;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields {@code skiff deploy}'s flags set; each one that is given replaces the same field of the
 * {@code -f} document, and env entries are merged key by key.
 *
 * @param name the function's name, or null to keep the document's
 * @param runtime {@code --runtime}, or null
 * @param handler {@code --handler}, or null
 * @param source the packaged {@code --from-file}, or null
 * @param requirements the text of {@code --requirements}, or null
 * @param env {@code --env} entries; empty when none
 * @param timeoutSeconds {@code --timeout}, or null
 * @param maxRequestSize {@code --max-request-size}, or null
 * @param concurrency {@code --concurrency}, or null
 * @param command {@code --command} split into an argv, or null
 * @param volumes {@code --volume} mounts, or null; when given they replace the document's
 * @param allowedCommands {@code --allow}, or null
 * @param memory {@code --memory}, the memory limit of each instance ({@code spec.resources.limits.memory}), or null
 * @param cpu {@code --cpu}, the CPU limit of each instance ({@code spec.resources.limits.cpu}), or null
 * @param network {@code --network} ({@code spec.network}: {@code outbound} or {@code none}), or null
 * @param auth {@code --auth} ({@code spec.auth}: {@code public} or {@code token}), or null
 * @param secrets {@code --secret} and {@code --secret-env} ({@code spec.secrets}), or null; when given they replace the document's
 */
public record FunctionOverrides(
        String name,
        String runtime,
        String handler,
        Source source,
        String requirements,
        Map<String, String> env,
        Integer timeoutSeconds,
        String maxRequestSize,
        Integer concurrency,
        List<String> command,
        List<VolumeMount> volumes,
        List<String> allowedCommands,
        String memory,
        String cpu,
        String network,
        String auth,
        List<SecretRef> secrets) {

    /**
     * The function to send: {@code base} (a {@code -f} document, or null) with these fields over it,
     * without the server-owned fields (status, generation, creation time) an exported document carries.
     */
    public Function applyTo(Function base) {
        Function start = base == null ? Function.of(null, null) : base;
        FunctionSpec spec = start.spec() == null
                ? FunctionSpec.builder().build() : start.spec();
        ObjectMeta meta = start.metadata() == null ? ObjectMeta.named(null) : start.metadata();
        ObjectMeta metadata = new ObjectMeta(
                pick(name, meta.name()), meta.namespace(), meta.labels(), meta.annotations(), null, null);
        // The document's other fields (image, serviceType, network...) as they are; its traffic is not
        // carried: a deploy leaves the function's traffic as it is, as an update without traffic does.
        FunctionSpec merged = spec.toBuilder()
                .traffic(null)
                .runtime(pick(runtime, spec.runtime()))
                .handler(pick(handler, spec.handler()))
                .source(pick(source, spec.source()))
                .requirements(pick(requirements, spec.requirements()))
                .env(mergeEnv(spec.env()))
                .timeoutSeconds(pick(timeoutSeconds, spec.timeoutSeconds()))
                .maxRequestSize(pick(maxRequestSize, spec.maxRequestSize()))
                .concurrency(pick(concurrency, spec.concurrency()))
                .command(pick(command, spec.command()))
                .volumes(pick(volumes, spec.volumes()))
                .allowedCommands(pick(allowedCommands, spec.allowedCommands()))
                .scale(spec.scale())
                .resources(resources(spec.resources()))
                .network(pick(network, spec.network()))
                .auth(pick(auth, spec.auth()))
                .secrets(pick(secrets, spec.secrets()))
                .build();
        return new Function(
                start.apiVersion() == null ? Function.API_VERSION : start.apiVersion(),
                start.kind() == null ? Function.KIND : start.kind(),
                metadata,
                merged,
                null);
    }

    /** The document's resources with {@code --memory} and {@code --cpu} over its limits. */
    private ResourceRequirements resources(ResourceRequirements fromDocument) {
        if (memory == null && cpu == null) {
            return fromDocument;
        }
        Map<String, String> limits = new LinkedHashMap<>();
        if (fromDocument != null && fromDocument.limits() != null) {
            limits.putAll(fromDocument.limits());
        }
        if (memory != null) {
            limits.put("memory", memory);
        }
        if (cpu != null) {
            limits.put("cpu", cpu);
        }
        return new ResourceRequirements(fromDocument == null ? null : fromDocument.requests(), limits);
    }

    private Map<String, String> mergeEnv(Map<String, String> fromDocument) {
        if ((env == null || env.isEmpty()) && fromDocument == null) {
            return null;
        }
        Map<String, String> merged = new LinkedHashMap<>();
        if (fromDocument != null) {
            merged.putAll(fromDocument);
        }
        if (env != null) {
            merged.putAll(env);
        }
        return merged;
    }

    private static <T> T pick(T flag, T document) {
        return flag != null ? flag : document;
    }
}
