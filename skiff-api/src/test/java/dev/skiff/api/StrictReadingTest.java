package dev.skiff.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Documents#read} converts no scalar to another type and says what is wrong in plain words. */
class StrictReadingTest {
    /** A document with a field of any shape, to reach the parser's limits. */
    record Loose(Object any) {}

    /** A document with an enum field. */
    record Colored(Color color) {}

    /** Colors. */
    enum Color { RED, GREEN }

    private static String refusal(String text, Class<?> type) {
        try {
            Documents.read(text, type);
        } catch (ValidationException | MalformedDocumentException e) {
            assertThat(e.getMessage()).doesNotContain("com.fasterxml").doesNotContain("java.lang")
                    .doesNotContain("StreamReadConstraints").doesNotContain("Cannot deserialize").doesNotContain("`");
            return e.getMessage();
        }
        throw new AssertionError("read " + text + " without an error");
    }

    @Test
    void read_scalarOfAnotherType_isRefusedSayingWhatWasFound() {
        assertThat(refusal("{\"metadata\": {\"name\": 123}}", Function.class))
                .isEqualTo("metadata.name: must be a string, found the number 123 (line 1, column 23)");
        assertThat(refusal("{\"spec\": {\"timeoutSeconds\": \"30\"}}", Function.class))
                .startsWith("spec.timeoutSeconds: must be a whole number, found the string '30'");
        assertThat(refusal("{\"spec\": {\"timeoutSeconds\": \"\"}}", Function.class)).contains("found the string ''");
        assertThat(refusal("{\"spec\": {\"handler\": true}}", Function.class)).startsWith("spec.handler: must be a string, found true");
        assertThat(refusal("{\"spec\": {\"volumes\": [{\"readOnly\": \"true\"}]}}", Function.class))
                .startsWith("spec.volumes[0].readOnly: must be true or false, found the string 'true'");
        assertThat(refusal("{\"spec\": {\"volumes\": [{\"readOnly\": 1}]}}", Function.class)).contains("must be true or false");
    }

    @Test
    void read_fractionForAWholeNumber_isRefusedAsAFraction() {
        assertThat(refusal("{\"spec\": {\"traffic\": [{\"percent\": 99.5}]}}", Function.class))
                .startsWith("spec.traffic[0].percent: 99.5 is not a whole number");
        assertThat(refusal("spec:\n  traffic:\n  - percent: 100.0\n", Function.class))
                .startsWith("spec.traffic[0].percent: must be a whole number, found 100.0; write 100");
    }

    @Test
    void read_ordinaryYaml_readsNumbersQuotedStringsAndQuantities() {
        Function function = Documents.read("""
                metadata:
                  name: "123"
                spec:
                  maxRequestSize: 1048576
                  env:
                    PORT: "8080"
                  resources:
                    requests: {cpu: 0.5, memory: 128Mi}
                  traffic:
                  - latestRevision: true
                    percent: 100
                ---
                """, Function.class);

        assertThat(function.name()).isEqualTo("123");
        assertThat(function.spec().maxRequestSize()).isEqualTo("1048576");
        assertThat(function.spec().env()).isEqualTo(Map.of("PORT", "8080"));
        assertThat(function.spec().resources().requests()).isEqualTo(Map.of("cpu", "0.5", "memory", "128Mi"));
        assertThat(function.spec().traffic().getFirst().percent()).isEqualTo(100);
    }

    @Test
    void read_numberTooLargeOrTooLong_saysTheRange() {
        assertThat(refusal("{\"spec\": {\"concurrency\": 99999999999}}", Function.class))
                .startsWith("spec.concurrency: must be a whole number from -2147483648 to 2147483647, found 99999999999");
        assertThat(refusal("{\"spec\": {\"concurrency\": " + "9".repeat(2000) + "}}", Function.class))
                .isEqualTo("spec: has a number longer than 1000 digits");
    }

    @Test
    void read_parserLimits_areSaidInPlainWords() {
        assertThat(refusal("{\"any\": " + "[".repeat(1500) + "]".repeat(1500) + "}", Loose.class))
                .contains("is nested more than 1000 levels deep");
        assertThat(refusal("{\"any\": {\"" + "k".repeat(60_000) + "\": 1}}", Loose.class))
                .isEqualTo("any: has a field name longer than 50000 characters");
        assertThat(refusal("{\"any\": \"" + "s".repeat(21_000_000) + "\"}", Loose.class))
                .isEqualTo("any: is longer than 20000000 characters, the most one value may hold");
    }

    @Test
    void read_unknownEnumValueOrWrongShape_namesTheChoices() {
        assertThat(refusal("{\"color\": \"BLUE\"}", Colored.class)).startsWith("color: 'BLUE' is not one of RED, GREEN");
        assertThat(refusal("{\"spec\": {\"command\": [\"a\", {\"b\": 1}]}}", Function.class))
                .startsWith("spec.command[1]: must be a string, found an object");
        assertThat(refusal("{\"spec\": {\"volumes\": [\"data\"]}}", Function.class))
                .startsWith("spec.volumes[0]: must be an object, found the string 'data'");
    }

    @Test
    void read_duplicateTrailingOrIgnoredFields_areRefused() {
        assertThat(refusal("{\"metadata\": {\"name\": \"a\", \"name\": \"b\"}}", Function.class))
                .isEqualTo("the body is not valid JSON (line 1, column 34): the field 'name' is given twice");
        assertThat(refusal("metadata:\n  name: a\n---\nmetadata:\n  name: b\n", Function.class))
                .isEqualTo("the body goes on after its YAML document (line 4, column 1); send one document");
        assertThat(refusal("{\"spec\": {\"source\": {\"singleFile\": true}}}", Function.class))
                .startsWith("spec.source.singleFile: unknown field; known fields: content, contentType, filename");
    }

    @Test
    void read_syntaxErrors_keepTheLineAndColumnInPlainWords() {
        assertThat(refusal("{\"spec\": {\"handler\" 1}}", Function.class))
                .startsWith("the body is not valid JSON (line 1, column 21): unexpected character ('1')");
        assertThat(refusal("{\"spec\": {\"handler\": \"a", Function.class))
                .isEqualTo("the body is not valid JSON (line 1, column 24): the text ends before a string is closed");
        assertThat(refusal("{\"spec\": {} // note\n}", Function.class)).endsWith("JSON has no comments");
        assertThat(refusal("{\"spec\": {\"timeoutSeconds\": NaN}}", Function.class)).endsWith("non-standard token 'NaN'");
        assertThat(refusal("metadata:\n  name: a: b\n", Function.class))
                .startsWith("the body is not valid YAML (line 2, column 10): mapping values are not allowed here");
        assertThat(refusal("metadata:\n\tname: a\n", Function.class)).endsWith("indent with spaces");
    }
}
