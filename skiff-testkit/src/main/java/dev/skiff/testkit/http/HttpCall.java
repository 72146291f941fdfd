package dev.skiff.testkit.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * One request as data, to send with {@link TestHttpClient#send(HttpCall)} or write by hand on a
 * {@link RawHttp} connection.
 *
 * @param method the method, e.g. {@code POST}
 * @param path the path and query, e.g. {@code /echo?x=1}
 * @param contentType the body's media type, or null to send none
 * @param body the body as text, or null for a request without one
 */
public record HttpCall(String method, String path, String contentType, String body) {
    /** A GET of {@code path} without a body. */
    public static HttpCall get(String path) {
        return new HttpCall("GET", path, null, null);
    }

    /** A POST of {@code body} as {@code contentType} to {@code path}. */
    public static HttpCall post(String path, String contentType, String body) {
        return new HttpCall("POST", path, contentType, body);
    }

    /** The request's bytes in HTTP/1.1, its body framed by Content-Length, with {@code headers} ("Name: value") added. */
    public String http11(String... headers) {
        return raw("HTTP/1.1", headers);
    }

    /** The request's bytes in {@code version} ({@code HTTP/1.0} or {@code HTTP/1.1}), its body framed by Content-Length. */
    public String raw(String version, String... headers) {
        String text = body == null ? "" : body;
        return head(version, headers) + "Content-Length: " + text.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + text;
    }

    /**
     * The request's bytes in HTTP/1.1 with its body chunked: two chunks (the second with a chunk
     * extension, which a reader must skip), then a trailer field.
     */
    public String chunked() {
        String text = body == null ? "" : body;
        int half = text.length() / 2;
        return head("HTTP/1.1") + "Transfer-Encoding: chunked\r\n\r\n" + chunk(text.substring(0, half), "")
                + chunk(text.substring(half), ";ext=1") + "0\r\nTrailer-Field: t\r\n\r\n";
    }

    /** The request line and headers up to, not including, the framing header and the blank line. */
    private String head(String version, String... headers) {
        String extra = Arrays.stream(headers).map(header -> header + "\r\n").collect(Collectors.joining());
        String type = contentType == null ? "" : "Content-Type: " + contentType + "\r\n";
        return method + " " + path + " " + version + "\r\nHost: worker\r\n" + type + extra;
    }

    /** One chunk of {@code text}, or nothing for an empty text (a chunk of size 0 would end the body). */
    private static String chunk(String text, String extension) {
        if (text.isEmpty()) {
            return "";
        }
        int size = text.getBytes(StandardCharsets.UTF_8).length;
        return Integer.toHexString(size) + extension + "\r\n" + text + "\r\n";
    }
}
