package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.Documents;
import dev.skiff.api.Function;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code skiff deploy -f} with a kubeless Function document: sent translated, or refused before anything is sent. */
class KubelessDocumentDeployTest {
    private static final String DOCUMENT = """
            apiVersion: kubeless.io/v1beta1
            kind: Function
            metadata:
              name: hello
            spec:
              checksum: sha256:CHECKSUM
              function: |
                def hello(event, context):
                  return event['data']
              function-content-type: CONTENT_TYPE
              handler: test.hello
              runtime: python3.7
              timeout: "30"
            """;
    private static final String CHECKSUM = "b1f63bd0e98bdb8d5a7b1ac0e2bcdeb23e13c7dfb8d6b99fe4e0dbc7bcbcd3e6";

    @TempDir
    Path dir;

    private FakeSkiffServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = FakeSkiffServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private Path document(String checksum, String contentType) throws IOException {
        return Files.writeString(dir.resolve("hello.yaml"),
                DOCUMENT.replace("CHECKSUM", checksum).replace("CONTENT_TYPE", contentType));
    }

    @Test
    void kubelessDocument_isSentAsASkiffFunction() throws IOException {
        String code = "def hello(event, context):\n  return event['data']\n";
        Path file = document(KubelessChecksums.sha256(code), "text");
        server.answerJson(201, Documents.json().writeValueAsString(Samples.ready("hello")));

        CliRunner.Result result = CliRunner.run("--server", server.url(), "deploy", "-f", file.toString());

        assertThat(result.status()).as(result.err()).isZero();
        Function sent = Documents.read(server.requests().getFirst().text(), Function.class);
        assertThat(sent.apiVersion()).isEqualTo(Function.API_VERSION);
        assertThat(sent.spec().runtime()).isEqualTo("python3.7");
        assertThat(sent.spec().handler()).isEqualTo("test.hello");
        assertThat(sent.spec().source().content()).isEqualTo(code);
        assertThat(sent.spec().timeoutSeconds()).isEqualTo(30);
    }

    @Test
    void checksumMismatch_isRefusedBeforeSending() throws IOException {
        Path file = document(CHECKSUM, "text");

        CliRunner.Result result = CliRunner.run("--server", server.url(), "deploy", "-f", file.toString());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).contains("spec.checksum").contains("hello.yaml").doesNotContain("Exception");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void urlContentType_isRefusedBeforeSending() throws IOException {
        Path file = document(CHECKSUM, "url");

        CliRunner.Result result = CliRunner.run("--server", server.url(), "deploy", "-f", file.toString());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).contains("does not fetch code from the network").doesNotContain("Exception");
        assertThat(server.requests()).isEmpty();
    }

    /** SHA-256 as kubeless's checksum takes it. */
    static final class KubelessChecksums {
        private KubelessChecksums() {}

        static String sha256(String text) {
            try {
                return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
