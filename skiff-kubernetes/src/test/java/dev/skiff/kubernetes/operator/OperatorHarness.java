package dev.skiff.kubernetes.operator;

import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
import dev.skiff.kubernetes.model.FunctionResource;
import dev.skiff.kubernetes.translate.TranslationConfig;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.Set;

/** Starts the operator against a (mock) API server and makes the test's resources. */
final class OperatorHarness {
    static final String NAMESPACE = "test";

    private OperatorHarness() {}

    static SkiffOperator start(KubernetesClient client, ClusterCapabilities cluster) {
        SkiffOperator operator = SkiffOperator.create(client, cluster, TranslationConfig.DEFAULT, Set.of(), Clock.systemUTC());
        operator.start();
        return operator;
    }

    static FunctionSpec hello(String code) {
        return FunctionSpec.builder().runtime("python3").handler("hello.handle")
                .source(Source.text("hello.py", code)).build();
    }

    static FunctionResource function(String name, FunctionSpec spec) {
        FunctionResource resource = new FunctionResource();
        resource.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
        resource.setSpec(spec);
        return resource;
    }

    /** True when {@code object} is owned by {@code owner} as the garbage collector needs: controller, with its uid. */
    static boolean ownedBy(HasMetadata object, HasMetadata owner) {
        return object.getMetadata().getOwnerReferences().stream().anyMatch(ref -> Boolean.TRUE.equals(ref.getController())
                && ref.getUid().equals(owner.getMetadata().getUid()) && ref.getKind().equals(owner.getKind()));
    }
}
