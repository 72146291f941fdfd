package dev.skiff.kubernetes.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each fixture, in current field names, reads into its class through fabric8's serialization and writes back to the same tree. */
class RoundTripTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of("function.yaml", FunctionResource.class),
                Arguments.of("broker.yaml", BrokerResource.class),
                Arguments.of("trigger.yaml", TriggerResource.class),
                Arguments.of("trigger-all-fields.yaml", TriggerResource.class),
                Arguments.of("crontrigger.yaml", CronTriggerResource.class),
                Arguments.of("volume.yaml", VolumeResource.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void roundTrip_fixture_writesTheSameDocument(String fixture, Class<? extends CustomResource<?, ?>> type) throws IOException {
        String text = read(fixture);

        CustomResource<?, ?> resource = Serialization.unmarshal(text, type);
        JsonNode written = YAML.readTree(Serialization.asYaml(resource));

        assertThat(written).isEqualTo(YAML.readTree(text));
        assertThat(resource.getSpec()).isNotNull();
    }

    static String read(String fixture) throws IOException {
        try (InputStream in = RoundTripTest.class.getResourceAsStream("/fixtures/" + fixture)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
