package dev.skiff.kubernetes.operator;

import dev.skiff.kubernetes.testing.FunctionEdits;
import static dev.skiff.kubernetes.operator.OperatorHarness.NAMESPACE;
import static dev.skiff.kubernetes.operator.OperatorHarness.function;
import static dev.skiff.kubernetes.operator.OperatorHarness.hello;
import static dev.skiff.kubernetes.operator.OperatorHarness.ownedBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.api.FunctionSpec;
import dev.skiff.api.FunctionStatus;
import dev.skiff.api.TrafficTarget;
import dev.skiff.kubernetes.model.FunctionResource;
import io.fabric8.knative.pkg.apis.ConditionBuilder;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.serving.v1.ServiceStatusBuilder;
import io.fabric8.knative.serving.v1.TrafficTargetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator on a cluster with Knative, against fabric8's mock API server in CRUD mode; the test
 * plays Knative's part by writing the Knative Service's status.
 */
@EnableKubernetesMockClient(crud = true)
class KnativeFunctionReconcilerIT {
    private KubernetesClient client;
    private SkiffOperator operator;

    @BeforeEach
    void start() {
        operator = OperatorHarness.start(client, ClusterCapabilities.KNATIVE);
    }

    @AfterEach
    void stop() {
        operator.close();
    }

    private Service knative(String name) {
        return client.resources(Service.class).inNamespace(NAMESPACE).withName(name).get();
    }

    private FunctionStatus awaitStatus(Predicate<FunctionStatus> until) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            FunctionResource f = client.resources(FunctionResource.class).inNamespace(NAMESPACE).withName("hello").get();
            return f != null && f.getStatus() != null && until.test(f.getStatus());
        });
        return client.resources(FunctionResource.class).inNamespace(NAMESPACE).withName("hello").get().getStatus();
    }

    /** What Knative's controller would write once {@code revision} serves. */
    private void knativeReports(String revision) {
        client.resources(Service.class).inNamespace(NAMESPACE).withName("hello").editStatus(s -> {
            s.setStatus(new ServiceStatusBuilder()
                    .withConditions(new ConditionBuilder().withType("Ready").withStatus("True").build())
                    .withUrl("http://hello.test.127.0.0.1.sslip.io")
                    .withLatestCreatedRevisionName(revision)
                    .withLatestReadyRevisionName(revision)
                    .withTraffic(new TrafficTargetBuilder().withRevisionName(revision).withLatestRevision(true)
                            .withPercent(100L).build())
                    .build());
            return s;
        });
    }

    @Test
    void create_function_makesAKnativeServiceWhoseTemplateIsTheRevision_andMirrorsKnativesStatus() {
        FunctionResource created = client.resource(function("hello", hello("def handle(req): return 1"))).create();

        await().atMost(Duration.ofSeconds(30)).until(() -> knative("hello") != null);
        Service service = knative("hello");
        assertThat(service.getSpec().getTemplate().getMetadata().getName()).isEqualTo("hello-00001");
        assertThat(service.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("autoscaling.knative.dev/min-scale", "0")
                .containsEntry("autoscaling.knative.dev/target", "1");
        assertThat(service.getSpec().getTemplate().getSpec().getContainerConcurrency()).isEqualTo(1L);
        assertThat(ownedBy(service, created)).isTrue();
        assertThat(awaitStatus(s -> s.conditions() != null).isReady()).as("not ready before Knative says so").isFalse();

        knativeReports("hello-00001");
        FunctionStatus status = awaitStatus(FunctionStatus::isReady);

        assertThat(status.url()).isEqualTo("http://hello.test.127.0.0.1.sslip.io");
        assertThat(status.latestReadyRevision()).isEqualTo("hello-00001");
        assertThat(status.traffic()).containsExactly(new TrafficTarget("hello-00001", true, 100, null, null));
    }

    @Test
    void update_newCodeThenTrafficSplit_renamesTheTemplateOnceAndSplitsTraffic() {
        client.resource(function("hello", hello("def handle(req): return 1"))).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> knative("hello") != null);

        FunctionEdits.edit(client, NAMESPACE, "hello", f -> {
            f.setSpec(hello("def handle(req): return 2"));
        });
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "hello-00002".equals(knative("hello").getSpec().getTemplate().getMetadata().getName()));

        FunctionSpec split = hello("def handle(req): return 2").withTraffic(List.of(
                TrafficTarget.revision("hello-00001", 70), TrafficTarget.latest(30), TrafficTarget.tag("canary", "hello-00002")));
        FunctionEdits.edit(client, NAMESPACE, "hello", f -> {
            f.setSpec(split);
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> knative("hello").getSpec().getTraffic().size() == 3);

        Service service = knative("hello");
        assertThat(service.getSpec().getTemplate().getMetadata().getName()).as("a traffic change makes no revision")
                .isEqualTo("hello-00002");
        assertThat(service.getSpec().getTraffic()).extracting(t -> t.getRevisionName(), t -> t.getPercent(), t -> t.getTag())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("hello-00001", 70L, null),
                        org.assertj.core.groups.Tuple.tuple(null, 30L, null),
                        org.assertj.core.groups.Tuple.tuple("hello-00002", null, "canary"));
        assertThat(client.configMaps().inNamespace(NAMESPACE).withName("hello-00001-source").get()).isNotNull();
        assertThat(client.configMaps().inNamespace(NAMESPACE).withName("hello-00002-source").get()).isNotNull();
    }
}
