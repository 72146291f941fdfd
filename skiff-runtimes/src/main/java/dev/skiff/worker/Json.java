package dev.skiff.worker;

import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * A dependency-free JSON writer for what functions return: null, Boolean, Number, CharSequence,
 * Character, enums, Map (keys as strings), Collection, arrays, Optional and records (their
 * components). Any other object is written as the JSON string of its {@code toString()}.
 */
final class Json {
    private static final int MAX_DEPTH = 200;

    private Json() {}

    /** The value as JSON text. */
    static String write(Object value) {
        StringBuilder out = new StringBuilder(64);
        write(value, out, 0);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("the value nests deeper than " + MAX_DEPTH + " levels (a cycle?)");
        }
        switch (value) {
            case null -> out.append("null");
            case Boolean b -> out.append(b);
            case Double d -> number(d.isNaN() || d.isInfinite(), d, out);
            case Float f -> number(f.isNaN() || f.isInfinite(), f, out);
            case Number n -> out.append(n);
            case CharSequence s -> string(s.toString(), out);
            case Character c -> string(c.toString(), out);
            case Enum<?> e -> string(e.name(), out);
            case Optional<?> o -> write(o.orElse(null), out, depth + 1);
            case Map<?, ?> map -> object(map, out, depth);
            case Collection<?> items -> {
                out.append('[');
                int i = 0;
                for (Object item : items) {
                    out.append(i++ == 0 ? "" : ",");
                    write(item, out, depth + 1);
                }
                out.append(']');
            }
            case Record record -> record(record, out, depth);
            default -> {
                if (value.getClass().isArray()) {
                    out.append('[');
                    for (int i = 0, n = Array.getLength(value); i < n; i++) {
                        out.append(i == 0 ? "" : ",");
                        write(Array.get(value, i), out, depth + 1);
                    }
                    out.append(']');
                } else {
                    string(value.toString(), out);
                }
            }
        }
    }

    private static void number(boolean notFinite, Number n, StringBuilder out) {
        if (notFinite) {
            throw new IllegalArgumentException("JSON has no " + n);
        }
        out.append(n);
    }

    private static void object(Map<?, ?> map, StringBuilder out, int depth) {
        out.append('{');
        int i = 0;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            out.append(i++ == 0 ? "" : ",");
            string(String.valueOf(entry.getKey()), out);
            out.append(':');
            write(entry.getValue(), out, depth + 1);
        }
        out.append('}');
    }

    private static void record(Record record, StringBuilder out, int depth) {
        out.append('{');
        RecordComponent[] components = record.getClass().getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            out.append(i == 0 ? "" : ",");
            string(components[i].getName(), out);
            out.append(':');
            try {
                components[i].getAccessor().setAccessible(true);
                write(components[i].getAccessor().invoke(record), out, depth + 1);
            } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
                throw new IllegalArgumentException("cannot read " + record.getClass().getSimpleName() + "."
                        + components[i].getName() + ": " + e, e);
            }
        }
        out.append('}');
    }

    /** Appends {@code s} as a JSON string. */
    static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
