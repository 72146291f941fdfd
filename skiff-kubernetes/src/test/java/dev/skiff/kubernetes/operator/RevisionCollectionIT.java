package dev.skiff.kubernetes.operator;

import static dev.skiff.kubernetes.operator.OperatorHarness.NAMESPACE;
import static dev.skiff.kubernetes.operator.OperatorHarness.function;
import static dev.skiff.kubernetes.operator.OperatorHarness.hello;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.api.TrafficTarget;
import dev.skiff.kubernetes.model.FunctionResource;
import dev.skiff.kubernetes.testing.FunctionEdits;
import io.fabric8.knative.serving.v1.Revision;
import io.fabric8.knative.serving.v1.RevisionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Old revisions do not pile up (issue 22): without Knative the operator deletes idle revisions past
 * the five newest, with their objects; with Knative, whose garbage collector deletes revisions, the
 * source ConfigMaps of the revisions it deleted go too.
 */
@EnableKubernetesMockClient(crud = true)
class RevisionCollectionIT {
    private KubernetesClient client;

    private void edit(Consumer<FunctionResource> change) {
        FunctionEdits.edit(client, NAMESPACE, "hello", change);
    }

    private boolean hasSource(int revision) {
        return client.configMaps().inNamespace(NAMESPACE).withName(String.format("hello-%05d-source", revision)).get() != null;
    }

    private boolean hasDeployment(int revision) {
        return client.apps().deployments().inNamespace(NAMESPACE).withName(String.format("hello-%05d", revision)).get() != null;
    }

    @Test
    void plain_idleRevisionsPastTheFiveNewest_areDeletedWithTheirObjects() {
        try (SkiffOperator operator = OperatorHarness.start(client, ClusterCapabilities.PLAIN)) {
            client.resource(function("hello", hello("def handle(req): return 1"))).create();
            await().atMost(Duration.ofSeconds(30)).until(() -> hasDeployment(1));
            for (int n = 2; n <= 8; n++) {
                String code = "def handle(req): return " + n;
                edit(f -> f.setSpec(hello(code)));
                int made = n;
                await().atMost(Duration.ofSeconds(30)).until(() -> hasDeployment(made));
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> !hasDeployment(1) && !hasDeployment(2));
            assertThat(hasSource(1)).isFalse();
            assertThat(hasSource(2)).isFalse();
            assertThat(client.services().inNamespace(NAMESPACE).withName("hello-00001").get()).isNull();
            for (int kept = 3; kept <= 8; kept++) {
                assertThat(hasDeployment(kept)).as("revision %d", kept).isTrue();
                assertThat(hasSource(kept)).as("source of revision %d", kept).isTrue();
            }
        }
    }

    @Test
    void knative_sourcesOfRevisionsKnativeDeleted_go_theOthersStay() {
        try (SkiffOperator operator = OperatorHarness.start(client, ClusterCapabilities.KNATIVE)) {
            client.resource(function("hello", hello("def handle(req): return 1"))).create();
            await().atMost(Duration.ofSeconds(30)).until(() -> hasSource(1));
            edit(f -> f.setSpec(hello("def handle(req): return 2")));
            await().atMost(Duration.ofSeconds(30)).until(() -> hasSource(2));
            edit(f -> f.setSpec(hello("def handle(req): return 3")));
            await().atMost(Duration.ofSeconds(30)).until(() -> hasSource(3));
            // Knative's garbage collector kept hello-00002 and hello-00003 and deleted hello-00001.
            for (String kept : List.of("hello-00002", "hello-00003")) {
                client.resource(new RevisionBuilder().withNewMetadata().withName(kept).withNamespace(NAMESPACE)
                        .addToLabels(KnativeWorkload.KNATIVE_SERVICE_LABEL, "hello").endMetadata().build()).create();
            }

            edit(f -> f.setSpec(f.getSpec().withTraffic(List.of(TrafficTarget.latest(100)))));

            await().atMost(Duration.ofSeconds(30)).until(() -> !hasSource(1));
            assertThat(hasSource(2)).isTrue();
            assertThat(hasSource(3)).isTrue();
            assertThat(client.resources(Revision.class).inNamespace(NAMESPACE).list().getItems()).hasSize(2);
        }
    }
}
