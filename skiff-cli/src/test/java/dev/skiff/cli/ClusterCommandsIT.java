package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.Condition;
import dev.skiff.api.FunctionStatus;
import dev.skiff.api.TrafficTarget;
import dev.skiff.kubernetes.model.FunctionResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The function commands against a cluster (fabric8's mock API server in CRUD mode) through a kubeconfig. */
@EnableKubernetesMockClient(crud = true)
class ClusterCommandsIT {
    private KubernetesClient client;
    @TempDir
    Path dir;
    private Path kubeconfig;
    private Path code;

    @BeforeEach
    void writeKubeconfig() throws IOException {
        kubeconfig = MockKubeconfig.write(dir, client.getMasterUrl());
        code = Files.writeString(dir.resolve("hello.py"), "def handle(req):\n    return 'hi'\n");
    }

    private CliRunner.Result skiff(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("--kubeconfig", kubeconfig.toString(), "--context", "mock"));
        all.addAll(List.of(args));
        return CliRunner.run(all.toArray(String[]::new));
    }

    @Test
    void deployListDescribeDelete_onACluster_workOnFunctionResources() {
        CliRunner.Result deployed = skiff("deploy", "hello", "--runtime", "python3", "--handler", "hello.handle",
                "--from-file", code.toString());
        assertThat(deployed.status()).as(deployed.err()).isZero();
        assertThat(deployed.out()).contains("function 'hello' submitted to context 'mock', namespace team");
        FunctionResource stored = client.resources(FunctionResource.class).inNamespace("team").withName("hello").get();
        assertThat(stored.getSpec().source().content()).contains("return 'hi'");

        client.resources(FunctionResource.class).inNamespace("team").withName("hello").editStatus(f -> {
            f.setStatus(new FunctionStatus(List.of(Condition.ready("2026-11-22T07:00:00Z")), "http://hello.team.example",
                    "hello-00001", "hello-00001", 1L, null));
            return f;
        });
        CliRunner.Result list = skiff("list");
        assertThat(list.out()).contains("hello", "python3", "hello-00001", "True", "http://hello.team.example");
        assertThat(skiff("describe", "hello", "-o", "yaml").out()).contains("latestReadyRevision: hello-00001");

        CliRunner.Result redeployed = skiff("deploy", "hello", "--runtime", "python3", "--handler", "hello.handle",
                "--from-file", code.toString(), "--timeout", "30");
        assertThat(redeployed.status()).as(redeployed.err()).isZero();
        assertThat(client.resources(FunctionResource.class).inNamespace("team").withName("hello").get().getSpec()
                .timeoutSeconds()).isEqualTo(30);

        assertThat(skiff("delete", "hello").status()).isZero();
        assertThat(client.resources(FunctionResource.class).inNamespace("team").withName("hello").get()).isNull();
    }

    @Test
    void describe_missingFunction_saysWhereItLooked() {
        CliRunner.Result result = skiff("describe", "nope");

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: no function 'nope' in context 'mock', namespace team\n");
    }

    @Test
    void unknownContext_isAClearError() {
        CliRunner.Result result = CliRunner.run("--kubeconfig", kubeconfig.toString(), "--context", "prod", "list");

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).contains("no context 'prod'").doesNotContain("Exception");
    }

    @Test
    void trafficAndScale_onACluster_editTheResourceSpec() {
        assertThat(skiff("deploy", "hello", "--runtime", "python3", "--handler", "hello.handle",
                "--from-file", code.toString()).status()).isZero();

        CliRunner.Result split = skiff("traffic", "hello", "--split", "hello-00001=70,@latest=30", "--tag", "canary=hello-00002");
        CliRunner.Result scaled = skiff("scale", "hello", "--min", "1", "--max", "5");
        CliRunner.Result rollback = skiff("rollback", "hello");

        assertThat(split.status()).as(split.err()).isZero();
        assertThat(scaled.status()).as(scaled.err()).isZero();
        FunctionResource stored = client.resources(FunctionResource.class).inNamespace("team").withName("hello").get();
        assertThat(stored.getSpec().traffic()).containsExactly(TrafficTarget.revision("hello-00001", 70),
                TrafficTarget.latest(30), TrafficTarget.tag("canary", "hello-00002"));
        assertThat(stored.getSpec().scale().minScale()).isEqualTo(1);
        assertThat(stored.getSpec().scale().maxScale()).isEqualTo(5);
        assertThat(rollback.status()).isEqualTo(1);
        assertThat(rollback.err()).contains("asks a Skiff server").contains("skiff traffic hello --split REVISION=100");
    }

    @Test
    void invalidSpec_onACluster_isRefusedBeforeItIsSubmitted() {
        CliRunner.Result deployed = skiff("deploy", "hello", "--runtime", "cobol", "--handler", "hello.handle",
                "--from-file", code.toString());
        assertThat(deployed.status()).isEqualTo(1);
        assertThat(deployed.err()).contains("spec.runtime").contains("cobol").doesNotContain("Exception");
        assertThat(client.resources(FunctionResource.class).inNamespace("team").withName("hello").get()).isNull();

        assertThat(skiff("deploy", "hello", "--runtime", "python3", "--handler", "hello.handle",
                "--from-file", code.toString()).status()).isZero();
        CliRunner.Result scaled = skiff("scale", "hello", "--min", "5", "--max", "2");
        assertThat(scaled.status()).isEqualTo(1);
        assertThat(scaled.err()).contains("spec.scale").doesNotContain("Exception");
        FunctionResource stored = client.resources(FunctionResource.class).inNamespace("team").withName("hello").get();
        assertThat(stored.getSpec().scale()).isNull();
    }
}
