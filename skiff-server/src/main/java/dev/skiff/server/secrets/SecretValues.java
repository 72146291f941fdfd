package dev.skiff.server.secrets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.skiff.api.Documents;
import dev.skiff.api.Quote;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A secret's values, by key: what is sealed (as JSON of base64 values, sorted by key) and the
 * rules its keys and sizes follow, Kubernetes's for a Secret's data. Pure.
 */
public final class SecretValues {
    /** The most a secret's values may hold together, as Kubernetes allows a Secret. */
    public static final int MAX_BYTES = 1024 * 1024;
    private static final Pattern KEY = Pattern.compile("^[-._a-zA-Z0-9]{1,253}$");

    private SecretValues() {}

    /** The problems of {@code values} as a secret's data (a key that is not a file name, too much data); empty when none. */
    public static List<String> problems(Map<String, byte[]> values) {
        List<String> problems = new ArrayList<>();
        if (values.isEmpty()) {
            problems.add("a secret needs at least one key, e.g. --from-literal password=...");
        }
        long total = 0;
        for (Map.Entry<String, byte[]> entry : values.entrySet()) {
            String key = entry.getKey();
            if (!KEY.matcher(key).matches() || key.equals(".") || key.equals("..")) {
                problems.add("key " + Quote.value(key) + " is not a valid key: use letters, digits, '-', '_' and '.', "
                        + "at most 253 (it names a file)");
            }
            total += entry.getValue().length;
        }
        if (total > MAX_BYTES) {
            problems.add("the values hold " + total + " bytes; a secret holds at most " + MAX_BYTES);
        }
        return problems;
    }

    /** The values as the bytes that are sealed. */
    static byte[] encode(Map<String, byte[]> values) {
        Map<String, String> encoded = new TreeMap<>();
        values.forEach((key, value) -> encoded.put(key, Base64.getEncoder().encodeToString(value)));
        try {
            return Documents.json().writeValueAsBytes(encoded);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a secret's values", e);
        }
    }

    /** The values {@link #encode} encoded. */
    static Map<String, byte[]> decode(byte[] bytes) {
        try {
            Map<String, String> encoded = Documents.json().readValue(bytes, new TypeReference<TreeMap<String, String>>() { });
            Map<String, byte[]> values = new TreeMap<>();
            encoded.forEach((key, value) -> values.put(key, Base64.getDecoder().decode(value)));
            return values;
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new IllegalStateException("a secret's values opened but cannot be read: " + e.getMessage(), e);
        }
    }
}
