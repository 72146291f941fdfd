package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.server.ServerConfig;
import dev.skiff.server.backend.sandbox.SandboxUser;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServerCommandTest {

    @Test
    void config_noFlags_loopbackPort8080LocalDataDirAndFoundPython() {
        assertThat(parse("server").config())
                .isEqualTo(new ServerConfig("127.0.0.1", 8080, Path.of("skiff-data"), null).withAccess(defaultAccess()));
    }

    @Test
    void config_allFlags_passedThrough() {
        ServerConfig config = parse("server", "--host", "0.0.0.0", "--port", "0", "--data-dir", "/var/skiff",
                "--python", "/usr/bin/python3.12").config();

        assertThat(config).isEqualTo(new ServerConfig("0.0.0.0", 0, Path.of("/var/skiff"), "/usr/bin/python3.12")
                .withAccess(defaultAccess()));
    }

    @Test
    void config_poolSize_passedThrough_defaultTwo() {
        assertThat(parse("server").config().poolSize()).isEqualTo(ServerConfig.DEFAULT_POOL_SIZE).isEqualTo(2);
        assertThat(parse("server", "--pool-size", "0").config().poolSize()).isZero();
        assertThat(parse("server", "--pool-size", "5").config().poolSize()).isEqualTo(5);
    }

    @Test
    void config_negativePoolSize_isAUsageError() {
        ServerCommand command = parse("server", "--pool-size", "-1");

        assertThatThrownBy(command::config)
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--pool-size");
    }

    @Test
    void config_activationLimit_defaultAMillion_andBelowOneIsAUsageError() {
        assertThat(parse("server").config().events().activationLimit()).isEqualTo(1_000_000);
        assertThat(parse("server", "--activation-limit", "500").config().events().activationLimit()).isEqualTo(500);

        assertThatThrownBy(parse("server", "--activation-limit", "0")::config)
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--activation-limit");
    }

    @Test
    void config_sandboxUserAndHostPorts_passedThrough_rootAndBadPortsAreUsageErrors() {
        ServerConfig config = parse("server", "--sandbox-user", "1234:99", "--host-port", "5432", "--host-port", "25").config();

        assertThat(config.sandbox().user()).isEqualTo(new SandboxUser(1234, 99));
        assertThat(config.sandbox().hostPorts()).containsExactly(5432, 25);
        assertThat(parse("server").config().sandbox().user()).isEqualTo(SandboxUser.DEFAULT);
        assertThat(parse("server").config().sandbox().insecure()).isFalse();
        assertThat(parse("server", "--insecure-no-sandbox").config().sandbox().insecure()).isTrue();
        assertThatThrownBy(parse("server", "--sandbox-user", "0")::config)
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--sandbox-user")
                .hasMessageContaining("unprivileged");
        assertThatThrownBy(parse("server", "--sandbox-user", "nobody")::config)
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("UID or UID:GID");
        assertThatThrownBy(parse("server", "--host-port", "70000")::config)
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--host-port")
                .hasMessageContaining("70000");
    }

    @Test
    void runWithin_taskFinishes_true() {
        assertThat(ServerCommand.runWithin(() -> { }, Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void runWithin_taskHangs_falseAfterTheLimit() {
        CountDownLatch never = new CountDownLatch(1);

        boolean finished = ServerCommand.runWithin(() -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, Duration.ofMillis(100));

        // The task was still blocked when runWithin answered: it gave up at its limit, not when the task ended.
        boolean stillBlocked = never.getCount() == 1;
        never.countDown();
        assertThat(finished).isFalse();
        assertThat(stillBlocked).isTrue();
    }

    private static final Path CLI_CONFIG = Path.of("/nonexistent/skiff/config.json");

    /** The access settings every server started from the CLI has by default: its CLI configuration named. */
    private static dev.skiff.server.AccessConfig defaultAccess() {
        return dev.skiff.server.AccessConfig.DEFAULT.withCliConfig(CLI_CONFIG);
    }

    @Test
    void config_accessFlags_passedThrough_andRefusedWhereTheyWouldOpenTooMuch() {
        dev.skiff.server.AccessConfig access = parse("server", "--metrics-public", "--agent-api-open", "--tls-cert",
                "/etc/hostname", "--tls-key", "/etc/hostname").config().access();
        assertThat(access.metricsPublic()).isTrue();
        assertThat(access.agentApiOpen()).isTrue();
        assertThat(access.tls()).isEqualTo(new dev.skiff.server.AccessConfig.Tls(Path.of("/etc/hostname"), Path.of("/etc/hostname")));
        assertThat(access.cliConfig()).isEqualTo(CLI_CONFIG);

        assertThatThrownBy(parse("server", "--host", "0.0.0.0", "--agent-api-open")::config)
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("loopback");
        assertThatThrownBy(parse("server", "--tls-cert", "/etc/hostname")::config)
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("go together");
        assertThatThrownBy(parse("server", "--tls-cert", "/nope.pem", "--tls-key", "/etc/hostname")::config)
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("/nope.pem");
    }

    private static ServerCommand parse(String... args) {
        CommandLine commandLine = Main.commandLine(CliRunner.context(
                new ByteArrayOutputStream(), new ByteArrayOutputStream(), Map.of("SKIFF_CONFIG", CLI_CONFIG.toString())));
        return (ServerCommand) commandLine.parseArgs(args).subcommand().commandSpec().userObject();
    }

    @Test
    void config_allowedHost_repeated_passedThrough_andAnythingButANameIsAUsageError() {
        assertThat(parse("server").config().access().allowedHosts()).isEmpty();
        assertThat(parse("server", "--allowed-host", "skiff.example.org", "--allowed-host", "build-box").config()
                .access().allowedHosts()).containsExactly("skiff.example.org", "build-box");
        for (String wrong : java.util.List.of("http://skiff.example.org", "skiff.example.org:8080", "a/b", "-x")) {
            assertThatThrownBy(parse("server", "--allowed-host=" + wrong)::config).as(wrong)
                    .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--allowed-host")
                    .hasMessageContaining("is not a host name");
        }
    }
}
