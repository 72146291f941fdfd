package dev.skiff.server.errors;

/** A value a client sent, cut to a readable length before a message quotes it. */
public final class Quoting {
    /** How many characters of a value a message shows. */
    static final int SHOWN = 64;

    private Quoting() {}

    /** {@code value} itself when short; else its first 64 characters, an ellipsis and its length. */
    public static String cut(String value) {
        if (value == null || value.length() <= SHOWN) {
            return value;
        }
        return value.substring(0, SHOWN) + "… (" + value.length() + " characters)";
    }
}
