package dev.skiff.worker;

import dev.skiff.function.Request;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The {@link Request} a handler sees, made from one parsed HTTP request. */
final class WorkerRequest implements Request {
    private final String method;
    private final String path;
    private final String query;
    private final Map<String, String> headers;
    private final byte[] body;
    private Map<String, List<String>> parameters;

    WorkerRequest(String method, String target, Map<String, String> headers, byte[] body) {
        int question = target.indexOf('?');
        String rawPath = question < 0 ? target : target.substring(0, question);
        this.method = method;
        this.path = decode(rawPath.isEmpty() ? "/" : rawPath, false);
        this.query = question < 0 ? "" : target.substring(question + 1);
        this.headers = Collections.unmodifiableMap(headers);
        this.body = body;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String query() {
        return query;
    }

    @Override
    public synchronized Map<String, List<String>> queryParameters() {
        if (parameters == null) {
            Map<String, List<String>> map = new LinkedHashMap<>();
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals), true);
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1), true);
                map.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
            }
            map.replaceAll((name, values) -> List.copyOf(values));
            parameters = Collections.unmodifiableMap(map);
        }
        return parameters;
    }

    @Override
    public String queryParameter(String name) {
        List<String> values = queryParameters().get(name);
        return values == null ? null : values.getFirst();
    }

    @Override
    public Map<String, String> headers() {
        return headers;
    }

    @Override
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public byte[] body() {
        return body;
    }

    @Override
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Percent-decodes; {@code +} means a space only in a query. Malformed escapes are kept as they are. */
    private static String decode(String text, boolean plusIsSpace) {
        if (text.indexOf('%') < 0 && (!plusIsSpace || text.indexOf('+') < 0)) {
            return text;
        }
        try {
            return URLDecoder.decode(plusIsSpace ? text : text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
