package dev.skiff.kubernetes.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.FunctionSpec;
import dev.skiff.kubernetes.model.FunctionResource;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven: each directory under translate/ holds a {@code function.yaml} and, one file per
 * object, what it must become (a case shows the objects it is about). The source ConfigMap is made
 * exactly when the case has a {@code configmap.yaml}. Expected files are read into fabric8's typed
 * classes (Knative's too), so a fixture that is not well formed fails.
 */
class FunctionTranslationTest {
    private static final Map<String, Class<? extends HasMetadata>> OUTPUTS = Map.of(
            "knative-service.yaml", io.fabric8.knative.serving.v1.Service.class,
            "configmap.yaml", ConfigMap.class,
            "deployment.yaml", Deployment.class,
            "service-revision.yaml", io.fabric8.kubernetes.api.model.Service.class,
            "service-function.yaml", io.fabric8.kubernetes.api.model.Service.class);

    static Stream<String> cases() {
        return Stream.of("hello", "split", "image", "http-app");
    }

    /** Every object the operator makes for the case's function, at its first revision, by file name. */
    static Map<String, HasMetadata> translate(String name) {
        FunctionResource resource = Fixtures.read(name + "/function.yaml", FunctionResource.class);
        String function = resource.getMetadata().getName();
        FunctionSpec spec = Fixtures.admission().admit(function, resource.getSpec());
        FunctionRevision revision = FunctionRevision.of(resource.getMetadata().getNamespace(), function,
                SpecHash.revisionFor(function, null, null, SpecHash.of(spec)), spec);
        TranslationConfig config = TranslationConfig.DEFAULT;
        Map<String, HasMetadata> objects = new LinkedHashMap<>();
        objects.put("knative-service.yaml", KnativeServices.desired(revision, config));
        Optional<ConfigMap> source = SourceConfigMaps.desired(revision);
        source.ifPresent(map -> objects.put("configmap.yaml", map));
        objects.put("deployment.yaml", Deployments.desired(revision, config, Deployments.replicas(revision, null)));
        objects.put("service-revision.yaml", Services.revision(revision));
        objects.put("service-function.yaml", Services.function(revision));
        return objects;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void translate_fixture_makesExactlyTheExpectedObjects(String name) {
        Map<String, HasMetadata> actual = translate(name);

        assertThat(actual.containsKey("configmap.yaml")).as("%s makes a source ConfigMap", name)
                .isEqualTo(Fixtures.text(name + "/configmap.yaml") != null);
        int compared = 0;
        for (Map.Entry<String, Class<? extends HasMetadata>> output : OUTPUTS.entrySet()) {
            String expected = Fixtures.text(name + "/" + output.getKey());
            if (expected != null) {
                assertThat(Serialization.asYaml(actual.get(output.getKey()))).as("%s/%s", name, output.getKey())
                        .isEqualTo(Serialization.asYaml(Serialization.unmarshal(expected, output.getValue())));
                compared++;
            }
        }
        assertThat(compared).as("objects compared for %s", name).isPositive();
    }
}
