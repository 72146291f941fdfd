package dev.skiff.kubernetes.operator;

import static dev.skiff.kubernetes.operator.OperatorHarness.NAMESPACE;
import static dev.skiff.kubernetes.operator.OperatorHarness.function;
import static dev.skiff.kubernetes.operator.OperatorHarness.hello;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.api.TrafficTarget;
import dev.skiff.kubernetes.model.FunctionResource;
import dev.skiff.kubernetes.testing.FunctionEdits;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator and the gateway share a Deployment's replica count (issue 22): the gateway scales it,
 * the operator must never put back a count it read earlier. Against the mock API server with
 * {@link GatewayScaleRace}.
 */
class DeploymentReplicasIT {
    private final GatewayScaleRace race = new GatewayScaleRace();
    private KubernetesMockServer server;
    private KubernetesClient client;
    private SkiffOperator operator;

    @BeforeEach
    void start() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), race, false);
        server.init();
        client = server.createClient();
        operator = OperatorHarness.start(client, ClusterCapabilities.PLAIN);
    }

    @AfterEach
    void stop() {
        operator.close();
        client.close();
        server.destroy();
    }

    private Deployment deployment() {
        return client.apps().deployments().inNamespace(NAMESPACE).withName("hello-00001").get();
    }

    private FunctionResource stored() {
        return client.resources(FunctionResource.class).inNamespace(NAMESPACE).withName("hello").get();
    }

    /** Changes the Function's traffic only (same revision), and waits until the operator observed it. */
    private void reconcileAgain(int percent) {
        FunctionEdits.edit(client, NAMESPACE, "hello", f -> f.setSpec(f.getSpec().withTraffic(List.of(TrafficTarget.latest(percent)))));
        await().atMost(Duration.ofSeconds(30)).until(() -> stored().getStatus() != null
                && stored().getMetadata().getGeneration().equals(stored().getStatus().observedGeneration()));
    }

    @Test
    void reconcile_afterTheGatewayScaled_writesNothing_andKeepsItsCount() {
        client.resource(function("hello", hello("def handle(req): return 1"))).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> deployment() != null && stored().getStatus() != null);
        client.apps().deployments().inNamespace(NAMESPACE).withName("hello-00001").scale(3);
        String scaled = deployment().getMetadata().getResourceVersion();

        reconcileAgain(100);

        assertThat(deployment().getSpec().getReplicas()).isEqualTo(3);
        assertThat(deployment().getMetadata().getResourceVersion()).isEqualTo(scaled);
    }

    @Test
    void update_racingTheGatewaysScale_failsAndRetries_neverPuttingBackAnOldCount() {
        client.resource(function("hello", hello("def handle(req): return 1"))).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> deployment() != null && stored().getStatus() != null);
        // As an older operator left it: no record of what was applied, so the next reconcile writes it.
        client.apps().deployments().inNamespace(NAMESPACE).withName("hello-00001").edit(d -> {
            d.getMetadata().getAnnotations().remove(OwnedObjects.APPLIED);
            return d;
        });
        race.scaleBeforeNextWrite(5);

        reconcileAgain(100);

        await().atMost(Duration.ofSeconds(30)).until(() -> race.scaledTo() == 0);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(deployment().getMetadata().getAnnotations()).containsKey(OwnedObjects.APPLIED);
            assertThat(deployment().getSpec().getReplicas()).as("the gateway's count").isEqualTo(5);
        });
    }
}
