package dev.skiff.kubernetes.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.Broker;
import dev.skiff.api.CronTrigger;
import dev.skiff.api.DeliverySpec;
import dev.skiff.api.Destination;
import dev.skiff.api.FieldError;
import dev.skiff.api.Trigger;
import dev.skiff.api.TriggerFilter;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each kind's defaults and validation: skiff-api's EventingDefaults and EventingValidation, with the cluster's own broker default. */
class SpecValidationTest {

    private static List<String> fields(List<FieldError> errors) {
        return errors.stream().map(FieldError::field).toList();
    }

    private static <R extends SkiffResource<S, ?>, S> R named(R resource, String name, S spec) {
        resource.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("default").build());
        resource.setSpec(spec);
        return resource;
    }

    private static TriggerResource trigger(Trigger.TriggerSpec spec) {
        return named(new TriggerResource(), "notify", spec);
    }

    private static DeliverySpec delivery(String ordering, Integer maxInFlight) {
        return new DeliverySpec(null, null, null, null, ordering, maxInFlight);
    }

    @Test
    void brokerDefaults_areKnativesBrokerDefaults() {
        BrokerResource broker = named(new BrokerResource(), "default", null);

        assertThat(broker.admit()).isEmpty();
        assertThat(broker.getSpec().delivery()).isEqualTo(new DeliverySpec(10, "exponential", "PT0.2S", null));
    }

    @Test
    void brokerWithOrderingOrMaxInFlight_isRefused() {
        BrokerResource broker = named(new BrokerResource(), "default", new Broker.BrokerSpec(delivery("unordered", 4)));

        assertThat(broker.admit()).extracting(FieldError::toString).containsExactly(
                "spec.delivery.ordering: is set per trigger, not on a broker",
                "spec.delivery.maxInFlight: is set per trigger, not on a broker");
        assertThat(broker.getSpec().delivery().ordering()).as("a refused spec is left as given").isEqualTo("unordered");
    }

    @Test
    void triggerWithBadFields_namesEachField() {
        TriggerResource trigger = named(new TriggerResource(), "Notify", new Trigger.TriggerSpec("default", null,
                List.of(TriggerFilter.exact("Type", "x"), new TriggerFilter(null, null, null)), null,
                new DeliverySpec(-1, "random", "200ms", new Destination("Dead"), "sideways", null)));

        assertThat(fields(trigger.validate())).containsExactlyInAnyOrder("metadata.name", "spec.subscriber.function",
                "spec.filters[0]", "spec.filters[1]", "spec.delivery.retry", "spec.delivery.backoffPolicy",
                "spec.delivery.backoffDelay", "spec.delivery.deadLetterSink.function", "spec.delivery.ordering");
    }

    @Test
    void triggerWithoutBrokerOrTopic_listensOnDefault_ordered() {
        TriggerResource trigger = trigger(new Trigger.TriggerSpec(null, null, List.of(TriggerFilter.exact("type", "image.converted")),
                new Destination("mailer"), null));

        assertThat(trigger.admit()).isEmpty();
        assertThat(trigger.getSpec().broker()).isEqualTo("default");
        assertThat(trigger.getSpec().delivery()).isEqualTo(new DeliverySpec(10, "exponential", "PT0.2S", null, "ordered", 1));
    }

    @Test
    void triggerOnATopic_keepsItAndGetsNoBroker() {
        TriggerResource trigger = trigger(new Trigger.TriggerSpec(null, "photos", null, new Destination("mailer"), null));

        assertThat(trigger.admit()).isEmpty();
        assertThat(trigger.getSpec().broker()).isNull();
        assertThat(trigger.getSpec().topic()).isEqualTo("photos");
        assertThat(trigger.getSpec().filters()).isEmpty();
    }

    @Test
    void triggerOnABrokerAndATopic_isRefused() {
        TriggerResource trigger = trigger(new Trigger.TriggerSpec("default", "photos", null, new Destination("mailer"), null));

        assertThat(trigger.validate()).extracting(FieldError::toString)
                .containsExactly("spec.broker: name exactly one of spec.broker and spec.topic");
    }

    @Test
    void triggerUnordered_isKept_withItsBound() {
        TriggerResource trigger = trigger(new Trigger.TriggerSpec(null, null, null, new Destination("mailer"),
                delivery("unordered", null)));

        assertThat(trigger.admit()).isEmpty();
        assertThat(trigger.getSpec().delivery()).isEqualTo(new DeliverySpec(10, "exponential", "PT0.2S", null, "unordered", 32));
    }

    @Test
    void triggerOrdered_withMoreInFlight_isRefused() {
        TriggerResource trigger = trigger(new Trigger.TriggerSpec(null, null, null, new Destination("mailer"),
                delivery("ordered", 4)));

        assertThat(fields(trigger.validate())).containsExactly("spec.delivery.maxInFlight");
    }

    @Test
    void triggerWithoutSpec_isRefused() {
        assertThat(trigger(null).validate()).extracting(FieldError::toString).containsExactly("spec: is required");
    }

    @Test
    void cronTrigger_badScheduleAndZone_areRefused() {
        CronTriggerResource cron = named(new CronTriggerResource(), "nightly",
                new CronTrigger.CronTriggerSpec("every minute", "Mars/Olympus", null, null, new Destination("hello")));

        List<FieldError> errors = cron.admit();

        assertThat(fields(errors)).containsExactly("spec.schedule", "spec.timezone");
        assertThat(errors.get(0).message()).isEqualTo("'every minute' is not a Unix cron schedule: five fields, "
                + "minute hour day-of-month month day-of-week (e.g. */5 * * * *)");
    }

    @Test
    void cronTrigger_withoutScheduleOrSink_isRefused() {
        CronTriggerResource cron = named(new CronTriggerResource(), "nightly",
                new CronTrigger.CronTriggerSpec(" ", null, null, null, null));

        assertThat(fields(cron.validate())).containsExactly("spec.schedule", "spec.sink.function");
    }

    @Test
    void cronTrigger_defaults_utcJson_dataAsGiven() {
        CronTriggerResource cron = named(new CronTriggerResource(), "nightly",
                new CronTrigger.CronTriggerSpec("*/5 * * * *", null, "", null, new Destination("hello")));

        assertThat(cron.admit()).isEmpty();
        assertThat(cron.getSpec()).isEqualTo(new CronTrigger.CronTriggerSpec("*/5 * * * *", "UTC", "application/json", null,
                new Destination("hello")));
    }

    @Test
    void volume_defaultsAndBadFields() {
        assertThat(VolumeSpec.defaulted(null)).isEqualTo(new VolumeSpec("1Gi", "ReadWriteOnce", null));
        assertThat(fields(new VolumeSpec("lots", "ReadWriteSometimes", null).validate()))
                .containsExactly("spec.size", "spec.accessMode");
    }

    @Test
    void filtersOnlyExact_readAsOneAttributeMap() {
        assertThat(TriggerFilters.exactOnly(List.of(TriggerFilter.exact("type", "a"), TriggerFilter.exact("source", "b"))))
                .isEqualTo(Map.of("type", "a", "source", "b"));
        assertThat(TriggerFilters.exactOnly(List.of(TriggerFilter.exact("type", "a"), TriggerFilter.exact("type", "b")))).isNull();
        assertThat(TriggerFilters.exactOnly(List.of(new TriggerFilter(null, Map.of("type", "a"), null)))).isNull();
    }
}
