package dev.skiff.server.api;

import java.util.Locale;
import java.util.Set;

/** What a request's {@code Content-Type} says, for the routes that accept only some. Pure. */
final class MediaTypes {
    /** The media types of HTML forms, which a web page can send to any site without asking it first. */
    static final Set<String> FORMS = Set.of("application/x-www-form-urlencoded", "multipart/form-data", "text/plain");
    private static final Set<String> YAML = Set.of("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml");

    private MediaTypes() {}

    /** The media type of a {@code Content-Type} header without its parameters, lower-case; "" when there is none. */
    static String of(String header) {
        if (header == null) {
            return "";
        }
        int semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    /** True for JSON ({@code application/json}, {@code +json}) and YAML, and for a body sent without a type (read as either). */
    static boolean isDocument(String type) {
        return type.isEmpty() || type.equals("application/json") || type.endsWith("+json") || YAML.contains(type);
    }

    /** True for the form types (and text/plain), which a route that reads documents or files refuses. */
    static boolean isForm(String type) {
        return FORMS.contains(type);
    }
}
