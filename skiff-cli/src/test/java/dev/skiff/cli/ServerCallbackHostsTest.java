package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.server.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code skiff server --allow-callback-host HOST}: repeatable, passed to the server, documented, and checked. */
class ServerCallbackHostsTest {

    private static ServerConfig config(String... args) {
        CommandLine commandLine = Main.commandLine(CliRunner.context(
                new ByteArrayOutputStream(), new ByteArrayOutputStream(), Map.of()));
        return ((ServerCommand) commandLine.parseArgs(args).subcommand().commandSpec().userObject()).config();
    }

    @Test
    void config_allowCallbackHost_repeated_allPassedThrough_noneByDefault() {
        assertThat(config("server").allowedCallbackHosts()).isEmpty();
        assertThat(config("server", "--allow-callback-host", "127.0.0.1", "--allow-callback-host", "Hooks.Internal",
                "--allow-callback-host", "::1").allowedCallbackHosts())
                .containsExactlyInAnyOrder("127.0.0.1", "Hooks.Internal", "::1");
    }

    @Test
    void help_describesAllowCallbackHost() {
        CliRunner.Result result = CliRunner.run("server", "--help");

        assertThat(result.status()).isZero();
        assertThat(result.out()).contains("--allow-callback-host=HOST").contains("X-Callback-Url").contains("Repeatable");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://hooks.internal/", "hooks.internal:8080", "user@hooks.internal", " "})
    void run_allowCallbackHostNotAHost_isAUsageErrorSayingWhatToGive(String value) {
        CliRunner.Result result = CliRunner.run("server", "--allow-callback-host", value);

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("Invalid value for option '--allow-callback-host': '" + value
                + "' is not a host name or an IP address (give the host alone, without a scheme, port or path)");
    }

    @Test
    void run_allowCallbackHostWithKubernetes_isAUsageError() {
        CliRunner.Result result = CliRunner.run("server", "--kubernetes", "--allow-callback-host", "10.0.0.1");

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("--kubernetes does not take --allow-callback-host");
    }
}
