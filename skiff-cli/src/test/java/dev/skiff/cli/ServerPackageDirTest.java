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

/** {@code skiff server --package-dir DIR}: repeatable, passed to the server's sandbox, documented, and checked. */
class ServerPackageDirTest {
    @TempDir
    Path temp;

    private static ServerConfig config(String... args) {
        CommandLine commandLine = Main.commandLine(CliRunner.context(
                new ByteArrayOutputStream(), new ByteArrayOutputStream(), Map.of()));
        return ((ServerCommand) commandLine.parseArgs(args).subcommand().commandSpec().userObject()).config();
    }

    @Test
    void config_packageDir_repeated_allPassedThrough_noneByDefault() throws Exception {
        Path wheels = Files.createDirectories(temp.resolve("wheels"));
        Path npm = Files.createDirectories(temp.resolve("npm"));

        assertThat(config("server").sandbox().packageDirs()).isEmpty();
        assertThat(config("server", "--package-dir", wheels.toString(), "--package-dir", npm.toString())
                .sandbox().packageDirs()).containsExactly(wheels, npm);
    }

    @Test
    void help_describesPackageDir() {
        CliRunner.Result result = CliRunner.run("server", "--help");

        assertThat(result.status()).isZero();
        assertThat(result.out()).contains("--package-dir=DIR").contains("wheelhouse");
    }

    @Test
    void run_packageDirNotADirectory_isAUsageErrorNamingIt() {
        Path missing = temp.resolve("missing");

        CliRunner.Result result = CliRunner.run("server", "--package-dir", missing.toString());

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("Invalid value for option '--package-dir': '" + missing
                + "' is not a directory on this machine").doesNotContain("\tat ");
    }

    @Test
    void run_packageDirWithKubernetes_isAUsageError() {
        CliRunner.Result result = CliRunner.run("server", "--kubernetes", "--package-dir", temp.toString());

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("--kubernetes does not take --package-dir");
    }
}
