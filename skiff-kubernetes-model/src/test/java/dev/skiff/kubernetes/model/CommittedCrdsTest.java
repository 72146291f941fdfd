package dev.skiff.kubernetes.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The CRDs committed under deploy/kubernetes/crds/ are the ones this build generated from the classes, old names included. */
class CommittedCrdsTest {
    private static final Path GENERATED = Path.of("target/classes/META-INF/fabric8");
    private static final Path COMMITTED = Path.of("../deploy/kubernetes/crds");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void committedCrds_matchTheGeneratedOnes() throws IOException {
        List<String> generated = names(GENERATED);
        assertThat(generated).containsExactlyInAnyOrder("brokers.skiff.dev-v1.yml", "crontriggers.skiff.dev-v1.yml",
                "functions.skiff.dev-v1.yml", "triggers.skiff.dev-v1.yml", "volumes.skiff.dev-v1.yml");
        assertThat(names(COMMITTED)).containsExactlyInAnyOrderElementsOf(generated);
        for (String name : generated) {
            assertThat(Files.readString(COMMITTED.resolve(name)))
                    .as("%s is stale: cp skiff-kubernetes-model/target/classes/META-INF/fabric8/*.yml deploy/kubernetes/crds/", name)
                    .isEqualTo(Files.readString(GENERATED.resolve(name)));
        }
    }

    static Stream<Arguments> oldNames() {
        return Stream.of(
                Arguments.of("brokers.skiff.dev-v1.yml", "delivery.deadLetterFunction"),
                Arguments.of("triggers.skiff.dev-v1.yml", "delivery.deadLetterFunction"),
                Arguments.of("triggers.skiff.dev-v1.yml", "filter"),
                Arguments.of("triggers.skiff.dev-v1.yml", "function"),
                Arguments.of("crontriggers.skiff.dev-v1.yml", "function"));
    }

    /** A structural schema's API server drops fields it does not name: the old names stay, each marked deprecated. */
    @ParameterizedTest(name = "{0}: spec.{1}")
    @MethodSource("oldNames")
    void oldNames_stayInTheSchema_markedDeprecated(String crd, String path) throws IOException {
        JsonNode node = YAML.readTree(Files.readString(GENERATED.resolve(crd)))
                .at("/spec/versions/0/schema/openAPIV3Schema/properties/spec");
        for (String name : path.split("\\.")) {
            node = node.path("properties").path(name);
        }

        assertThat(node.path("description").asText()).startsWith("Deprecated alias of ");
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yml")).toList();
        }
    }
}
