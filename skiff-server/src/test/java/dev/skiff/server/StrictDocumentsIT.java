package dev.skiff.server;

import static dev.skiff.server.StrictAnswers.assertNoFunction;
import static dev.skiff.server.StrictAnswers.invalid;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Documents are read without type coercion, and what is wrong is said in plain words naming the field. */
class StrictDocumentsIT {
    private static final String SPEC = """
            "spec": {"runtime": "python3", "handler": "main.handle",
                     "source": {"filename": "main.py", "content": "def handle(req):\\n    return 1\\n"}}""";

    @RegisterExtension
    static final TestServer server = new TestServer();

    private static HttpResponse<String> create(String body) {
        return server.send("POST", "/api/v1/functions", body);
    }

    private static HttpResponse<String> createYaml(String body) {
        return server.send("POST", "/api/v1/functions", body, "application/yaml");
    }

    @Test
    void create_numericName_is400SayingAStringIsExpected() {
        String message = invalid(create("{\"metadata\": {\"name\": 123}, " + SPEC + "}"));

        assertThat(message).contains("metadata.name").contains("must be a string").contains("123");
        assertNoFunction(server, "123");
    }

    @Test
    void create_stringPercent_is400SayingAWholeNumberIsExpected() {
        String message = invalid(create("{\"metadata\": {\"name\": \"strpercent\"}, \"spec\": {\"runtime\": \"python3\", "
                + "\"handler\": \"main.handle\", \"source\": {\"filename\": \"main.py\", \"content\": \"def handle(req):\\n    return 1\\n\"}, "
                + "\"traffic\": [{\"latestRevision\": true, \"percent\": \"100\"}]}}"));

        assertThat(message).contains("spec.traffic[0].percent").contains("must be a whole number").contains("'100'");
        assertNoFunction(server, "strpercent");
    }

    @Test
    void create_yaml_readsNumbersAndQuotedStrings_andRefusesANumberForAString() {
        String refused = invalid(createYaml(yaml("yamlnum", "8080")));
        HttpResponse<String> created = createYaml(yaml("yamlok", "\"8080\""));

        assertThat(refused).contains("spec.env.LISTEN_PORT").contains("must be a string").contains("8080");
        assertNoFunction(server, "yamlnum");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(server.send("POST", "/function/yamlok", "").body()).isEqualTo("8080");
    }

    private static String yaml(String name, String port) {
        return """
                metadata:
                  name: "%s"
                spec:
                  runtime: python3
                  handler: main.handle
                  timeoutSeconds: 30
                  env:
                    LISTEN_PORT: %s
                  source:
                    filename: main.py
                    content: |
                      import os
                      def handle(req):
                          return os.environ['LISTEN_PORT']
                  traffic:
                  - latestRevision: true
                    percent: 100
                """.formatted(name, port);
    }

    @Test
    void create_hundredKilobyteName_isQuotedCutShort() {
        String name = "n".repeat(100_000);

        String message = invalid(create("{\"metadata\": {\"name\": \"" + name + "\"}, " + SPEC + "}"));

        assertThat(message).contains("metadata.name").contains("100000 characters").contains("…");
        assertThat(message.length()).isLessThan(400);
    }

    @Test
    void create_libraryLimitsAndTypeErrors_areSaidInPlainWords() {
        String huge = "x".repeat(30 * 1024 * 1024);
        String tooLong = invalid(create("{\"metadata\": {\"name\": \"big\"}, \"spec\": {\"source\": {\"content\": \"" + huge + "\"}}}"));
        String tooLarge = invalid(create("{\"metadata\": {\"name\": \"bigint\"}, \"spec\": {\"timeoutSeconds\": 99999999999}}"));
        String listItem = invalid(create("{\"metadata\": {\"name\": \"listitem\"}, \"spec\": {\"command\": [\"a\", 5]}}"));
        String unknown = invalid(create("{\"metadata\": {\"name\": \"unknown\"}, \"spec\": {\"runtimee\": \"python3\"}}"));
        String object = invalid(create("{\"metadata\": {\"name\": \"obj\"}, \"spec\": {\"volumes\": [true]}}"));

        assertThat(tooLong).contains("spec.source.content").contains("longer than");
        assertThat(tooLarge).contains("spec.timeoutSeconds").contains("99999999999").contains("2147483647");
        assertThat(listItem).contains("spec.command[1]").contains("must be a string").contains("5");
        assertThat(unknown).contains("spec.runtimee").contains("unknown field").contains("runtime");
        assertThat(object).contains("spec.volumes[0]").contains("must be an object").contains("true");
        for (String message : new String[] {tooLong, tooLarge, listItem, unknown, object}) {
            assertThat(message).doesNotContain("StreamReadConstraints").doesNotContain("com.fasterxml")
                    .doesNotContain("java.lang").doesNotContain("Cannot deserialize").doesNotContain("VolumeMount");
        }
    }

    @Test
    void create_deeplyNestedOrTrailingDocument_isMalformedInPlainWords() {
        String nested = "{\"metadata\": {\"name\": \"deep\"}, \"spec\": {\"source\": {\"singleFile\": "
                + "[".repeat(5000) + "]".repeat(5000) + "}}}";
        String deep = StrictAnswers.error(create(nested), 400, "ValidationFailed");
        String trailing = StrictAnswers.error(create("{\"metadata\": {\"name\": \"two\"}, " + SPEC + "} {\"x\": 1}"),
                400, "MalformedRequest");

        assertThat(deep).contains("spec.source.singleFile").doesNotContain("StreamReadConstraints");
        assertThat(trailing).contains("line 2").contains("one document");
        assertNoFunction(server, "two");
    }
}
