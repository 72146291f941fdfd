package dev.skiff.server.errors;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorsTest {
    @Test
    void unexpectedFailure_is500_withoutTheExceptionsNameOrMessage() {
        SkiffException answer = Errors.classify(new IllegalStateException("io.vertx.core.impl.NoStackTraceException: secret"));

        assertThat(answer.code()).isEqualTo(ErrorCode.INTERNAL);
        assertThat(answer.getMessage()).doesNotContain("Exception").doesNotContain("secret").contains("log");
    }

    @Test
    void statusWithoutAReason_isItsOwnKindOfError() {
        assertThat(Errors.ofStatus(413).code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
        assertThat(Errors.ofStatus(415).code()).isEqualTo(ErrorCode.UNSUPPORTED_MEDIA_TYPE);
        assertThat(Errors.ofStatus(400).code()).isEqualTo(ErrorCode.MALFORMED_REQUEST);
        assertThat(Errors.ofStatus(503).code()).isEqualTo(ErrorCode.INTERNAL);
    }

    @Test
    void noFunction_quotesALongNameCutShort() {
        assertThat(SkiffException.noFunction("n".repeat(100_000)).getMessage()).hasSizeLessThan(120).contains("(100000 characters)");
    }
}
