package dev.skiff.kubernetes.translate;

import dev.skiff.runtimes.admission.FunctionAdmission;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the translation fixtures under src/test/resources/translate/. */
final class Fixtures {
    private static FunctionAdmission admission;

    private Fixtures() {}

    /** The text of {@code translate/<path>}, or null when there is no such fixture. */
    static String text(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/translate/" + path)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture read as {@code type}. */
    static <T> T read(String path, Class<T> type) {
        String text = text(path);
        if (text == null) {
            throw new IllegalArgumentException("no fixture translate/" + path);
        }
        return Serialization.unmarshal(text, type);
    }

    /** FunctionAdmission with the built-in runtimes, made once. */
    static synchronized FunctionAdmission admission() {
        if (admission == null) {
            admission = FunctionAdmission.builtIn();
        }
        return admission;
    }
}
