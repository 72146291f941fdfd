package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets from the CLI: {@code skiff secret create|update|list|delete}, {@code skiff deploy --secret};
 * the function reads them, and nothing the CLI prints (list, describe, -o json, export) holds a value.
 */
class CliSecretsIT {
    @TempDir
    static Path dir;

    private static SkiffProcess.Server server;
    private static final String PASSWORD = "pw-" + UUID.randomUUID();
    private static final String KEY_FILE = "kf-" + UUID.randomUUID();

    @BeforeAll
    static void start() {
        server = SkiffProcess.startServer(dir.resolve("data"), Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static SkiffProcess.Result ok(String... args) {
        SkiffProcess.Result result = SkiffProcess.run(server.url(), args);
        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out() + result.err()).doesNotContain(PASSWORD, KEY_FILE);
        return result;
    }

    @Test
    void aSecret_isReadByTheFunctionThatNamesIt_andNeverPrinted() throws IOException {
        Path file = Files.writeString(dir.resolve("tls.key"), KEY_FILE);
        Path code = Files.writeString(dir.resolve("reader.py"), """
                import hashlib
                def handle(req):
                    with open('/var/skiff/secrets/db/password') as f:
                        password = f.read()
                    with open('/var/skiff/secrets/db/tls.key') as f:
                        key = f.read()
                    return hashlib.sha256(password.encode()).hexdigest()[:12] + ' ' + str(len(key))
                """);
        assertThat(ok("secret", "create", "db", "--from-literal", "password=" + PASSWORD, "--from-file", "tls.key=" + file)
                .out()).contains("password").contains("tls.key");
        ok("deploy", "reader", "--runtime", "python3", "--handler", "reader.handle", "--from-file", code.toString(),
                "--secret", "db");

        String answer = ok("invoke", "reader").out();
        assertThat(answer).contains(sha256(PASSWORD).substring(0, 12)).contains(" " + KEY_FILE.length());
        assertThat(ok("secret", "list").out()).contains("db").contains("password,tls.key").contains("reader");
        assertThat(ok("secret", "list", "-o", "json").out()).contains("\"keys\"");
        assertThat(ok("describe", "reader").out()).contains("Secrets").contains("/var/skiff/secrets/db");
        ok("describe", "reader", "-o", "json");
        String exported = ok("export", "reader", "--secret-skeletons").out();
        assertThat(exported).contains("kind: \"Secret\"").contains("secretName: \"db\"");

        SkiffProcess.Result refused = SkiffProcess.run(server.url(), "secret", "delete", "db");
        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.err()).contains("reader").contains("--force").doesNotContain(PASSWORD);
        ok("secret", "update", "db", "--from-literal", "password=" + PASSWORD + "2");
        ok("secret", "delete", "db", "--force");
        assertThat(SkiffProcess.run(server.url(), "secret", "list").err()).contains("No secrets");
    }

    @Test
    void badSecretCommands_sayWhatIsWrong() throws IOException {
        Path code = Files.writeString(dir.resolve("a.py"), "def handle(req):\n    return 'a'\n");
        SkiffProcess.Result none = SkiffProcess.run(server.url(), "secret", "create", "empty");
        assertThat(none.status()).isNotZero();
        assertThat(none.err()).contains("--from-literal");
        SkiffProcess.Result noFile = SkiffProcess.run(server.url(), "secret", "create", "x", "--from-file", "k=" + dir.resolve("absent"));
        assertThat(noFile.status()).isNotZero();
        assertThat(noFile.err()).contains("no file").doesNotContain("Exception");
        SkiffProcess.Result missing = SkiffProcess.run(server.url(), "deploy", "wants", "--runtime", "python3", "--handler",
                "a.handle", "--from-file", code.toString(), "--secret", "nowhere");
        assertThat(missing.status()).isNotZero();
        assertThat(missing.err()).contains("nowhere").contains("skiff secret create");
        for (List<String> args : List.of(List.of("secret", "delete", "nowhere"), List.of("secret", "update", "nowhere",
                "--from-literal", "a=b"))) {
            SkiffProcess.Result result = SkiffProcess.run(server.url(), args.toArray(String[]::new));
            assertThat(result.status()).isNotZero();
            assertThat(result.err()).contains("not found");
        }
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
