package dev.skiff.kubernetes.operator;

import dev.skiff.kubernetes.testing.KubeletStandIn;
import dev.skiff.kubernetes.testing.FunctionEdits;
import static dev.skiff.kubernetes.operator.OperatorHarness.NAMESPACE;
import static dev.skiff.kubernetes.operator.OperatorHarness.function;
import static dev.skiff.kubernetes.operator.OperatorHarness.hello;
import static dev.skiff.kubernetes.operator.OperatorHarness.ownedBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.api.Condition;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.FunctionStatus;
import dev.skiff.api.TrafficTarget;
import dev.skiff.kubernetes.model.FunctionResource;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operator on a cluster without Knative, against fabric8's mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class PlainFunctionReconcilerIT {
    private KubernetesClient client;
    private SkiffOperator operator;

    private KubeletStandIn kubelet;

    @BeforeEach
    void start() {
        operator = OperatorHarness.start(client, ClusterCapabilities.PLAIN);
        kubelet = KubeletStandIn.follow(client, NAMESPACE);
    }

    @AfterEach
    void stop() {
        kubelet.close();
        operator.close();
    }

    private FunctionResource get(String name) {
        return client.resources(FunctionResource.class).inNamespace(NAMESPACE).withName(name).get();
    }

    private FunctionStatus awaitStatus(String name, java.util.function.Predicate<FunctionStatus> until) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            FunctionResource f = get(name);
            return f != null && f.getStatus() != null && until.test(f.getStatus());
        });
        return get(name).getStatus();
    }

    private Deployment deployment(String name) {
        return client.apps().deployments().inNamespace(NAMESPACE).withName(name).get();
    }

    /*
     * spec.network: none in a cluster: a NetworkPolicy per revision denies its pods every egress;
     * a revision without it gets none, and keeps the network (the embedded mode's outbound default).
     */
    @Test
    void networkNone_getsAPolicyDenyingTheRevisionsEgress_andOutboundGetsNone() {
        FunctionResource created = client.resource(function("sealed", hello("def handle(req): return 1").toBuilder()
                .network(FunctionSpec.NETWORK_NONE).build())).create();
        awaitStatus("sealed", FunctionStatus::isReady);

        io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy policy = client.network().v1().networkPolicies()
                .inNamespace(NAMESPACE).withName("sealed-00001-no-egress").get();
        assertThat(policy).isNotNull();
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Egress");
        assertThat(policy.getSpec().getEgress()).isEmpty();
        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).containsEntry("skiff.dev/revision", "sealed-00001");
        assertThat(deployment("sealed-00001").getSpec().getTemplate().getMetadata().getLabels())
                .as("the pods it selects").containsEntry("skiff.dev/revision", "sealed-00001");
        assertThat(ownedBy(policy, created)).isTrue();

        client.resource(function("open", hello("def handle(req): return 1"))).create();
        awaitStatus("open", FunctionStatus::isReady);
        assertThat(client.network().v1().networkPolicies().inNamespace(NAMESPACE).withName("open-00001-no-egress").get())
                .isNull();
    }

    @Test
    void create_function_makesRevisionDeploymentServicesAndSourceOwnedByIt() {
        FunctionResource created = client.resource(function("hello", hello("def handle(req): return 1"))).create();

        FunctionStatus status = awaitStatus("hello", FunctionStatus::isReady);

        Deployment deployment = deployment("hello-00001");
        assertThat(deployment.getSpec().getReplicas()).as("scaled to zero until a request comes").isZero();
        ConfigMap source = client.configMaps().inNamespace(NAMESPACE).withName("hello-00001-source").get();
        assertThat(source.getData()).containsEntry("source", "def handle(req): return 1");
        Service revision = client.services().inNamespace(NAMESPACE).withName("hello-00001").get();
        Service function = client.services().inNamespace(NAMESPACE).withName("hello").get();
        assertThat(function.getSpec().getType()).isEqualTo("ClusterIP");
        for (var owned : List.of(deployment, source, revision, function)) {
            assertThat(ownedBy(owned, created)).as("%s is owned by the function", owned.getMetadata().getName()).isTrue();
        }
        assertThat(status.latestCreatedRevision()).isEqualTo("hello-00001");
        assertThat(status.latestReadyRevision()).isEqualTo("hello-00001");
        assertThat(status.url()).isEqualTo("http://skiff-gateway.skiff-system.svc.cluster.local/function/hello");
        assertThat(status.traffic()).containsExactly(new TrafficTarget("hello-00001", true, 100, null, null));
        assertThat(status.observedGeneration()).isEqualTo(created.getMetadata().getGeneration());
    }

    @Test
    void aRevisionIsReady_onlyOnceAPodOfItLoaded_thenGoesToZero() {
        kubelet.pause();
        client.resource(function("hello", hello("def handle(req): return 1"))).create();

        await().atMost(Duration.ofSeconds(30)).until(() -> deployment("hello-00001") != null);
        FunctionStatus starting = awaitStatus("hello", s -> s.conditions() != null && !s.conditions().isEmpty());
        assertThat(starting.isReady()).as("no pod has loaded its code yet").isFalse();
        assertThat(starting.latestReadyRevision()).isNull();
        assertThat(deployment("hello-00001").getSpec().getReplicas()).as("one pod to load it, as Knative's initial scale")
                .isEqualTo(1);

        kubelet.resume();

        FunctionStatus ready = awaitStatus("hello", FunctionStatus::isReady);
        assertThat(ready.latestReadyRevision()).isEqualTo("hello-00001");
        await().atMost(Duration.ofSeconds(30)).until(() -> deployment("hello-00001").getSpec().getReplicas() == 0);
        assertThat(get("hello").getStatus().isReady()).as("loaded once, it stays Ready at zero").isTrue();
    }

    @Test
    void update_newCode_makesTheNextRevision_trafficOnlyChange_makesNone() {
        client.resource(function("hello", hello("def handle(req): return 1"))).create();
        awaitStatus("hello", FunctionStatus::isReady);

        FunctionEdits.edit(client, NAMESPACE, "hello", f -> {
                    f.setSpec(hello("def handle(req): return 2"));
        });
        awaitStatus("hello", s -> "hello-00002".equals(s.latestReadyRevision()));
        assertThat(client.configMaps().inNamespace(NAMESPACE).withName("hello-00002-source").get().getData())
                .containsEntry("source", "def handle(req): return 2");

        FunctionSpec split = hello("def handle(req): return 2").withTraffic(List.of(
                TrafficTarget.revision("hello-00001", 30), TrafficTarget.latest(70), TrafficTarget.tag("old", "hello-00001")));
        FunctionEdits.edit(client, NAMESPACE, "hello", f -> {
            f.setSpec(split);
        });
        FunctionStatus status = awaitStatus("hello", s -> s.traffic() != null && s.traffic().size() == 3);

        assertThat(status.traffic()).containsExactly(
                new TrafficTarget("hello-00001", null, 30, null, null),
                new TrafficTarget("hello-00002", true, 70, null, null),
                new TrafficTarget("hello-00001", null, null, "old",
                        "http://skiff-gateway.skiff-system.svc.cluster.local/function/hello@old"));
        assertThat(status.latestCreatedRevision()).isEqualTo("hello-00002");
        assertThat(deployment("hello-00003")).as("a traffic change makes no revision").isNull();
    }

    @Test
    void invalidFunction_getsAReadyFalseConditionNamingTheFields_andNoObjects() {
        FunctionSpec bad = FunctionSpec.builder().runtime("cobol").source(dev.skiff.api.Source.text("x.cob", "x"))
                .timeoutSeconds(0).build();
        client.resource(function("broken", bad)).create();

        FunctionStatus status = awaitStatus("broken", s -> s.conditions() != null && !s.conditions().isEmpty());

        Condition ready = status.conditions().getFirst();
        assertThat(ready.status()).isEqualTo("False");
        assertThat(ready.reason()).isEqualTo("InvalidSpec");
        assertThat(ready.message()).contains("spec.runtime: unknown runtime 'cobol'").contains("spec.timeoutSeconds");
        assertThat(client.apps().deployments().inNamespace(NAMESPACE).list().getItems()).isEmpty();
    }

    @Test
    void delete_function_leavesOwnedObjectsToTheGarbageCollector() {
        FunctionResource created = client.resource(function("hello", hello("def handle(req): return 1"))).create();
        awaitStatus("hello", FunctionStatus::isReady);
        Deployment deployment = deployment("hello-00001");

        client.resource(created).delete();

        await().atMost(Duration.ofSeconds(10)).until(() -> get("hello") == null);
        assertThat(ownedBy(deployment, created)).isTrue();
        assertThat(deployment.getMetadata().getOwnerReferences().getFirst().getBlockOwnerDeletion()).isTrue();
    }
}
