package dev.skiff.api;

/**
 * Shows a user's value inside an error message at a readable length: at most {@link #MAX_SHOWN}
 * characters, then {@code …} and the whole length, with control characters written as {@code \u0000}.
 */
public final class Quote {
    /** The most characters of a value a message shows. */
    public static final int MAX_SHOWN = 64;

    private Quote() {}

    /** The value in single quotes, cut short when long: {@code 'abc…' (100000 characters)}; {@code null} for null. */
    public static String value(String value) {
        return value == null ? "null" : "'" + cut(value, MAX_SHOWN) + "'" + length(value, MAX_SHOWN);
    }

    /** A map key or field name as a field's path shows it: cut short when long, no quotes. */
    public static String key(String key) {
        return plain(key, MAX_SHOWN);
    }

    /** {@code text} (a message, not a value) cut to {@code most} characters as {@link #key} cuts a key. */
    public static String plain(String text, int most) {
        return text == null ? "null" : cut(text, most) + length(text, most);
    }

    private static String cut(String text, int most) {
        int end = text.length() <= most ? text.length()
                : Character.isHighSurrogate(text.charAt(most - 1)) ? most - 1 : most;
        StringBuilder out = new StringBuilder(end + 8);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return end < text.length() ? out.append('…').toString() : out.toString();
    }

    private static String length(String text, int most) {
        return text.length() > most ? " (" + text.length() + " characters)" : "";
    }
}
