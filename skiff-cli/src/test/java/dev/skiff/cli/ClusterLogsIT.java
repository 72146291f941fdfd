package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skiff logs --context} (issue 22): a function's log read from its pods' function containers,
 * against fabric8's mock API server (the pods in its store, their logs as expectations).
 */
@EnableKubernetesMockClient(crud = true)
class ClusterLogsIT {
    private KubernetesClient client;
    private KubernetesMockServer server;
    @TempDir
    Path dir;
    private Path kubeconfig;

    @BeforeEach
    void writeKubeconfig() throws IOException {
        kubeconfig = MockKubeconfig.write(dir, client.getMasterUrl());
    }

    private CliRunner.Result skiff(String... args) {
        List<String> all = new ArrayList<>(List.of("--kubeconfig", kubeconfig.toString(), "--context", "mock"));
        all.addAll(List.of(args));
        return CliRunner.run(all.toArray(String[]::new));
    }

    private void pod(String name, String function, String log) {
        client.resource(new PodBuilder().withNewMetadata().withName(name).withNamespace("team")
                .addToLabels("skiff.dev/function", function).endMetadata().build()).create();
        server.expect().get().withPath("/api/v1/namespaces/team/pods/" + name + "/log?pretty=false&container=function&tailLines=20")
                .andReturn(200, log).always();
    }

    @Test
    void logs_ofAFunctionWithTwoPods_printsEachPodsLines_afterItsName() {
        pod("hello-00001-a", "hello", "greeting World\ngreeting Kube\n");
        pod("hello-00001-b", "hello", "greeting Ada\n");
        pod("other-00001-a", "other", "not this one\n");

        CliRunner.Result result = skiff("logs", "hello", "--tail", "20");

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("[hello-00001-a] greeting World\n[hello-00001-a] greeting Kube\n"
                + "[hello-00001-b] greeting Ada\n");
    }

    @Test
    void logs_ofAFunctionWithOnePod_printsItsLinesAsTheyAre() {
        pod("solo-00001-a", "solo", "one\ntwo\n");

        CliRunner.Result result = skiff("logs", "solo", "--tail", "20");

        assertThat(result.out()).isEqualTo("one\ntwo\n");
    }

    @Test
    void logs_ofAFunctionWithNoPods_saysWhy() {
        CliRunner.Result result = skiff("logs", "idle");

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: function 'idle' has no pods in context 'mock', namespace team "
                + "(scaled to zero, or not deployed): a pod's log goes with it\n");
    }
}
