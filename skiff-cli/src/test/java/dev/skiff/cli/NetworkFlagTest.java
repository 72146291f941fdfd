package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.FunctionSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code skiff deploy --network}, and a {@code -f} document's fields the flags do not name, kept as written. */
class NetworkFlagTest {
    @TempDir
    Path dir;

    private static FunctionSpec spec(String... args) {
        CommandLine commandLine = Main.commandLine(CliRunner.context(new ByteArrayOutputStream(), new ByteArrayOutputStream(), Map.of()));
        return ((DeployCommand) commandLine.parseArgs(args).subcommand().commandSpec().userObject()).function().spec();
    }

    @Test
    void deploy_network_setsTheSpecsNetwork_unsetByDefault() throws IOException {
        Path code = Files.writeString(dir.resolve("hello.py"), "x = 1\n");

        assertThat(spec("deploy", "hello", "--from-file", code.toString(), "--network", "none").network()).isEqualTo("none");
        assertThat(spec("deploy", "hello", "--from-file", code.toString()).network()).isNull();
    }

    @Test
    void deploy_documentsNetworkAndKubernetesFields_areKept_andTheFlagOverridesTheNetwork() throws IOException {
        Path yaml = Files.writeString(dir.resolve("fn.yaml"), """
                metadata: {name: sealed}
                spec:
                  runtime: python3
                  handler: a.handle
                  source: {filename: a.py, content: "A = 1"}
                  network: none
                  serviceType: LoadBalancer
                  image: registry.example/sealed:1
                """);

        FunctionSpec kept = spec("deploy", "-f", yaml.toString());
        FunctionSpec overridden = spec("deploy", "-f", yaml.toString(), "--network", "outbound");

        assertThat(kept.network()).isEqualTo("none");
        assertThat(kept.serviceType()).isEqualTo("LoadBalancer");
        assertThat(kept.image()).isEqualTo("registry.example/sealed:1");
        assertThat(overridden.network()).isEqualTo("outbound");
    }
}
