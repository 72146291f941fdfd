package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.server.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code skiff server --volume-root DIR}: repeatable, passed to the server, documented, and checked. */
class ServerVolumeRootTest {
    @TempDir
    Path temp;

    private static ServerConfig config(String... args) {
        CommandLine commandLine = Main.commandLine(CliRunner.context(
                new ByteArrayOutputStream(), new ByteArrayOutputStream(), Map.of()));
        return ((ServerCommand) commandLine.parseArgs(args).subcommand().commandSpec().userObject()).config();
    }

    @Test
    void config_volumeRoot_repeated_allPassedThrough_noneByDefault() throws Exception {
        Path photos = Files.createDirectories(temp.resolve("photos"));
        Path data = Files.createDirectories(temp.resolve("data"));

        assertThat(config("server").volumeRoots()).isEmpty();
        assertThat(config("server", "--volume-root", photos.toString(), "--volume-root", data.toString()).volumeRoots())
                .containsExactly(photos, data);
    }

    @Test
    void help_describesVolumeRoot() {
        CliRunner.Result result = CliRunner.run("server", "--help");

        assertThat(result.status()).isZero();
        assertThat(result.out()).contains("--volume-root=DIR").contains("volume create --path").contains("Repeatable");
    }

    @Test
    void run_volumeRootNotADirectory_isAUsageErrorNamingIt() {
        Path missing = temp.resolve("missing");

        CliRunner.Result result = CliRunner.run("server", "--volume-root", missing.toString());

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("Invalid value for option '--volume-root': '" + missing
                + "' is not a directory on this machine").doesNotContain("\tat ");
    }

    @Test
    void run_volumeRootWithKubernetes_isAUsageError() {
        CliRunner.Result result = CliRunner.run("server", "--kubernetes", "--volume-root", temp.toString());

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("--kubernetes does not take --volume-root");
    }
}
