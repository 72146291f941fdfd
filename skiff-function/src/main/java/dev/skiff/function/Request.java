package dev.skiff.function;

import java.util.List;
import java.util.Map;

/** One HTTP request as a {@link SkiffFunction} sees it, without the function's URL prefix. */
public interface Request {

    /** The method, e.g. {@code POST}. */
    String method();

    /** The path after the function's prefix, percent-decoded, e.g. {@code /a b}; at least {@code /}. */
    String path();

    /** The raw query string without {@code ?}, or an empty string. */
    String query();

    /** The query parameters, decoded, each name with its values in order. */
    Map<String, List<String>> queryParameters();

    /** The first value of query parameter {@code name}, or null. */
    String queryParameter(String name);

    /** The headers, names in lower case; repeated headers are joined with {@code ", "}. */
    Map<String, String> headers();

    /** The value of header {@code name} (any case), or null. */
    String header(String name);

    /** The raw body; empty, never null, when there is none. */
    byte[] body();

    /** The body decoded as UTF-8. */
    String bodyAsString();
}
