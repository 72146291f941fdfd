package dev.skiff.kubernetes.translate;

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

/** Skiff's CRDs (deploy/kubernetes/crds) meet the structural-schema rules an API server enforces. */
class StructuralSchemaTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void everyVersionOfEveryCrd_isStructural() throws IOException {
        List<Path> crds;
        try (Stream<Path> files = Files.list(Path.of("../deploy/kubernetes/crds"))) {
            crds = files.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
        }
        assertThat(crds).hasSize(5);
        for (Path crd : crds) {
            for (JsonNode version : YAML.readTree(crd.toFile()).path("spec").path("versions")) {
                JsonNode schema = version.path("schema").path("openAPIV3Schema");
                assertThat(schema.isObject()).as(crd + " has a schema").isTrue();
                assertThat(StructuralSchema.violations(schema)).as(crd.getFileName() + " " + version.path("name").asText())
                        .isEmpty();
            }
        }
    }

    @Test
    void theRules_catchWhatAnApiServerRefuses() throws IOException {
        JsonNode schema = YAML.readTree("""
                type: object
                properties:
                  metadata: {type: object, properties: {name: {type: string}}, description: no}
                  spec:
                    type: object
                    properties:
                      untyped: {description: no type}
                      list: {type: array}
                      both: {type: object, properties: {a: {type: string}}, additionalProperties: {type: string}}
                      linked: {$ref: '#/definitions/x', type: object}
                      port: {x-kubernetes-int-or-string: true}
                """);

        assertThat(StructuralSchema.violations(schema)).containsExactlyInAnyOrder(
                "metadata: may only give name's and generateName's type, not description",
                ".spec.untyped: has no type", ".spec.list: is an array without items",
                ".spec.both: has both properties and additionalProperties", ".spec.linked: uses $ref");
    }
}
