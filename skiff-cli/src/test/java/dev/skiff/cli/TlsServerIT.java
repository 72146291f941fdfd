package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Documents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skiff server --tls-cert --tls-key}: HTTPS for the API and for invocations (their fast path
 * included), which the CLI of the user who started it trusts with no flag, since the server recorded
 * its certificate beside its token; a client that does not trust the certificate is refused.
 */
class TlsServerIT {
    @TempDir
    static Path dir;

    private static SkiffProcess.Server server;

    @BeforeAll
    static void start() throws IOException, InterruptedException {
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", key.toString(), "-out", cert.toString())
                .redirectErrorStream(true).start();
        String said = new String(openssl.getInputStream().readAllBytes());
        assertThat(openssl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(openssl.exitValue()).as(said).isZero();
        server = SkiffProcess.startServer(dir.resolve("data"), Map.of(), "--tls-cert", cert.toString(),
                "--tls-key", key.toString());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theCliOfTheUserWhoStartedIt_deploysAndInvokesOverHttps_withNoFlag() throws IOException {
        assertThat(server.url()).startsWith("https://127.0.0.1:");
        Path code = Files.writeString(dir.resolve("proto.py"),
                "def handler(event, context):\n    return event['extensions']['request'].headers.get('x-forwarded-proto')\n");

        SkiffProcess.Result deployed = SkiffProcess.run(server.url(), "deploy", "proto", "--runtime", "python3",
                "--handler", "proto.handler", "--from-file", code.toString());
        assertThat(deployed.status()).as(deployed.err()).isZero();
        SkiffProcess.Result invoked = SkiffProcess.run(server.url(), "invoke", "proto");

        assertThat(invoked.status()).as(invoked.err()).isZero();
        assertThat(invoked.out().strip()).isEqualTo("https");
        JsonNode recorded = Documents.json().readTree(SkiffProcess.CONFIG.toFile()).path("servers").path(server.url());
        assertThat(recorded.path("certificateAuthority").asText()).isEqualTo(dir.resolve("cert.pem").toString());
    }

    @Test
    void aClientThatDoesNotTrustTheCertificate_isRefused_withAMessage() {
        SkiffProcess.Result refused = SkiffProcess.run(Map.of("SKIFF_CONFIG", dir.resolve("stranger.json").toString()),
                server.url(), "--token", "skiff_whatever", "list");

        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.err()).startsWith("error: ").containsIgnoringCase("certificat").doesNotContain("\tat ");
    }

    @Test
    void plainHttpToTheHttpsPort_getsNoAnswer() {
        SkiffProcess.Result plain = SkiffProcess.run(server.url().replace("https://", "http://"), "list");

        assertThat(plain.status()).isEqualTo(1);
        assertThat(List.of(plain.out(), plain.err())).noneMatch(text -> text.contains("\"items\""));
    }
}
