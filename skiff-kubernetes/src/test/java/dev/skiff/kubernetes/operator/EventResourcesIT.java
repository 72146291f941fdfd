package dev.skiff.kubernetes.operator;

import static dev.skiff.kubernetes.operator.OperatorHarness.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.Broker;
import dev.skiff.api.Condition;
import dev.skiff.api.CronTrigger;
import dev.skiff.api.Destination;
import dev.skiff.kubernetes.model.BrokerResource;
import dev.skiff.kubernetes.model.CronTriggerResource;
import dev.skiff.kubernetes.model.ResourceStatus;
import dev.skiff.kubernetes.model.VolumeResource;
import dev.skiff.kubernetes.model.VolumeSpec;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Volumes, cron triggers and brokers on a cluster without Knative. */
@EnableKubernetesMockClient(crud = true)
class EventResourcesIT {
    private KubernetesClient client;
    private SkiffOperator operator;

    @BeforeEach
    void start() {
        operator = OperatorHarness.start(client, ClusterCapabilities.PLAIN);
    }

    @AfterEach
    void stop() {
        operator.close();
    }

    private <T extends CustomResource<?, ResourceStatus>> Condition awaitReady(Class<T> type, String name) {
        return EventingHarness.awaitStatus(client, type, name).conditions().getFirst();
    }

    @Test
    void volume_becomesAClaimOfItsName() {
        EventingHarness.create(client, new VolumeResource(), "montage-data", new VolumeSpec("2Gi", null, "standard"));

        assertThat(awaitReady(VolumeResource.class, "montage-data").isTrue()).isTrue();
        PersistentVolumeClaim claim = client.persistentVolumeClaims().inNamespace(NAMESPACE).withName("montage-data").get();
        assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
        assertThat(claim.getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("2Gi");
    }

    @Test
    void cronTrigger_withoutKnative_becomesACronJobCallingTheGateway() {
        EventingHarness.create(client, new CronTriggerResource(), "nightly",
                new CronTrigger.CronTriggerSpec("0 3 * * *", null, null, "{}", new Destination("hello")));

        assertThat(awaitReady(CronTriggerResource.class, "nightly").isTrue()).isTrue();
        CronJob job = client.batch().v1().cronjobs().inNamespace(NAMESPACE).withName("nightly").get();
        assertThat(job.getSpec().getSchedule()).isEqualTo("0 3 * * *");
        assertThat(job.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().getFirst().getArgs())
                .contains("http://skiff-gateway.skiff-system.svc.cluster.local/function/hello");
    }

    @Test
    void invalidCronTrigger_isRefusedInItsStatus() {
        EventingHarness.create(client, new CronTriggerResource(), "bad",
                new CronTrigger.CronTriggerSpec("every day", null, null, null, new Destination("hello")));

        Condition ready = awaitReady(CronTriggerResource.class, "bad");

        assertThat(ready.reason()).isEqualTo("InvalidSpec");
        assertThat(ready.message()).startsWith("spec.schedule: 'every day' is not a Unix cron schedule");
    }

    @Test
    void broker_withoutKnativeEventing_saysWhatIsMissing() {
        EventingHarness.create(client, new BrokerResource(), "default", new Broker.BrokerSpec(null));

        Condition ready = awaitReady(BrokerResource.class, "default");

        assertThat(ready.status()).isEqualTo("False");
        assertThat(ready.reason()).isEqualTo("KnativeEventingMissing");
    }

    @Test
    void cronTrigger_writtenWithTheOldFunctionName_callsThatFunction() {
        EventingHarness.createAsWritten(client, "CronTrigger", "crontriggers", """
                apiVersion: skiff.dev/v1alpha1
                kind: CronTrigger
                metadata:
                  name: hourly
                spec:
                  schedule: "0 * * * *"
                  function: reports
                """);

        assertThat(awaitReady(CronTriggerResource.class, "hourly").isTrue()).isTrue();
        CronJob job = client.batch().v1().cronjobs().inNamespace(NAMESPACE).withName("hourly").get();
        assertThat(job.getMetadata().getLabels()).containsEntry("skiff.dev/function", "reports");
        assertThat(job.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().getFirst().getArgs())
                .contains("http://skiff-gateway.skiff-system.svc.cluster.local/function/reports");
    }
}
