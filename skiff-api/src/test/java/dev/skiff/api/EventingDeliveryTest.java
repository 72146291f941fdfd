package dev.skiff.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A trigger's delivery: the ordering's defaults, their validation, and that brokers and topics cannot set it. */
class EventingDeliveryTest {
    private static Trigger trigger(DeliverySpec delivery) {
        return Trigger.of("t", new Trigger.TriggerSpec("b", null, null, new Destination("f"), delivery));
    }

    private static DeliverySpec ordering(String ordering, Integer maxInFlight) {
        return new DeliverySpec(null, null, null, null, ordering, maxInFlight);
    }

    private static List<String> errors(DeliverySpec delivery) {
        return EventingValidation.validate(trigger(delivery)).stream().map(FieldError::toString).toList();
    }

    @Test
    void defaults_noOrdering_isOrderedWithOneInFlight() {
        DeliverySpec defaulted = EventingDefaults.delivery(null, null);

        assertThat(defaulted.ordering()).isEqualTo("ordered");
        assertThat(defaulted.maxInFlight()).isEqualTo(1);
        assertThat(defaulted.unordered()).isFalse();
        assertThat(defaulted.retry()).isEqualTo(10);
    }

    @Test
    void defaults_unorderedWithoutABound_gets32InFlight() {
        DeliverySpec defaulted = EventingDefaults.delivery(ordering("unordered", null), null);

        assertThat(defaulted.unordered()).isTrue();
        assertThat(defaulted.maxInFlight()).isEqualTo(EventingDefaults.MAX_IN_FLIGHT).isEqualTo(32);
    }

    @Test
    void defaults_keepTheTriggersOwnBoundAndInheritRetriesFromTheBroker() {
        DeliverySpec broker = new DeliverySpec(3, "linear", "PT1S", null);

        DeliverySpec defaulted = EventingDefaults.delivery(ordering("unordered", 8), broker);

        assertThat(defaulted).isEqualTo(new DeliverySpec(3, "linear", "PT1S", null, "unordered", 8));
    }

    @Test
    void defaults_areStableWhenAppliedAgain() {
        DeliverySpec once = EventingDefaults.delivery(ordering("unordered", 5), null);

        assertThat(EventingDefaults.delivery(once, null)).isEqualTo(once);
    }

    @Test
    void validate_goodOrderings_haveNoErrors() {
        assertThat(errors(ordering("ordered", null))).isEmpty();
        assertThat(errors(ordering("ordered", 1))).isEmpty();
        assertThat(errors(ordering("unordered", null))).isEmpty();
        assertThat(errors(ordering("unordered", 1))).isEmpty();
        assertThat(errors(ordering("unordered", 1000))).isEmpty();
    }

    @Test
    void validate_unknownOrdering_namesTheChoices() {
        assertThat(errors(ordering("random", null)))
                .containsExactly("spec.delivery.ordering: 'random' is not one of ordered, unordered");
    }

    @Test
    void validate_boundOutOfRange_isAnError() {
        assertThat(errors(ordering("unordered", 0))).containsExactly("spec.delivery.maxInFlight: is 0; must be between 1 and 1000");
        assertThat(errors(ordering("unordered", 1001))).containsExactly(
                "spec.delivery.maxInFlight: is 1001; must be between 1 and 1000");
    }

    @Test
    void validate_boundAboveOneWhenOrdered_saysToChooseUnordered() {
        assertThat(errors(ordering(null, 8))).singleElement().asString()
                .startsWith("spec.delivery.maxInFlight: is 8, but an ordered trigger has one event in flight");
        assertThat(errors(ordering("ordered", 8))).hasSize(1);
    }

    @Test
    void validate_orderingOnABrokerOrTopic_isRefused() {
        DeliverySpec delivery = ordering("unordered", 4);

        assertThat(EventingValidation.validate(Broker.of("b"), Broker.KIND, delivery)).extracting(FieldError::toString)
                .containsExactly("spec.delivery.ordering: is set per trigger, not on a broker",
                        "spec.delivery.maxInFlight: is set per trigger, not on a broker");
        Topic topic = new Topic(null, null, ObjectMeta.named("photos"), new Topic.TopicSpec(ordering("ordered", null)), null);
        assertThat(EventingValidation.validate(topic, Topic.KIND, topic.spec().delivery())).extracting(FieldError::toString)
                .containsExactly("spec.delivery.ordering: is set per trigger, not on a topic");
    }

    @Test
    void documents_readAndWriteTheNewFields() throws Exception {
        DeliverySpec read = Documents.json().readValue("{\"ordering\": \"unordered\", \"maxInFlight\": 16}", DeliverySpec.class);

        assertThat(read).isEqualTo(ordering("unordered", 16));
        assertThat(Documents.json().writeValueAsString(read)).isEqualTo("{\"ordering\":\"unordered\",\"maxInFlight\":16}");
    }
}
