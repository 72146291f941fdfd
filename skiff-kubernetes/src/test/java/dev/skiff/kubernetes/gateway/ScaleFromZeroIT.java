package dev.skiff.kubernetes.gateway;

import dev.skiff.kubernetes.testing.KubeletStandIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.api.FunctionSpec;
import dev.skiff.api.FunctionStatus;
import dev.skiff.api.ScaleSpec;
import dev.skiff.api.Source;
import dev.skiff.kubernetes.model.FunctionResource;
import dev.skiff.kubernetes.operator.ClusterCapabilities;
import dev.skiff.kubernetes.operator.SkiffOperator;
import dev.skiff.kubernetes.translate.TranslationConfig;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator makes a function's Deployment at zero replicas; the gateway's Kubernetes backend
 * wakes it through the scale subresource when requests come, holds them until a pod is ready (the
 * test plays the kubelet), and scales it back to zero when it has been idle. Time is the test's.
 */
@EnableKubernetesMockClient(crud = true)
class ScaleFromZeroIT {
    private static final String NAMESPACE = "test";
    private static final long SECOND = 1_000_000_000L;
    private KubernetesClient client;
    private SkiffOperator operator;
    private KubernetesBackend backend;

    private KubeletStandIn kubelet;

    @BeforeEach
    void start() {
        operator = SkiffOperator.create(client, ClusterCapabilities.PLAIN, TranslationConfig.DEFAULT, Set.of(),
                Clock.systemUTC());
        operator.start();
        backend = new KubernetesBackend(new DeploymentReplicas(client), (namespace, name) -> Optional.ofNullable(
                client.resources(FunctionResource.class).inNamespace(namespace).withName(name).get()));
        FunctionResource function = new FunctionResource();
        function.setMetadata(new ObjectMetaBuilder().withName("hello").withNamespace(NAMESPACE).build());
        function.setSpec(FunctionSpec.builder().runtime("python3").handler("hello.handle")
                .source(Source.text("hello.py", "def handle(req): return 1"))
                .scale(new ScaleSpec(0, 3, null, null, 6, null, null, 10)).build());
        // The revision's first pod loads (the kubelet stand-in marks it ready), then it goes to zero.
        kubelet = KubeletStandIn.follow(client, NAMESPACE);
        client.resource(function).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            FunctionResource f = client.resources(FunctionResource.class).inNamespace(NAMESPACE).withName("hello").get();
            Deployment d = deployment();
            return f.getStatus() != null && f.getStatus().isReady() && d != null && d.getSpec().getReplicas() == 0
                    && d.getStatus() != null && Integer.valueOf(0).equals(d.getStatus().getReadyReplicas());
        });
        kubelet.pause();
    }

    @AfterEach
    void stop() {
        kubelet.close();
        operator.close();
    }

    private Deployment deployment() {
        return client.apps().deployments().inNamespace(NAMESPACE).withName("hello-00001").get();
    }

    /** What the kubelet does once the pods it was asked for pass their readiness probe. */
    private void podsBecomeReady(int ready) {
        client.apps().deployments().inNamespace(NAMESPACE).withName("hello-00001").editStatus(d -> {
            d.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder().withReadyReplicas(ready)
                    .withReplicas(ready).build());
            return d;
        });
    }

    @Test
    void requests_atZero_scaleTheRevisionUpOnce_waitForAReadyPod_thenScaleToZeroWhenIdle() throws Exception {
        assertThat(deployment().getSpec().getReplicas()).isZero();
        long now = 100 * SECOND;

        CompletableFuture<KubernetesBackend.Target> first = backend.acquire(NAMESPACE, "hello", null, 42.0, now);
        CompletableFuture<KubernetesBackend.Target> second = backend.acquire(NAMESPACE, "hello", null, 7.0, now);

        assertThat(deployment().getSpec().getReplicas()).as("woken through the scale subresource").isEqualTo(1);
        backend.tick(now + SECOND / 2);
        assertThat(first).as("held while no pod is ready").isNotDone();

        podsBecomeReady(1);
        backend.tick(now + SECOND);

        KubernetesBackend.Target target = first.get();
        assertThat(target.revision()).isEqualTo("hello-00001");
        assertThat(target.uri()).isEqualTo(URI.create("http://hello-00001.test.svc.cluster.local"));
        assertThat(second.get()).isEqualTo(target);

        backend.release(target);
        backend.release(second.get());
        for (long t = now + 2 * SECOND; t <= now + 30 * SECOND; t += SECOND) {
            backend.tick(t);
        }
        assertThat(deployment().getSpec().getReplicas()).as("idle past the stable window and the grace period").isZero();
    }

    @Test
    void requests_forAnUnknownFunction_failWithNoRoute() {
        CompletableFuture<KubernetesBackend.Target> missing = backend.acquire(NAMESPACE, "nope", null, 1.0, 0);

        assertThat(missing).isCompletedExceptionally();
        assertThat(client.apps().deployments().inNamespace(NAMESPACE).list().getItems())
                .extracting(d -> d.getMetadata().getName()).containsExactly("hello-00001");
        FunctionStatus status = client.resources(FunctionResource.class).inNamespace(NAMESPACE).withName("hello").get()
                .getStatus();
        assertThat(status.latestReadyRevision()).isEqualTo("hello-00001");
    }
}
