package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI and tokens as a user meets them: two local servers, each reached by the CLI with no
 * token flag (each recorded its admin token for this user on start); tokens made, listed and
 * revoked with {@code skiff token}; another user's configuration, empty, told how to log in, then
 * logged in.
 */
class CliTokensIT {
    @TempDir
    static Path dir;

    private static SkiffProcess.Server first;
    private static SkiffProcess.Server second;

    @BeforeAll
    static void startServers() {
        first = SkiffProcess.startServer(dir.resolve("first"), Map.of());
        second = SkiffProcess.startServer(dir.resolve("second"), Map.of());
    }

    @AfterAll
    static void stopServers() {
        first.close();
        second.close();
    }

    private static SkiffProcess.Result as(Path config, String server, String... args) {
        return SkiffProcess.run(Map.of("SKIFF_CONFIG", config.toString()), server, args);
    }

    @Test
    void twoLocalServers_areEachReachedWithNoTokenFlag_byAnyLoopbackName() throws IOException {
        Path code = Files.writeString(dir.resolve("hello.py"), "def handle(req):\n    return 'hi'\n");
        SkiffProcess.Result deployed = SkiffProcess.run(first.url(), "deploy", "only-first", "--runtime", "python3",
                "--handler", "hello.handle", "--from-file", code.toString());
        assertThat(deployed.status()).as(deployed.err()).isZero();

        SkiffProcess.Result onFirst = SkiffProcess.run(first.url().replace("127.0.0.1", "localhost"), "list");
        SkiffProcess.Result onSecond = SkiffProcess.run(second.url(), "list");

        assertThat(onFirst.status()).as(onFirst.err()).isZero();
        assertThat(onFirst.out()).contains("only-first");
        assertThat(onSecond.status()).as(onSecond.err()).isZero();
        assertThat(onSecond.out()).doesNotContain("only-first");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(SkiffProcess.CONFIG))).isEqualTo("rw-------");
    }

    @Test
    void aTokenIsPrintedOnce_listedWithoutItsSecret_andRevoked() {
        SkiffProcess.Result made = SkiffProcess.run(first.url(), "token", "create", "ci", "--role", "developer");
        assertThat(made.status()).as(made.err()).isZero();
        List<String> lines = made.out().lines().toList();
        String token = lines.get(lines.size() - 1);
        assertThat(token).startsWith("skiff_");
        assertThat(made.err()).contains("ci").contains("developer").doesNotContain(token);

        SkiffProcess.Result listed = SkiffProcess.run(first.url(), "token", "list");
        assertThat(listed.out()).contains("ci").contains("developer").contains("admin").doesNotContain("skiff_");

        SkiffProcess.Result withIt = SkiffProcess.run(first.url(), "--token", token, "list");
        assertThat(withIt.status()).as(withIt.err()).isZero();
        SkiffProcess.Result notAdmin = SkiffProcess.run(first.url(), "--token", token, "token", "list");
        assertThat(notAdmin.status()).isEqualTo(1);
        assertThat(notAdmin.err()).contains("needs the role admin");

        assertThat(SkiffProcess.run(first.url(), "token", "revoke", "ci").status()).isZero();
        SkiffProcess.Result revoked = SkiffProcess.run(first.url(), "--token", token, "list");
        assertThat(revoked.status()).isEqualTo(1);
        assertThat(revoked.err()).contains("not valid");
    }

    @Test
    void aUserWithoutTheToken_isToldHowToLogIn_andThenLogsIn() throws IOException {
        Path elsewhere = dir.resolve("other-user/config.json");
        SkiffProcess.Result refused = as(elsewhere, first.url(), "list");
        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.err()).contains("needs a token").contains("skiff login").doesNotContain("Exception");

        SkiffProcess.Result made = SkiffProcess.run(first.url(), "token", "create", "colleague", "--role", "developer");
        Path tokenFile = Files.writeString(dir.resolve("colleague.token"), made.out().strip() + "\n");
        SkiffProcess.Result login = as(elsewhere, first.url(), "login", "--token-file", tokenFile.toString());
        assertThat(login.status()).as(login.err()).isZero();
        assertThat(login.out()).contains("colleague").contains("developer");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(elsewhere))).isEqualTo("rw-------");

        SkiffProcess.Result listed = as(elsewhere, first.url(), "list");
        assertThat(listed.status()).as(listed.err()).isZero();
        SkiffProcess.Result who = as(elsewhere, first.url(), "whoami");
        assertThat(who.out()).contains("colleague (role developer; namespaces default) at " + first.url());
        SkiffProcess.Result wrong = as(dir.resolve("third/config.json"), first.url(), "login", "--token", "skiff_nope");
        assertThat(wrong.status()).isEqualTo(1);
        assertThat(wrong.err()).contains("not valid");
        assertThat(Files.exists(dir.resolve("third/config.json"))).isFalse();
    }
}
