package dev.skiff.core;

/**
 * What an invocation's URL names: {@code /function/{name}[/path][?query]}, the function seeing
 * {@code /path?query}, or {@code /api/v1/functions/{name}/invoke[?query]}, the function seeing
 * {@code /?query}. A name may end in {@code @tag} to reach the revision the tag routes to. The
 * embedded front and the in-cluster gateway read it the same way; an empty name or tag is no target.
 *
 * @param function the function's name
 * @param tag the tag, or null for the traffic split
 * @param functionUri the function-relative URI: always starts with '/', keeps the query
 */
public record InvocationTarget(String function, String tag, String functionUri) {
    private static final String FUNCTION_PREFIX = "/function/";
    private static final String API_PREFIX = "/api/v1/functions/";
    private static final String INVOKE_SUFFIX = "/invoke";

    /** The target of a request for {@code path} (raw, as sent) and {@code query} (null if none); null if it is no invocation. */
    public static InvocationTarget of(String path, String query) {
        if (path.startsWith(FUNCTION_PREFIX)) {
            int end = path.indexOf('/', FUNCTION_PREFIX.length());
            String name = end < 0 ? path.substring(FUNCTION_PREFIX.length()) : path.substring(FUNCTION_PREFIX.length(), end);
            String rest = end < 0 ? "/" : path.substring(end);
            return named(name, query == null ? rest : rest + "?" + query);
        }
        if (path.startsWith(API_PREFIX) && path.endsWith(INVOKE_SUFFIX)
                && path.indexOf('/', API_PREFIX.length()) == path.length() - INVOKE_SUFFIX.length()) {
            String name = path.substring(API_PREFIX.length(), path.length() - INVOKE_SUFFIX.length());
            return named(name, query == null ? "/" : "/?" + query);
        }
        return null;
    }

    /** The target of a request line's URI ({@code /path?query}); null if it is no invocation. */
    public static InvocationTarget of(String uri) {
        int question = uri.indexOf('?');
        return question < 0 ? of(uri, null) : of(uri.substring(0, question), uri.substring(question + 1));
    }

    private static InvocationTarget named(String name, String functionUri) {
        int at = name.indexOf('@');
        String function = at < 0 ? name : name.substring(0, at);
        String tag = at < 0 ? null : name.substring(at + 1);
        return function.isEmpty() || tag != null && tag.isEmpty() ? null : new InvocationTarget(function, tag, functionUri);
    }
}
