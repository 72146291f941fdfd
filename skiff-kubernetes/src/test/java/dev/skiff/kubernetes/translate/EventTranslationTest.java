package dev.skiff.kubernetes.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.kubernetes.model.BrokerResource;
import dev.skiff.kubernetes.model.CronTriggerResource;
import dev.skiff.kubernetes.model.TriggerResource;
import dev.skiff.kubernetes.model.VolumeResource;
import dev.skiff.kubernetes.model.VolumeSpec;
import io.fabric8.knative.eventing.v1.Broker;
import io.fabric8.knative.eventing.v1.Trigger;
import io.fabric8.knative.sources.v1.PingSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Table-driven: each Skiff resource under translate/events/ and the Kubernetes or Knative object it becomes. */
class EventTranslationTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("broker.yaml -> knative-broker.yaml", (Supplier<HasMetadata>) () -> {
                    BrokerResource broker = Fixtures.read("events/broker.yaml", BrokerResource.class);
                    broker.setSpec(broker.getSpec().defaulted());
                    return KnativeEventing.broker(broker);
                }, "events/knative-broker.yaml", Broker.class),
                Arguments.of("trigger.yaml -> knative-trigger.yaml", (Supplier<HasMetadata>) () -> {
                    TriggerResource trigger = Fixtures.read("events/trigger.yaml", TriggerResource.class);
                    trigger.setSpec(trigger.getSpec().defaulted());
                    return KnativeEventing.trigger(trigger);
                }, "events/knative-trigger.yaml", Trigger.class),
                Arguments.of("trigger-unordered.yaml -> knative-trigger-unordered.yaml", (Supplier<HasMetadata>) () -> {
                    TriggerResource trigger = Fixtures.read("events/trigger-unordered.yaml", TriggerResource.class);
                    trigger.setSpec(trigger.getSpec().defaulted());
                    return KnativeEventing.trigger(trigger);
                }, "events/knative-trigger-unordered.yaml", Trigger.class),
                Arguments.of("crontrigger.yaml -> pingsource.yaml", (Supplier<HasMetadata>) () ->
                        KnativeEventing.pingSource(cronTrigger()), "events/pingsource.yaml", PingSource.class),
                Arguments.of("crontrigger.yaml -> cronjob.yaml", (Supplier<HasMetadata>) () ->
                        CronJobs.desired(cronTrigger(), TranslationConfig.DEFAULT), "events/cronjob.yaml", CronJob.class),
                Arguments.of("volume.yaml -> pvc.yaml", (Supplier<HasMetadata>) () -> {
                    VolumeResource volume = Fixtures.read("events/volume.yaml", VolumeResource.class);
                    volume.setSpec(VolumeSpec.defaulted(volume.getSpec()));
                    return PersistentVolumeClaims.desired(volume);
                }, "events/pvc.yaml", PersistentVolumeClaim.class));
    }

    private static CronTriggerResource cronTrigger() {
        CronTriggerResource trigger = Fixtures.read("events/crontrigger.yaml", CronTriggerResource.class);
        trigger.setSpec(trigger.getSpec().defaulted());
        return trigger;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void translate_resource_makesTheExpectedObject(String name, Supplier<HasMetadata> translation, String expected,
                                                    Class<? extends HasMetadata> type) {
        HasMetadata made = translation.get();

        assertThat(made).isInstanceOf(type);
        assertThat(Serialization.asYaml(made)).isEqualTo(Serialization.asYaml(Fixtures.read(expected, type)));
    }
}
