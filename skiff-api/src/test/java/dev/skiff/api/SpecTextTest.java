package dev.skiff.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Control characters where the spec's strings become paths, names or arguments, and values quoted at a readable length. */
class SpecTextTest {
    private static FunctionSpec.Builder spec() {
        return FunctionSpec.builder().runtime("python3").handler("hello.handle").source(Source.text("hello.py", "pass"));
    }

    private static List<FieldError> errors(String name, FunctionSpec spec) {
        return FunctionValidation.validate(FunctionDefaults.apply(Function.of(name, spec)), Set.of("python3"));
    }

    private static String message(List<FieldError> errors, String field) {
        return errors.stream().filter(e -> e.field().equals(field)).map(FieldError::message).findFirst()
                .orElseThrow(() -> new AssertionError("no error for " + field + " in " + errors));
    }

    @Test
    void validate_controlCharacters_namesEachFieldAndTheCharacter() {
        List<FieldError> errors = errors("ctl", spec()
                .handler("hello.hand\tle")
                .env(Map.of("A", "x\u0000y", "B", "multi\nline"))
                .image("registry.example/hello:1\u0000")
                .command(List.of("python3", "-c", "print(1)\nprint(2)"))
                .build());

        assertThat(message(errors, "spec.handler")).isEqualTo("contains the control character U+0009 (tab) at position 11, "
                + "which a handler cannot hold");
        assertThat(message(errors, "spec.env.A")).contains("U+0000 (NUL)").contains("an environment variable");
        assertThat(message(errors, "spec.image")).contains("U+0000 (NUL)");
        assertThat(errors).extracting(FieldError::field).doesNotContain("spec.env.B", "spec.command[2]");
    }

    @Test
    void validate_longValues_areQuotedCutShort() {
        String longName = "n".repeat(100_000);
        List<FieldError> errors = errors(longName, spec().runtime("r".repeat(500)).env(Map.of("9" + "x".repeat(500), "v")).build());

        assertThat(message(errors, "metadata.name")).startsWith("'nnn").contains("…' (100000 characters)");
        assertThat(message(errors, "spec.runtime")).contains("…' (500 characters)");
        assertThat(errors).extracting(FieldError::field).anyMatch(f -> f.startsWith("spec.env.9x") && f.endsWith("(501 characters)"));
        assertThat(errors.toString().length()).isLessThan(1000);
    }

    @Test
    void validateTraffic_latestTwiceWithAShare_namesTheFirstEntry() {
        List<FieldError> errors = new java.util.ArrayList<>();
        FunctionValidation.validateTraffic("f", List.of(TrafficTarget.latest(50), TrafficTarget.latest(50),
                new TrafficTarget(null, true, null, "newest", null)), "spec.traffic", errors);

        assertThat(errors).containsExactly(new FieldError("spec.traffic[1].latestRevision",
                "the latest revision already has a percent in spec.traffic[0]; give each revision one entry with its "
                        + "percent (a tag without a percent may name it again)"));
    }

    @Test
    void validateCron_contentTypeWithALineBreak_isRefused() {
        CronTrigger cron = CronTrigger.of("tick", EventingDefaults.cron(new CronTrigger.CronTriggerSpec(
                "*/5 * * * *", null, "text/plain\r\nX-Injected: 1", "{}", new Destination("f"))));

        List<FieldError> errors = EventingValidation.validate(cron, schedule -> null);

        assertThat(errors).extracting(FieldError::field).containsExactly("spec.contentType");
        assertThat(errors.getFirst().message()).contains("U+000D (carriage return)");
    }
}
