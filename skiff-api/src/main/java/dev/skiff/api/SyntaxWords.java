package dev.skiff.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Why a text is not JSON or YAML, in plain words: the parsers' own reasons with their character
 * codes, token names, internal locations and settings taken out.
 */
final class SyntaxWords {
    private static final Pattern CONTROL = Pattern.compile("\\(\\(CTRL-CHAR, code (\\d+)\\)\\)");
    private static final Pattern CODE = Pattern.compile(" \\(code \\d+\\)");
    private static final Pattern SOURCE = Pattern.compile("\\[Source: [^\\]]*?line: (\\d+), column: (\\d+)\\]");
    private static final Pattern LIMIT = Pattern.compile("exceeds the limit: (\\d+)");
    private static final Pattern TOKEN = Pattern.compile("'([^']*)'");
    private static final String[][] YAML_TOKENS = {
        {"<stream end>", "the end of the document"}, {"StreamEnd", "the end of the document"},
        {"<block end>", "the end of a block (is it indented as far as the lines above it?)"},
        {"<block mapping start>", "the start of a mapping"}, {"<block sequence start>", "the start of a list"},
        {"BlockEnd", "the end of a block"}, {"BlockMappingStart", "the start of a mapping"},
        {"BlockSequenceStart", "the start of a list"}, {"Scalar", "a value"},
    };
    private static final String[][] JSON_TOKENS = {
        {"START_OBJECT", "'{'"}, {"END_OBJECT", "'}'"}, {"START_ARRAY", "'['"}, {"END_ARRAY", "']'"},
        {"VALUE_STRING", "a string"}, {"FIELD_NAME", "a field name"},
    };

    private SyntaxWords() {}

    /** The reason the document could not be parsed. */
    static String of(JsonProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException marked) {
                return yaml(marked);
            }
            if (t instanceof YAMLException yaml) {
                Matcher limit = LIMIT.matcher(String.valueOf(yaml.getMessage()));
                return limit.find() ? "the document is longer than " + limit.group(1) + " characters, the most a YAML "
                        + "document may hold; send a larger one as JSON" : plain(String.valueOf(yaml.getMessage()));
            }
        }
        return json(e.getOriginalMessage());
    }

    private static String yaml(MarkedYAMLException e) {
        String problem = replace(e.getProblem() == null ? "it cannot be read" : e.getProblem(), YAML_TOKENS);
        if (problem.contains("\\t(TAB)")) {
            return "a tab cannot start anything in YAML; indent with spaces";
        }
        if (problem.startsWith("mapping values are not allowed here")) {
            problem += " (does a value hold ': ' and need quotes?)";
        }
        return plain(e.getContext() == null ? problem : problem + ", " + e.getContext());
    }

    private static String json(String message) {
        String first = message == null ? "it cannot be read" : message.lines().findFirst().orElse("");
        if (first.startsWith("Duplicate field")) {
            return "the field " + token(first) + " is given twice";
        }
        if (first.startsWith("Unexpected end-of-input")) {
            return "the text ends before " + (first.contains("Object") ? "an object ({...}) is closed"
                    : first.contains("Array") ? "a list ([...]) is closed"
                    : first.contains("STRING") || first.contains("quote") ? "a string is closed" : "the document is complete");
        }
        if (first.startsWith("Unrecognized token")) {
            return token(first) + " is not a value: write a string in double quotes, a number, true, false, null, "
                    + "an object or a list";
        }
        if (first.contains("comment")) {
            return "JSON has no comments";
        }
        Matcher control = CONTROL.matcher(first);
        if (control.find()) {
            String code = String.format("U+%04X", Integer.parseInt(control.group(1)));
            return first.startsWith("Illegal unquoted character")
                    ? "the control character " + code + " must be escaped inside a string (e.g. \\n for a line break)"
                    : "the control character " + code + " may not stand outside a string";
        }
        String cleaned = SOURCE.matcher(CODE.matcher(first).replaceAll("")).replaceAll("line $1, column $2");
        return plain(replace(cleaned, JSON_TOKENS));
    }

    private static String token(String message) {
        Matcher token = TOKEN.matcher(message);
        return token.find() ? Quote.value(token.group(1)) : "a token";
    }

    private static String replace(String text, String[][] words) {
        String result = text;
        for (String[] word : words) {
            result = result.replace(word[0], word[1]);
        }
        return result;
    }

    /** Lower-cased first letter, cut before any clause that names a parser setting, at a readable length. */
    private static String plain(String text) {
        String result = text.strip();
        int setting = indexOfAny(result, "Feature", "`", "enable ");
        if (setting >= 0) {
            int clause = Math.max(result.lastIndexOf(": ", setting), result.lastIndexOf(" (", setting));
            result = clause > 0 ? result.substring(0, clause) : "it cannot be read";
        }
        if (!result.isEmpty() && Character.isUpperCase(result.charAt(0))
                && (result.length() == 1 || !Character.isUpperCase(result.charAt(1)))) {
            result = result.substring(0, 1).toLowerCase(Locale.ROOT) + result.substring(1);
        }
        return Quote.plain(result, 300);
    }

    private static int indexOfAny(String text, String... needles) {
        int first = -1;
        for (String needle : needles) {
            int at = text.indexOf(needle);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        return first;
    }
}
