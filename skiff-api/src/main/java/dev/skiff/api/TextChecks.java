package dev.skiff.api;

import java.util.List;

/**
 * Refuses control characters in the strings of a spec that become file names, paths, environment
 * variables or command arguments, where the operating system cannot take them (NUL) or they only
 * hide what the string says (the rest).
 */
final class TextChecks {
    private TextChecks() {}

    /** Adds an error when {@code value} holds any control character (U+0000–U+001F, U+007F–U+009F); true when it did. */
    static boolean noControl(String value, String field, String what, List<FieldError> errors) {
        return refuse(value, field, what, true, errors);
    }

    /** Adds an error when {@code value} holds a NUL (U+0000), which no file, argument or variable can; true when it did. */
    static boolean noNul(String value, String field, String what, List<FieldError> errors) {
        return refuse(value, field, what, false, errors);
    }

    private static boolean refuse(String value, String field, String what, boolean anyControl, List<FieldError> errors) {
        if (value == null) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0 || anyControl && Character.isISOControl(c)) {
                errors.add(new FieldError(field, "contains the control character " + name(c) + " at position " + (i + 1)
                        + ", which " + what + " cannot hold"));
                return true;
            }
        }
        return false;
    }

    private static String name(char c) {
        String code = String.format("U+%04X", (int) c);
        return switch (c) {
            case 0 -> code + " (NUL)";
            case '\t' -> code + " (tab)";
            case '\n' -> code + " (line feed)";
            case '\r' -> code + " (carriage return)";
            default -> code;
        };
    }
}
