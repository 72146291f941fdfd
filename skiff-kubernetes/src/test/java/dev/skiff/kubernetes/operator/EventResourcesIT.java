package dev.skiff.kubernetes.operator;

import static dev.skiff.kubernetes.operator.OperatorHarness.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.api.Condition;
import dev.skiff.kubernetes.model.BrokerResource;
import dev.skiff.kubernetes.model.BrokerSpec;
import dev.skiff.kubernetes.model.CronTriggerResource;
import dev.skiff.kubernetes.model.CronTriggerSpec;
import dev.skiff.kubernetes.model.ResourceStatus;
import dev.skiff.kubernetes.model.VolumeResource;
import dev.skiff.kubernetes.model.VolumeSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
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
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            T r = client.resources(type).inNamespace(NAMESPACE).withName(name).get();
            return r != null && r.getStatus() != null;
        });
        return client.resources(type).inNamespace(NAMESPACE).withName(name).get().getStatus().conditions().getFirst();
    }

    @Test
    void volume_becomesAClaimOfItsName() {
        VolumeResource volume = new VolumeResource();
        volume.setMetadata(new ObjectMetaBuilder().withName("montage-data").withNamespace(NAMESPACE).build());
        volume.setSpec(new VolumeSpec("2Gi", null, "standard"));
        client.resource(volume).create();

        assertThat(awaitReady(VolumeResource.class, "montage-data").isTrue()).isTrue();
        PersistentVolumeClaim claim = client.persistentVolumeClaims().inNamespace(NAMESPACE).withName("montage-data").get();
        assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
        assertThat(claim.getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("2Gi");
    }

    @Test
    void cronTrigger_withoutKnative_becomesACronJobCallingTheGateway() {
        CronTriggerResource trigger = new CronTriggerResource();
        trigger.setMetadata(new ObjectMetaBuilder().withName("nightly").withNamespace(NAMESPACE).build());
        trigger.setSpec(new CronTriggerSpec("0 3 * * *", null, "hello", "{}", null));
        client.resource(trigger).create();

        assertThat(awaitReady(CronTriggerResource.class, "nightly").isTrue()).isTrue();
        CronJob job = client.batch().v1().cronjobs().inNamespace(NAMESPACE).withName("nightly").get();
        assertThat(job.getSpec().getSchedule()).isEqualTo("0 3 * * *");
        assertThat(job.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().getFirst().getArgs())
                .contains("http://skiff-gateway.skiff-system.svc.cluster.local/function/hello");
    }

    @Test
    void invalidCronTrigger_isRefusedInItsStatus() {
        CronTriggerResource trigger = new CronTriggerResource();
        trigger.setMetadata(new ObjectMetaBuilder().withName("bad").withNamespace(NAMESPACE).build());
        trigger.setSpec(new CronTriggerSpec("every day", null, "hello", null, null));
        client.resource(trigger).create();

        Condition ready = awaitReady(CronTriggerResource.class, "bad");

        assertThat(ready.reason()).isEqualTo("InvalidSpec");
        assertThat(ready.message()).startsWith("spec.schedule: 'every day' is not a cron schedule");
    }

    @Test
    void broker_withoutKnativeEventing_saysWhatIsMissing() {
        BrokerResource broker = new BrokerResource();
        broker.setMetadata(new ObjectMetaBuilder().withName("default").withNamespace(NAMESPACE).build());
        broker.setSpec(new BrokerSpec(null));
        client.resource(broker).create();

        Condition ready = awaitReady(BrokerResource.class, "default");

        assertThat(ready.status()).isEqualTo("False");
        assertThat(ready.reason()).isEqualTo("KnativeEventingMissing");
    }
}
