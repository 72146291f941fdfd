package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.FunctionSpec;
import dev.skiff.api.SecretRef;
import dev.skiff.api.Source;
import dev.skiff.kubernetes.model.FunctionResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skiff secret} against a cluster (fabric8's mock API server in CRUD mode): each secret is the
 * Kubernetes Secret of its name, which the pods mount; the terminal never shows a value.
 */
@EnableKubernetesMockClient(crud = true)
class ClusterSecretsIT {
    private static final String VALUE = "v-" + UUID.randomUUID();
    private KubernetesClient client;
    @TempDir
    Path dir;
    private Path kubeconfig;

    @BeforeEach
    void writeKubeconfig() throws IOException {
        kubeconfig = MockKubeconfig.write(dir, client.getMasterUrl());
    }

    private CliRunner.Result skiff(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("--kubeconfig", kubeconfig.toString(), "--context", "mock"));
        all.addAll(List.of(args));
        CliRunner.Result result = CliRunner.run(all.toArray(String[]::new));
        assertThat(result.out() + result.err()).doesNotContain(VALUE);
        return result;
    }

    @Test
    void aSecret_isTheKubernetesSecretOfItsName_andItsValuesNeverComeBack() throws IOException {
        Path file = Files.writeString(dir.resolve("key.pem"), VALUE + "-file");
        CliRunner.Result created = skiff("secret", "create", "db", "--from-literal", "password=" + VALUE,
                "--from-file", "key.pem=" + file);
        assertThat(created.status()).as(created.err()).isZero();

        Secret stored = client.secrets().inNamespace("team").withName("db").get();
        assertThat(stored.getType()).isEqualTo("Opaque");
        assertThat(stored.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "skiff");
        assertThat(new String(Base64.getDecoder().decode(stored.getData().get("password")), StandardCharsets.UTF_8)).isEqualTo(VALUE);
        assertThat(new String(Base64.getDecoder().decode(stored.getData().get("key.pem")), StandardCharsets.UTF_8))
                .isEqualTo(VALUE + "-file");

        assertThat(skiff("secret", "list").out()).contains("db").contains("key.pem,password");
        assertThat(skiff("secret", "list", "-o", "json").out()).contains("\"keys\"");
        assertThat(skiff("secret", "create", "db", "--from-literal", "a=b").err()).contains("exists").contains("secret update");

        assertThat(skiff("secret", "update", "db", "--from-literal", "password=" + VALUE + "2").status()).isZero();
        assertThat(client.secrets().inNamespace("team").withName("db").get().getData()).containsOnlyKeys("password");
    }

    @Test
    void aSecretAFunctionNames_isDeletedOnlyWhenForced() {
        assertThat(skiff("secret", "create", "api", "--from-literal", "token=" + VALUE).status()).isZero();
        FunctionResource function = new FunctionResource();
        function.setMetadata(new ObjectMetaBuilder().withName("mailer").withNamespace("team").build());
        function.setSpec(FunctionSpec.builder().runtime("python3").handler("m.handle").source(Source.text("m.py", "pass"))
                .secrets(List.of(new SecretRef("api", true))).build());
        client.resources(FunctionResource.class).inNamespace("team").resource(function).create();

        assertThat(skiff("secret", "list").out()).contains("mailer");
        CliRunner.Result refused = skiff("secret", "delete", "api");
        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.err()).contains("mailer").contains("--force");
        assertThat(client.secrets().inNamespace("team").withName("api").get()).isNotNull();

        assertThat(skiff("secret", "delete", "api", "--force").status()).isZero();
        assertThat(client.secrets().inNamespace("team").withName("api").get()).isNull();
        assertThat(skiff("secret", "delete", "api").err()).contains("not found").contains("namespace team");
    }
}
