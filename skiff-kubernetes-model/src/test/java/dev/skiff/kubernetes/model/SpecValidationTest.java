package dev.skiff.kubernetes.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.FieldError;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecValidationTest {

    private static List<String> fields(List<FieldError> errors) {
        return errors.stream().map(FieldError::field).toList();
    }

    @Test
    void brokerDefaults_areKnativesBrokerDefaults() {
        BrokerSpec spec = new BrokerSpec(null).defaulted();

        assertThat(spec.delivery()).isEqualTo(new DeliverySpec(10, "exponential", "PT0.2S", null, null));
        assertThat(spec.validate()).isEmpty();
    }

    @Test
    void triggerWithBadFields_namesEachField() {
        TriggerSpec spec = new TriggerSpec("Default", Map.of("Type", "x"), null,
                new DeliverySpec(-1, "random", "200ms", "Dead", "sideways")).defaulted();

        assertThat(fields(spec.validate())).containsExactlyInAnyOrder("spec.broker", "spec.function", "spec.filter.Type",
                "spec.delivery.retry", "spec.delivery.backoffPolicy", "spec.delivery.backoffDelay",
                "spec.delivery.deadLetterFunction", "spec.delivery.ordering");
    }

    @Test
    void triggerWithoutBroker_listensOnDefault() {
        TriggerSpec spec = new TriggerSpec(null, Map.of("type", "image.converted"), "mailer", null).defaulted();

        assertThat(spec.broker()).isEqualTo("default");
        assertThat(spec.delivery().ordering()).isEqualTo("ordered");
        assertThat(spec.validate()).isEmpty();
    }

    @Test
    void triggerUnordered_isKept() {
        TriggerSpec spec = new TriggerSpec(null, null, "mailer", new DeliverySpec(null, null, null, null, "unordered")).defaulted();

        assertThat(spec.delivery()).isEqualTo(new DeliverySpec(10, "exponential", "PT0.2S", null, "unordered"));
        assertThat(spec.validate()).isEmpty();
    }

    @Test
    void brokerWithOrdering_isRefused() {
        BrokerSpec spec = new BrokerSpec(new DeliverySpec(null, null, null, null, "unordered")).defaulted();

        assertThat(spec.validate()).extracting(FieldError::toString)
                .containsExactly("spec.delivery.ordering: is set per trigger, not on a broker");
    }

    @Test
    void cronTrigger_badScheduleAndZone_areRefused() {
        CronTriggerSpec spec = new CronTriggerSpec("every minute", "Mars/Olympus", "hello", null, null).defaulted();

        List<FieldError> errors = spec.validate();

        assertThat(fields(errors)).containsExactly("spec.schedule", "spec.timezone");
        assertThat(errors.get(0).message()).contains("five fields");
    }

    @Test
    void cronTrigger_defaults_utcJsonEmptyBody() {
        CronTriggerSpec spec = new CronTriggerSpec("*/5 * * * *", null, "hello", null, null).defaulted();

        assertThat(spec).isEqualTo(new CronTriggerSpec("*/5 * * * *", "UTC", "hello", "", "application/json"));
        assertThat(spec.validate()).isEmpty();
    }

    @Test
    void volume_defaultsAndBadFields() {
        assertThat(VolumeSpec.defaulted(null)).isEqualTo(new VolumeSpec("1Gi", "ReadWriteOnce", null));
        assertThat(fields(new VolumeSpec("lots", "ReadWriteSometimes", null).validate()))
                .containsExactly("spec.size", "spec.accessMode");
    }
}
