package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CommandWordsTest {

    @Test
    void split_whitespaceSeparatesWords() {
        assertThat(CommandWords.split("  python3   app.py\t--port 1 ")).containsExactly("python3", "app.py", "--port", "1");
        assertThat(CommandWords.split("")).isEmpty();
    }

    @Test
    void split_quotesAndBackslashes_asAShellWould() {
        assertThat(CommandWords.split("echo 'a b' \"c d\" e\\ f")).containsExactly("echo", "a b", "c d", "e f");
        assertThat(CommandWords.split("x 'it''s' \"say \\\"hi\\\"\" 'no \\escape'"))
                .containsExactly("x", "its", "say \"hi\"", "no \\escape");
        assertThat(CommandWords.split("a'b'\"c\"")).containsExactly("abc");
        assertThat(CommandWords.split("'' x")).containsExactly("", "x");
    }

    @Test
    void split_noShellFeatures() {
        assertThat(CommandWords.split("app $HOME *.py | tee; x>y")).containsExactly("app", "$HOME", "*.py", "|", "tee;", "x>y");
    }

    @Test
    void split_unclosedQuoteOrTrailingBackslash_isAnError() {
        assertThatThrownBy(() -> CommandWords.split("python3 'app.py")).hasMessageContaining("unclosed ' quote");
        assertThatThrownBy(() -> CommandWords.split("python3 \"app.py")).hasMessageContaining("unclosed \" quote");
        assertThatThrownBy(() -> CommandWords.split("python3 \\")).hasMessageContaining("lone backslash");
    }
}
