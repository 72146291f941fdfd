package dev.skiff.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DocumentsTest {
    private static final String YAML = """
            apiVersion: skiff.dev/v1alpha1
            kind: Function
            metadata:
              name: hello
            spec:
              runtime: python3
              handler: hello.handle
              env:
                GREETING: hi
              timeoutSeconds: 30
              source:
                filename: hello.py
                content: |
                  def handle(req):
                      return "hi"
            """;

    @Test
    void read_yaml_givesTheFunction() {
        Function function = Documents.read(YAML, Function.class);
        assertThat(function.name()).isEqualTo("hello");
        assertThat(function.spec().handler()).isEqualTo("hello.handle");
        assertThat(function.spec().env()).isEqualTo(Map.of("GREETING", "hi"));
        assertThat(function.spec().source().content()).startsWith("def handle(req):\n");
        assertThat(function.spec().timeoutSeconds()).isEqualTo(30);
    }

    @Test
    void yamlAndJson_roundTripToTheSameFunction() throws Exception {
        Function function = FunctionDefaults.apply(Documents.read(YAML, Function.class));
        Function viaYaml = Documents.read(Documents.toYaml(function), Function.class);
        Function viaJson = Documents.read(Documents.json().writeValueAsString(function), Function.class);
        assertThat(viaYaml).isEqualTo(function);
        assertThat(viaJson).isEqualTo(function);
    }

    @Test
    void serverOutputWithStatus_readsBackUnchanged() {
        Function function = FunctionDefaults.apply(Documents.read(YAML, Function.class)).withStatus(new FunctionStatus(
                List.of(Condition.ready("2026-11-22T00:00:00Z")), "http://127.0.0.1:8080/function/hello",
                "hello-00001", "hello-00001", 1L,
                List.of(TrafficTarget.latest(100).resolved("hello-00001", null))));

        String yaml = Documents.toYaml(function);

        assertThat(yaml).doesNotContain("ready:").doesNotContain("\"true\"");
        assertThat(Documents.read(yaml, Function.class)).isEqualTo(function);
        assertThat(Documents.read(yaml, Function.class).status().isReady()).isTrue();
    }

    @Test
    void read_unknownField_namesTheFieldAndTheKnownOnes() {
        assertThatThrownBy(() -> Documents.read("{\"spec\": {\"runtimee\": \"python3\"}}", Function.class))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.errors().get(0).field()).isEqualTo("spec.runtimee");
                    assertThat(e.getMessage()).contains("unknown field").contains("runtime");
                });
    }

    @Test
    void read_wrongType_namesTheField() {
        assertThatThrownBy(() -> Documents.read("{\"spec\": {\"timeoutSeconds\": \"soon\"}}", Function.class))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.errors().get(0).field()).isEqualTo("spec.timeoutSeconds");
                    assertThat(e.getMessage()).contains("must be a whole number");
                });
        assertThatThrownBy(() -> Documents.read("spec: [1, 2]", Function.class))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.getMessage()).contains("spec: must be an object"));
    }

    @Test
    void read_notJsonOrYaml_isMalformedWithALocation() {
        assertThatThrownBy(() -> Documents.read("{\"spec\": ", Function.class))
                .isInstanceOf(MalformedDocumentException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> Documents.read("metadata:\n  name: \"unterminated\n", Function.class))
                .isInstanceOf(MalformedDocumentException.class).hasMessageContaining("line");
        assertThatThrownBy(() -> Documents.read("  ", Function.class))
                .isInstanceOf(MalformedDocumentException.class).hasMessageContaining("empty");
    }
}
