package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.Documents;
import dev.skiff.api.Function;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
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

    @RegisterExtension
    final FakeServerPerTest fake = new FakeServerPerTest();

    private Path document(String checksum, String contentType) throws IOException {
        return Files.writeString(dir.resolve("hello.yaml"),
                DOCUMENT.replace("CHECKSUM", checksum).replace("CONTENT_TYPE", contentType));
    }

    @Test
    void kubelessDocument_isSentAsASkiffFunction() throws IOException {
        String code = "def hello(event, context):\n  return event['data']\n";
        Path file = document(Samples.sha256(code), "text");
        fake.server().answerJson(201, Documents.json().writeValueAsString(Samples.ready("hello")));

        CliRunner.Result result = CliRunner.run("--server", fake.server().url(), "deploy", "-f", file.toString());

        assertThat(result.status()).as(result.err()).isZero();
        Function sent = Documents.read(fake.server().requests().getFirst().text(), Function.class);
        assertThat(sent.apiVersion()).isEqualTo(Function.API_VERSION);
        assertThat(sent.spec().runtime()).isEqualTo("python3.7");
        assertThat(sent.spec().handler()).isEqualTo("test.hello");
        assertThat(sent.spec().source().content()).isEqualTo(code);
        assertThat(sent.spec().timeoutSeconds()).isEqualTo(30);
    }

    @Test
    void checksumMismatch_isRefusedBeforeSending() throws IOException {
        Path file = document(CHECKSUM, "text");

        CliRunner.Result result = CliRunner.run("--server", fake.server().url(), "deploy", "-f", file.toString());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).contains("spec.checksum").contains("hello.yaml").doesNotContain("Exception");
        assertThat(fake.server().requests()).isEmpty();
    }

    @Test
    void urlContentType_isRefusedBeforeSending() throws IOException {
        Path file = document(CHECKSUM, "url");

        CliRunner.Result result = CliRunner.run("--server", fake.server().url(), "deploy", "-f", file.toString());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).contains("does not fetch code from the network").doesNotContain("Exception");
        assertThat(fake.server().requests()).isEmpty();
    }
}
