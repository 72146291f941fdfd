package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void run_version_printsSkiffAndJavaVersions() {
        CliRunner.Result result = CliRunner.run("version");

        assertThat(result.status()).isZero();
        assertThat(result.out()).startsWith("skiff ").contains("\njava " + Runtime.version());
        assertThat(result.err()).isEmpty();
    }

    @Test
    void run_noArguments_printsUsageAndExits2() {
        CliRunner.Result result = CliRunner.run();

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("Usage: skiff").contains("deploy").contains("invoke");
    }

    @Test
    void run_unknownCommand_exits2WithPicocliMessageAndHint() {
        CliRunner.Result result = CliRunner.run("lsit");

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("Unmatched argument at index 0: 'lsit'")
                .contains("Try 'skiff --help' for more information.");
    }

    @Test
    void run_unknownOption_exits2NamingTheSubcommandsHelp() {
        CliRunner.Result result = CliRunner.run("list", "--colour");

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("Unknown option: '--colour'").contains("skiff list --help");
    }

    @Test
    void run_subcommandHelp_printsItsUsage() {
        CliRunner.Result result = CliRunner.run("deploy", "--help");

        assertThat(result.status()).isZero();
        assertThat(result.out()).contains("Usage: skiff deploy").contains("--from-file").contains("--server");
    }

    @Test
    void run_badServerUrlInEnvironment_isUsageError() {
        CliRunner.Result result = CliRunner.run(Map.of(ServerUrl.ENV, "not a url"), "list");

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("SKIFF_URL: 'not a url' is not a server URL");
    }

    @Test
    void run_badOutputFormat_isUsageError() {
        assertThat(CliRunner.run("describe", "x", "-o", "xml").status()).isEqualTo(2);
    }

    @Test
    void run_serverPortOutOfRange_isUsageError() {
        CliRunner.Result result = CliRunner.run("server", "--port", "70000");

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("'--port': 70000 is not between 0 and 65535");
    }

    @Test
    void run_invokeWithDataAndDataFile_isUsageError() {
        CliRunner.Result result = CliRunner.run("invoke", "x", "--data", "a", "--data-file", "b");

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("mutually exclusive");
    }
}
