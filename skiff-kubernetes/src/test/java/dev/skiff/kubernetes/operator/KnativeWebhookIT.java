package dev.skiff.kubernetes.operator;

import static dev.skiff.kubernetes.operator.OperatorHarness.NAMESPACE;
import static dev.skiff.kubernetes.operator.OperatorHarness.function;
import static dev.skiff.kubernetes.operator.OperatorHarness.hello;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.skiff.kubernetes.model.FunctionResource;
import dev.skiff.kubernetes.testing.FunctionEdits;
import dev.skiff.kubernetes.translate.FunctionRevision;
import dev.skiff.kubernetes.translate.KnativeServices;
import dev.skiff.kubernetes.translate.TranslationConfig;
import dev.skiff.runtimes.admission.FunctionAdmission;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.time.Duration;
import java.util.HashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator's writes as Knative's admission webhook takes them (issue 22), against the mock API
 * server with {@link KnativeWebhookStandIn}: an update keeps the creator annotation Knative set, and
 * a reconcile that wants nothing new writes nothing.
 */
class KnativeWebhookIT {
    private KubernetesMockServer server;
    private KubernetesClient client;
    private SkiffOperator operator;

    @BeforeEach
    void start() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KnativeWebhookStandIn(), false);
        server.init();
        client = server.createClient();
        operator = OperatorHarness.start(client, ClusterCapabilities.KNATIVE);
    }

    @AfterEach
    void stop() {
        operator.close();
        client.close();
        server.destroy();
    }

    private Service knative() {
        return client.resources(Service.class).inNamespace(NAMESPACE).withName("hello").get();
    }

    private FunctionResource stored() {
        return client.resources(FunctionResource.class).inNamespace(NAMESPACE).withName("hello").get();
    }

    @Test
    void standIn_refusesAnUpdateDroppingTheCreator_asKnativeDoes() {
        client.resource(function("hello", hello("def handle(req): return 1"))).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> knative() != null);
        assertThat(knative().getMetadata().getAnnotations()).containsEntry(KnativeWebhookStandIn.CREATOR, KnativeWebhookStandIn.USER);
        FunctionRevision revision = FunctionRevision.of(NAMESPACE, "hello", "hello-00002",
                FunctionAdmission.builtIn().admit("hello", hello("def handle(req): return 2")));
        Service rebuilt = KnativeServices.desired(revision, TranslationConfig.DEFAULT);

        assertThatThrownBy(() -> client.resource(rebuilt).unlock().update())
                .isInstanceOf(KubernetesClientException.class).hasMessageContaining("annotation value is immutable");
    }

    @Test
    void update_newCode_keepsKnativesCreator_andMovesTheTemplateToTheNewRevision() {
        client.resource(function("hello", hello("def handle(req): return 1"))).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> knative() != null);

        editSpec(f -> f.setSpec(hello("def handle(req): return 2")));

        await().atMost(Duration.ofSeconds(30)).until(() ->
                "hello-00002".equals(knative().getSpec().getTemplate().getMetadata().getName()));
        assertThat(knative().getMetadata().getAnnotations()).containsEntry(KnativeWebhookStandIn.CREATOR, KnativeWebhookStandIn.USER);
        assertThat(stored().getStatus().conditions()).noneMatch(c -> "ApplyFailed".equals(c.reason()));
    }

    @Test
    void reconcile_wantingNothingNew_leavesTheDefaultedServiceUnwritten() {
        client.resource(function("hello", hello("def handle(req): return 1"))).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> knative() != null && stored().getStatus() != null);
        String written = knative().getMetadata().getResourceVersion();

        // A new generation whose Knative Service is the same: the default traffic, spelt out.
        editSpec(f -> f.setSpec(f.getSpec().withTraffic(java.util.List.of(dev.skiff.api.TrafficTarget.latest(100)))));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                stored().getStatus().observedGeneration().equals(stored().getMetadata().getGeneration()));

        assertThat(knative().getMetadata().getResourceVersion()).isEqualTo(written);
        assertThat(stored().getStatus().conditions()).noneMatch(c -> "ApplyFailed".equals(c.reason()));
    }

    /** Edits the Function, again when the operator's status write came between the read and the write. */
    private void editSpec(java.util.function.Consumer<FunctionResource> change) {
        FunctionEdits.edit(client, NAMESPACE, "hello", change);
    }
}
