package dev.skiff.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuoteTest {
    @Test
    void value_short_isQuotedWhole() {
        assertThat(Quote.value("hello")).isEqualTo("'hello'");
        assertThat(Quote.value(null)).isEqualTo("null");
    }

    @Test
    void value_long_isCutWithItsLength() {
        String shown = Quote.value("n".repeat(100_000));

        assertThat(shown).isEqualTo("'" + "n".repeat(Quote.MAX_SHOWN) + "…' (100000 characters)");
    }

    @Test
    void value_controlCharacters_areEscaped() {
        assertThat(Quote.value("a\u0000b\nc")).isEqualTo("'a\\u0000b\\u000ac'");
        assertThat(Quote.key("A\u0000")).isEqualTo("A\\u0000");
    }

    @Test
    void plain_cutBetweenASurrogatePair_keepsThePairWhole() {
        String text = "x".repeat(Quote.MAX_SHOWN - 1) + "😀" + "y";

        assertThat(Quote.key(text)).startsWith("x".repeat(Quote.MAX_SHOWN - 1) + "…").endsWith("(66 characters)");
    }
}
