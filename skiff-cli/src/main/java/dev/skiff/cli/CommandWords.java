package dev.skiff.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a {@code --command} string into an argv by simple shell-word rules, without a shell:
 * whitespace separates words, single quotes keep everything literally, double quotes keep spaces
 * and honour {@code \"} and {@code \\}, and a backslash outside quotes escapes the next character.
 * No variables, globs, pipes or redirections.
 */
public final class CommandWords {
    private CommandWords() {}

    /**
     * The words of {@code line}.
     *
     * @throws IllegalArgumentException for an unclosed quote or a trailing backslash
     */
    public static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < line.length() && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
                    word.append(line.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                inWord = true;
                if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '\\') {
                    if (i + 1 == line.length()) {
                        throw new IllegalArgumentException("the command ends with a lone backslash: " + line);
                    }
                    word.append(line.charAt(++i));
                } else {
                    word.append(c);
                }
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("the command has an unclosed " + quote + " quote: " + line);
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
