package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.knative.serving.v1.Service;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code skiff export} and {@code skiff build} on a Function document, with no server or cluster. */
class ExportAndBuildTest {
    @TempDir
    Path dir;
    private Path document;

    @BeforeEach
    void writeDocument() throws IOException {
        document = Files.writeString(dir.resolve("hello.yaml"), """
                apiVersion: skiff.dev/v1alpha1
                kind: Function
                metadata: {name: hello}
                spec:
                  runtime: python3
                  handler: hello.handle
                  source: {filename: hello.py, content: "def handle(req):\\n    return 'hi'\\n"}
                  scale: {minScale: 0}
                """);
    }

    private static List<HasMetadata> objects(String yaml) {
        Object parsed = Serialization.unmarshal(yaml);
        return parsed instanceof List<?> list ? list.stream().map(HasMetadata.class::cast).toList()
                : List.of((HasMetadata) parsed);
    }

    @Test
    void export_knative_printsTheSourceConfigMapAndAKnativeService() {
        CliRunner.Result result = CliRunner.run("export", "-f", document.toString());

        assertThat(result.status()).as(result.err()).isZero();
        List<HasMetadata> objects = objects(result.out());
        assertThat(objects).extracting(HasMetadata::getKind).containsExactly("ConfigMap", "Service");
        Service service = Serialization.unmarshal(Serialization.asYaml(objects.get(1)), Service.class);
        assertThat(service.getSpec().getTemplate().getMetadata().getName()).isEqualTo("hello-00001");
    }

    @Test
    void export_ofAFunctionRequiringATokens_isRefusedWithTheReason_notExposed() throws IOException {
        Files.writeString(document, Files.readString(document) + "  auth: token\n");

        CliRunner.Result result = CliRunner.run("export", "-f", document.toString());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).startsWith("error: spec.auth: token is enforced by the embedded server only")
                .doesNotContain("--verbose");
    }

    @Test
    void export_kubernetes_keepsOneReplicaSinceNoGatewayWakesIt() {
        CliRunner.Result result = CliRunner.run("export", "-f", document.toString(), "--format", "kubernetes");

        assertThat(result.status()).as(result.err()).isZero();
        List<HasMetadata> objects = objects(result.out());
        assertThat(objects).extracting(HasMetadata::getKind).containsExactly("ConfigMap", "Deployment", "Service", "Service");
        assertThat(((Deployment) objects.get(1)).getSpec().getReplicas()).isEqualTo(1);
    }

    @Test
    void export_invalidDocument_listsTheFields() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "metadata: {name: bad}\nspec: {runtime: cobol}\n");

        CliRunner.Result result = CliRunner.run("export", "-f", bad.toString());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).startsWith("error: ").contains("spec.runtime").doesNotContain("Exception");
    }

    @Test
    void build_tarball_writesTheImageAndPrintsItsReference() {
        Path tarball = dir.resolve("hello.tar");

        CliRunner.Result result = CliRunner.run("build", "-f", document.toString(), "--tarball", tarball.toString(),
                "--tag", "v1", "--base", "scratch");

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("hello:v1 sha256:");
        assertThat(result.err()).contains("spec.image: hello:v1");
        assertThat(tarball).isNotEmptyFile();
    }

    @Test
    void build_withoutDestination_isAUsageError() {
        CliRunner.Result result = CliRunner.run("build", "-f", document.toString());

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("--registry", "--tarball");
    }
}
