package dev.skiff.kubernetes.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.skiff.api.FieldError;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Resources written with the field names older resources used (fixtures/old-names/) read as the
 * current ones and are written in current names; an old name beside its new one saying something
 * else is refused, naming both.
 */
class OldNamesTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static Stream<Arguments> pairs() {
        return Stream.of(
                Arguments.of("old-names/broker.yaml", "broker.yaml", BrokerResource.class),
                Arguments.of("old-names/trigger.yaml", "trigger.yaml", TriggerResource.class),
                Arguments.of("old-names/trigger-both-agreeing.yaml", "trigger.yaml", TriggerResource.class),
                Arguments.of("old-names/crontrigger.yaml", "crontrigger.yaml", CronTriggerResource.class));
    }

    @ParameterizedTest(name = "{0} reads as {1}")
    @MethodSource("pairs")
    void oldNames_readAsTheCurrentOnes(String old, String current, Class<? extends SpecDocumentResource<?, ?>> type)
            throws IOException {
        SpecDocumentResource<?, ?> read = read(old, type);

        assertThat(read.getSpec()).isEqualTo(read(current, type).getSpec());
        assertThat(read.validate()).isEmpty();
        assertThat(spec(Serialization.asYaml(read))).isEqualTo(spec(RoundTripTest.read(current)));
    }

    static Stream<Arguments> disagreements() {
        return Stream.of(
                Arguments.of("old-names/trigger-disagreeing.yaml", TriggerResource.class, List.of(
                        "spec.filters: ask other than the deprecated spec.filter {type=image.converted} (read as one exact "
                                + "filter): set only spec.filters",
                        "spec.subscriber.function: 'notifier' disagrees with the deprecated spec.function 'mailer': set only "
                                + "spec.subscriber.function",
                        "spec.delivery.deadLetterSink.function: 'lost-and-found' disagrees with the deprecated "
                                + "spec.delivery.deadLetterFunction 'dead-letters': set only spec.delivery.deadLetterSink.function")),
                Arguments.of("old-names/crontrigger-disagreeing.yaml", CronTriggerResource.class, List.of(
                        "spec.sink.function: 'goodbye' disagrees with the deprecated spec.function 'hello': set only "
                                + "spec.sink.function")),
                Arguments.of("old-names/broker-disagreeing.yaml", BrokerResource.class, List.of(
                        "spec.delivery.deadLetterSink.function: 'lost-and-found' disagrees with the deprecated "
                                + "spec.delivery.deadLetterFunction 'dead-letters': set only spec.delivery.deadLetterSink.function")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("disagreements")
    void disagreeingNames_areRefused_namingBoth(String fixture, Class<? extends SpecDocumentResource<?, ?>> type,
                                                List<String> expected) {
        SpecDocumentResource<?, ?> read = read(fixture, type);

        assertThat(read.validate()).extracting(FieldError::toString).containsExactlyElementsOf(expected);
        assertThat(read.admit()).extracting(FieldError::toString).containsExactlyElementsOf(expected);
    }

    /** The operator reconciles a copy made by writing and reading the resource: the copy is refused alike. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("disagreements")
    void disagreeingNames_surviveACopy(String fixture, Class<? extends SpecDocumentResource<?, ?>> type, List<String> expected)
            throws IOException {
        SpecDocumentResource<?, ?> copy = Serialization.unmarshal(Serialization.asYaml(read(fixture, type)), type);

        assertThat(copy.validate()).extracting(FieldError::toString).containsExactlyElementsOf(expected);
        assertThat(spec(Serialization.asYaml(copy))).isEqualTo(spec(RoundTripTest.read(fixture)));
    }

    @Test
    void settingTheSpec_forgetsTheOldNames() throws IOException {
        TriggerResource trigger = read("old-names/trigger-disagreeing.yaml", TriggerResource.class);

        trigger.setSpec(trigger.getSpec());

        assertThat(trigger.validate()).isEmpty();
        assertThat(spec(Serialization.asYaml(trigger)).has("function")).isFalse();
        assertThat(trigger.getSpec().subscriber().function()).isEqualTo("notifier");
    }

    private static <T> T read(String fixture, Class<T> type) {
        try {
            return Serialization.unmarshal(RoundTripTest.read(fixture), type);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode spec(String yaml) throws IOException {
        return YAML.readTree(yaml).get("spec");
    }
}
