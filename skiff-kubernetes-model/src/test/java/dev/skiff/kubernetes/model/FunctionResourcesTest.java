package dev.skiff.kubernetes.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class FunctionResourcesTest {

    @Test
    void toResource_thenToFunction_keepsNameNamespaceAndSpec() {
        FunctionSpec spec = FunctionSpec.builder().runtime("python3").handler("hello.handle")
                .source(Source.text("hello.py", "def handle(req): pass")).build();

        FunctionResource resource = FunctionResources.toResource(Function.of("hello", spec), "team-a");
        Function back = FunctionResources.toFunction(resource);

        assertThat(resource.getMetadata().getNamespace()).isEqualTo("team-a");
        assertThat(back.name()).isEqualTo("hello");
        assertThat(back.metadata().namespace()).isEqualTo("team-a");
        assertThat(back.spec()).isEqualTo(spec);
        assertThat(back.apiVersion()).isEqualTo("skiff.dev/v1alpha1");
    }

    @Test
    void toFunction_fixture_carriesStatusAndGeneration() throws IOException {
        FunctionResource resource = Serialization.unmarshal(RoundTripTest.read("function.yaml"), FunctionResource.class);
        resource.getMetadata().setGeneration(2L);

        Function function = FunctionResources.toFunction(resource);

        assertThat(function.status().latestReadyRevision()).isEqualTo("hello-00002");
        assertThat(function.status().isReady()).isTrue();
        assertThat(function.metadata().generation()).isEqualTo(2L);
        assertThat(function.spec().volumes().get(0).isReadOnly()).isFalse();
    }
}
