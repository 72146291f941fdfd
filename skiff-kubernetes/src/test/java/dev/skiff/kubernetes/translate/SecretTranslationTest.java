package dev.skiff.kubernetes.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.FunctionSpec;
import dev.skiff.api.SecretRef;
import dev.skiff.api.Source;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A function's secrets on Kubernetes: the Kubernetes Secret of each name, mounted read-only where the
 * embedded mode puts it ({@code /var/skiff/secrets/NAME}), its keys as variables when asked; an
 * export references them by name and, when asked, prints empty skeletons, never a value.
 */
class SecretTranslationTest {
    private static FunctionRevision revision() {
        FunctionSpec spec = Fixtures.admission().admit("hello", FunctionSpec.builder().runtime("python3").handler("hello.handle")
                .source(Source.text("hello.py", "pass"))
                .secrets(List.of(new SecretRef("db", null), new SecretRef("api", true))).build());
        return FunctionRevision.of("team-a", "hello", "hello-00001", spec);
    }

    @Test
    void eachSecret_isItsKubernetesSecret_mountedReadOnlyAtTheEmbeddedPath() {
        PodSpec pod = PodTemplates.podSpec(revision(), TranslationConfig.DEFAULT, true);
        Container function = pod.getContainers().getFirst();

        assertThat(pod.getVolumes()).filteredOn(v -> v.getSecret() != null)
                .extracting(v -> v.getName() + "=" + v.getSecret().getSecretName())
                .containsExactly("secret-db=db", "secret-api=api");
        assertThat(function.getVolumeMounts()).filteredOn(m -> m.getName().startsWith("secret-"))
                .extracting(m -> m.getMountPath() + ":" + m.getReadOnly())
                .containsExactly("/var/skiff/secrets/db:true", "/var/skiff/secrets/api:true");
        assertThat(function.getEnvFrom()).extracting(e -> e.getSecretRef().getName()).containsExactly("api");
    }

    @Test
    void anExport_namesTheSecrets_andItsSkeletonsHoldNoValue() {
        List<HasMetadata> skeletons = Exports.secretSkeletons(revision());

        assertThat(skeletons).extracting(o -> o.getMetadata().getName()).containsExactly("db", "api");
        assertThat(skeletons).allSatisfy(o -> {
            Secret secret = (Secret) o;
            assertThat(secret.getMetadata().getNamespace()).isEqualTo("team-a");
            assertThat(secret.getData()).isNullOrEmpty();
            assertThat(secret.getStringData()).isNullOrEmpty();
        });
        assertThat(Exports.yaml(Exports.knative(revision(), TranslationConfig.DEFAULT))).contains("secretName: \"db\"")
                .doesNotContain("kind: \"Secret\"");
    }
}
