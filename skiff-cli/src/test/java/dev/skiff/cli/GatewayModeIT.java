package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code skiff server --kubernetes}: the in-cluster gateway started from the flags against fabric8's mock API server. */
@EnableKubernetesMockClient(crud = true)
class GatewayModeIT {
    private KubernetesClient client;
    @TempDir
    Path dir;
    private Path kubeconfig;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void writeKubeconfig() throws IOException {
        kubeconfig = MockKubeconfig.write(dir, client.getMasterUrl());
    }

    private ServerCommand parse(String... args) {
        List<String> all = new ArrayList<>(List.of("--kubeconfig", kubeconfig.toString()));
        all.addAll(List.of(args));
        CommandLine commandLine = Main.commandLine(CliRunner.context(
                new ByteArrayOutputStream(), new ByteArrayOutputStream(), Map.of()));
        return (ServerCommand) commandLine.parseArgs(all.toArray(String[]::new)).subcommand().commandSpec().userObject();
    }

    private HttpResponse<String> get(ServerCommand.Gateway gateway, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.server().port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void serverKubernetes_withAKubeconfig_servesTheContextsNamespace() throws Exception {
        try (ServerCommand.Gateway gateway = parse("server", "--kubernetes", "--port", "0").startGateway()) {
            assertThat(gateway.namespace()).isEqualTo("team");
            assertThat(get(gateway, "/healthz").statusCode()).isEqualTo(200);
            assertThat(get(gateway, "/readyz").statusCode()).as("the Function cache has synced").isEqualTo(200);
            HttpResponse<String> missing = get(gateway, "/function/hello");
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.body()).contains("no function team/hello");
        }
    }

    @Test
    void serverKubernetes_withANamespaceFlag_servesThatNamespace() {
        try (ServerCommand.Gateway gateway = parse("server", "--kubernetes", "--port", "0", "-n", "shop").startGateway()) {
            assertThat(gateway.namespace()).isEqualTo("shop");
        }
    }

    @Test
    void serverKubernetes_withAnEmbeddedServerFlag_isAUsageError() {
        CliRunner.Result result = CliRunner.run("--kubeconfig", kubeconfig.toString(), "server", "--kubernetes",
                "--kafka", "localhost:9092");

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("--kubernetes does not take --kafka");
    }
}
