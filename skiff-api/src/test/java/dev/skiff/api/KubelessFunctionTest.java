package dev.skiff.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** kubeless {@code kubeless.io/v1beta1} Function documents (fixtures under kubeless/) translated to Skiff Functions. */
class KubelessFunctionTest {
    private static String fixture(String name) {
        try (InputStream in = KubelessFunctionTest.class.getResourceAsStream("/kubeless/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void seedDocument_translatesAsItIs_itsPython27RuntimeLeftForAdmissionToRefuse() {
        Function function = FunctionDocument.read(fixture("seed-hello.yaml"));

        assertThat(function.apiVersion()).isEqualTo(Function.API_VERSION);
        assertThat(function.name()).isEqualTo("hello");
        assertThat(function.metadata().namespace()).isEqualTo("default");
        assertThat(function.metadata().labels()).isNull();
        assertThat(function.spec().runtime()).isEqualTo("python2.7");
        assertThat(function.spec().handler()).isEqualTo("test.hello");
        assertThat(function.spec().source().content()).contains("print event");
        assertThat(function.spec().source().contentType()).isEqualTo("text");
        assertThat(function.spec().source().filename()).isNull();
        assertThat(function.spec().requirements()).isNull();
        assertThat(function.spec().timeoutSeconds()).isEqualTo(180);
        assertThat(function.spec().env()).isNull();
        assertThat(function.spec().resources()).isNull();
    }

    @Test
    void python3Document_carriesDepsAndTheContainersEnvAndResources() {
        Function function = FunctionDocument.read(fixture("hello-python3.yaml"));

        assertThat(function.spec().runtime()).isEqualTo("python3.7");
        assertThat(function.spec().source().content())
                .isEqualTo("def hello(event, context):\n  print(event)\n  return event['data']\n");
        assertThat(function.spec().requirements()).isEqualTo("requests==2.31.0\n");
        assertThat(function.spec().env()).containsExactly(Map.entry("GREETING", "hi"));
        assertThat(function.spec().resources().limits()).containsEntry("memory", "128Mi").containsEntry("cpu", "500m");
        assertThat(function.spec().resources().requests()).containsExactly(Map.entry("memory", "64Mi"));
    }

    @Test
    void base64ZipDocument_isAZipSource_checkedAgainstItsChecksum() {
        Function function = FunctionDocument.read(fixture("zip.yaml"));

        assertThat(function.spec().source().type()).isEqualTo(Source.ContentType.ZIP);
        assertThat(function.spec().source().bytes()).startsWith((byte) 'P', (byte) 'K');
        assertThat(function.spec().timeoutSeconds()).isEqualTo(30);
        assertThat(function.spec().runtime()).isEqualTo("python37");
    }

    @Test
    void checksumMismatch_isRefusedOnSpecChecksum() {
        assertThatThrownBy(() -> FunctionDocument.read(fixture("bad-checksum.yaml")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("spec.checksum")
                .hasMessageContaining("changed since the checksum was taken");
    }

    @Test
    void urlContentType_isRefused_nothingIsFetched() {
        assertThatThrownBy(() -> FunctionDocument.read(fixture("url.yaml")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("spec.function-content-type")
                .hasMessageContaining("does not fetch code from the network");
    }

    @Test
    void documentWithoutCode_isRefusedOnSpecFunction() {
        assertThatThrownBy(() -> FunctionDocument.read(fixture("malformed.yaml")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("spec.function");
    }

    @Test
    void badFields_areRefusedEachNamed() {
        String base = "apiVersion: kubeless.io/v1beta1\nkind: Function\nmetadata:\n  name: f\nspec:\n"
                + "  function: x\n  handler: t.h\n  runtime: python3.7\n";
        assertThatThrownBy(() -> FunctionDocument.read(base + "  function-content-type: gzip\n"))
                .hasMessageContaining("'gzip' is not a kubeless content type");
        assertThatThrownBy(() -> FunctionDocument.read(base + "  timeout: soon\n"))
                .hasMessageContaining("spec.timeout");
        assertThatThrownBy(() -> FunctionDocument.read(base + "  checksum: md5:abc\n"))
                .hasMessageContaining("is not sha256:HEX");
        assertThatThrownBy(() -> FunctionDocument.read(base.replace("  function: x\n",
                "  function: '%%%'\n  function-content-type: base64\n"))).hasMessageContaining("not valid base64");
        assertThatThrownBy(() -> FunctionDocument.read(base.replace("  name: f\n", "  labels: {}\n")))
                .hasMessageContaining("metadata.name");
        assertThatThrownBy(() -> FunctionDocument.read(base + "  deployment:\n    spec:\n      template:\n"
                + "        spec:\n          containers:\n          - env:\n            - name: PASSWORD\n"
                + "              valueFrom: {secretKeyRef: {name: db, key: password}}\n"))
                .hasMessageContaining("containers[0].env").hasMessageContaining("PASSWORD: valueFrom")
                .hasMessageContaining("--secret-env");
    }

    @Test
    void skiffDocument_isReadAsBefore() {
        Function function = FunctionDocument.read("apiVersion: skiff.dev/v1alpha1\nkind: Function\nmetadata:\n"
                + "  name: f\nspec:\n  runtime: python3\n  handler: f.handle\n");

        assertThat(function.name()).isEqualTo("f");
        assertThat(function.spec().runtime()).isEqualTo("python3");
        assertThatThrownBy(() -> FunctionDocument.read("apiVersion: skiff.dev/v1alpha1\nkind: Function\nbogus: 1\n"))
                .isInstanceOf(ValidationException.class);
    }
}
