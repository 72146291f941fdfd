package dev.skiff.kubernetes.model;

import dev.skiff.api.Function;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** Converts between the embedded mode's {@link Function} and the {@link FunctionResource} a cluster stores. */
public final class FunctionResources {

    private FunctionResources() {}

    /** The custom resource for {@code function} in {@code namespace} (null: the client's namespace), without status. */
    public static FunctionResource toResource(Function function, String namespace) {
        FunctionResource resource = new FunctionResource();
        dev.skiff.api.ObjectMeta meta = function.metadata();
        resource.setMetadata(new ObjectMetaBuilder()
                .withName(function.name())
                .withNamespace(namespace != null ? namespace : meta == null ? null : meta.namespace())
                .withLabels(meta == null ? null : meta.labels())
                .withAnnotations(meta == null ? null : meta.annotations())
                .build());
        resource.setSpec(function.spec());
        return resource;
    }

    /** The function a custom resource describes, with its status and server-set metadata. */
    public static Function toFunction(FunctionResource resource) {
        ObjectMeta meta = resource.getMetadata();
        dev.skiff.api.ObjectMeta metadata = new dev.skiff.api.ObjectMeta(meta.getName(), meta.getNamespace(),
                emptyToNull(meta.getLabels()), emptyToNull(meta.getAnnotations()), meta.getGeneration(),
                meta.getCreationTimestamp());
        return new Function(Function.API_VERSION, Function.KIND, metadata, resource.getSpec(), resource.getStatus());
    }

    private static <T extends java.util.Map<?, ?>> T emptyToNull(T map) {
        return map == null || map.isEmpty() ? null : map;
    }
}
