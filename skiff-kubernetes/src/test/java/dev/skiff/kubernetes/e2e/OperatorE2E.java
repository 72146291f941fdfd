package dev.skiff.kubernetes.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
import dev.skiff.kubernetes.model.FunctionResource;
import dev.skiff.kubernetes.model.FunctionResources;
import dev.skiff.kubernetes.operator.ClusterCapabilities;
import dev.skiff.kubernetes.operator.SkiffOperator;
import dev.skiff.kubernetes.translate.TranslationConfig;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On a real cluster (the kubeconfig's current context; -Pe2e only): the operator, run in-process,
 * brings a Python function to Ready with Knative when the cluster has it, else with a Deployment,
 * and deleting the Function lets the garbage collector remove what it owned.
 */
class OperatorE2E {
    private static final String NAMESPACE = "skiff-e2e";
    private KubernetesClient client;
    private SkiffOperator operator;

    @BeforeEach
    void start() {
        client = new KubernetesClientBuilder().build();
        client.resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build()).serverSideApply();
        operator = SkiffOperator.create(client, ClusterCapabilities.detect(client), TranslationConfig.DEFAULT,
                Set.of(NAMESPACE), Clock.systemUTC());
        operator.start();
    }

    @AfterEach
    void stop() {
        operator.close();
        client.namespaces().withName(NAMESPACE).delete();
        client.close();
    }

    @Test
    void function_becomesReady_andIsCleanedUpOnDelete() {
        FunctionSpec spec = FunctionSpec.builder().runtime("python3").handler("hello.handle")
                .source(Source.text("hello.py", "def handle(req):\n    return {'message': 'Hello'}\n")).build();
        FunctionResource created = client.resource(FunctionResources.toResource(Function.of("hello", spec), NAMESPACE))
                .create();

        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            FunctionResource f = client.resource(created).get();
            return f.getStatus() != null && f.getStatus().isReady();
        });
        assertThat(client.resource(created).get().getStatus().latestReadyRevision()).isEqualTo("hello-00001");

        client.resource(created).delete();
        await().atMost(Duration.ofMinutes(2)).until(() ->
                client.configMaps().inNamespace(NAMESPACE).withName("hello-00001-source").get() == null);
    }
}
