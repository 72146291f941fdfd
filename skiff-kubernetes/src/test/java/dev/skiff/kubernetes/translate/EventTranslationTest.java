package dev.skiff.kubernetes.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.api.DeliverySpec;
import dev.skiff.api.Destination;
import dev.skiff.api.FieldError;
import dev.skiff.api.Trigger;
import dev.skiff.kubernetes.model.BrokerResource;
import dev.skiff.kubernetes.model.CronTriggerResource;
import dev.skiff.kubernetes.model.SpecDocumentResource;
import dev.skiff.kubernetes.model.TriggerResource;
import dev.skiff.kubernetes.model.VolumeResource;
import dev.skiff.kubernetes.model.VolumeSpec;
import io.fabric8.knative.eventing.v1.Broker;
import io.fabric8.knative.sources.v1.PingSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven: each Skiff resource under translate/events/ and the Kubernetes or Knative object it
 * becomes; each written with the old field names (events/old-names/) becomes the very same object.
 */
class EventTranslationTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                eventing("broker.yaml", BrokerResource.class, KnativeEventing::broker, "knative-broker.yaml", Broker.class),
                eventing("trigger.yaml", TriggerResource.class, KnativeEventing::trigger, "knative-trigger.yaml",
                        io.fabric8.knative.eventing.v1.Trigger.class),
                eventing("trigger-unordered.yaml", TriggerResource.class, KnativeEventing::trigger,
                        "knative-trigger-unordered.yaml", io.fabric8.knative.eventing.v1.Trigger.class),
                eventing("trigger-filters.yaml", TriggerResource.class, KnativeEventing::trigger, "knative-trigger-filters.yaml",
                        io.fabric8.knative.eventing.v1.Trigger.class),
                eventing("crontrigger.yaml", CronTriggerResource.class, KnativeEventing::pingSource, "pingsource.yaml",
                        PingSource.class),
                eventing("crontrigger.yaml", CronTriggerResource.class, c -> CronJobs.desired(c, TranslationConfig.DEFAULT),
                        "cronjob.yaml", CronJob.class),
                eventing("old-names/broker.yaml", BrokerResource.class, KnativeEventing::broker, "knative-broker.yaml",
                        Broker.class),
                eventing("old-names/trigger.yaml", TriggerResource.class, KnativeEventing::trigger, "knative-trigger.yaml",
                        io.fabric8.knative.eventing.v1.Trigger.class),
                eventing("old-names/trigger-unordered.yaml", TriggerResource.class, KnativeEventing::trigger,
                        "knative-trigger-unordered.yaml", io.fabric8.knative.eventing.v1.Trigger.class),
                eventing("old-names/crontrigger.yaml", CronTriggerResource.class, KnativeEventing::pingSource, "pingsource.yaml",
                        PingSource.class),
                eventing("old-names/crontrigger.yaml", CronTriggerResource.class,
                        c -> CronJobs.desired(c, TranslationConfig.DEFAULT), "cronjob.yaml", CronJob.class),
                Arguments.of("volume.yaml -> pvc.yaml", (Function<String, HasMetadata>) path -> {
                    VolumeResource volume = Fixtures.read(path, VolumeResource.class);
                    volume.setSpec(VolumeSpec.defaulted(volume.getSpec()));
                    return PersistentVolumeClaims.desired(volume);
                }, "events/volume.yaml", "events/pvc.yaml", PersistentVolumeClaim.class));
    }

    /** A case: the resource at events/{@code input}, admitted (defaulted and valid), then translated. */
    private static <R extends SpecDocumentResource<?, ?>> Arguments eventing(String input, Class<R> type,
            Function<R, HasMetadata> translation, String expected, Class<? extends HasMetadata> made) {
        Function<String, HasMetadata> admitted = path -> {
            R resource = Fixtures.read(path, type);
            assertThat(resource.admit()).as("errors in %s", path).isEmpty();
            return translation.apply(resource);
        };
        return Arguments.of(input + " -> " + expected, admitted, "events/" + input, "events/" + expected, made);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void translate_resource_makesTheExpectedObject(String name, Function<String, HasMetadata> translation, String input,
                                                    String expected, Class<? extends HasMetadata> type) {
        HasMetadata made = translation.apply(input);

        assertThat(made).isInstanceOf(type);
        assertThat(Serialization.asYaml(made)).isEqualTo(Serialization.asYaml(Fixtures.read(expected, type)));
    }

    @Test
    void triggerOnATopic_isNotMade_sayingWhy() {
        TriggerResource trigger = trigger(new Trigger.TriggerSpec(null, "photos", null, new Destination("mailer"), null));
        assertThat(trigger.admit()).isEmpty();

        assertThatThrownBy(() -> KnativeEventing.trigger(trigger)).isInstanceOfSatisfying(TranslationException.class, e -> {
            assertThat(e.reason()).isEqualTo("TopicsUnsupported");
            assertThat(e.getMessage()).startsWith("spec.topic: the Kubernetes mode has no topics");
        });
    }

    @Test
    void maxInFlight_onAnUnorderedTrigger_isIgnored_sayingWhy() {
        Trigger.TriggerSpec given = new Trigger.TriggerSpec("default", null, null, new Destination("mailer"),
                new DeliverySpec(null, null, null, null, "unordered", 8));

        assertThat(KnativeEventing.ignored(given)).extracting(FieldError::toString)
                .containsExactly("spec.delivery.maxInFlight: Knative's data plane decides how many events are in flight");
    }

    @Test
    void nothingIgnored_whenMaxInFlightIsUnsetOrTheOrderedOne() {
        Trigger.TriggerSpec unset = new Trigger.TriggerSpec("default", null, null, new Destination("mailer"),
                new DeliverySpec(null, null, null, null, "unordered", null));
        Trigger.TriggerSpec ordered = new Trigger.TriggerSpec("default", null, null, new Destination("mailer"),
                new DeliverySpec(null, null, null, null, "ordered", 1));

        assertThat(KnativeEventing.ignored(unset)).isEmpty();
        assertThat(KnativeEventing.ignored(ordered)).isEmpty();
        assertThat(KnativeEventing.ignored(null)).isEmpty();
    }

    private static TriggerResource trigger(Trigger.TriggerSpec spec) {
        TriggerResource trigger = new TriggerResource();
        trigger.setMetadata(new ObjectMetaBuilder().withName("photos").withNamespace("images").build());
        trigger.setSpec(spec);
        return trigger;
    }
}
