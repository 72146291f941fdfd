package dev.skiff.worker;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Maps what a handler returned, or threw, to an HTTP answer. */
final class Answers {
    private Answers() {}

    /** An answer: status, headers as name/value pairs, body. */
    record Answer(int status, List<String[]> headers, byte[] body) {}

    /**
     * String → text/plain, byte[] → application/octet-stream, null → 204, anything else → JSON; a
     * status and headers set on the context win over these defaults.
     */
    static Answer render(Object result, WorkerContext context) {
        byte[] body;
        String type;
        int status = 200;
        switch (result) {
            case null -> {
                body = new byte[0];
                type = null;
                status = 204;
            }
            case String s -> {
                body = s.getBytes(StandardCharsets.UTF_8);
                type = "text/plain; charset=utf-8";
            }
            case byte[] bytes -> {
                body = bytes;
                type = "application/octet-stream";
            }
            default -> {
                body = Json.write(result).getBytes(StandardCharsets.UTF_8);
                type = "application/json";
            }
        }
        List<String[]> headers = new ArrayList<>();
        boolean typed = false;
        for (Map.Entry<String, String> header : context.headers().entrySet()) {
            typed |= header.getKey().equalsIgnoreCase("content-type");
            headers.add(new String[] {header.getKey(), header.getValue()});
        }
        if (type != null && !typed) {
            headers.addFirst(new String[] {"Content-Type", type});
        }
        return new Answer(context.status() == 0 ? status : context.status(), headers, body);
    }

    /** The 500 answer for a handler's exception, {@code {"error":"FunctionError","message":"Type: text"}}. */
    static Answer failure(Throwable error) {
        return error(500, "FunctionError", Handler.describe(error));
    }

    /** A JSON error answer. */
    static Answer error(int status, String code, String message) {
        StringBuilder json = new StringBuilder("{\"error\":");
        Json.string(code, json);
        json.append(",\"message\":");
        Json.string(message, json);
        byte[] body = json.append('}').toString().getBytes(StandardCharsets.UTF_8);
        List<String[]> headers = new ArrayList<>();
        headers.add(new String[] {"Content-Type", "application/json"});
        return new Answer(status, headers, body);
    }

    /** The reason phrase of the common statuses, else an empty one (allowed by HTTP/1.1). */
    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 304 -> "Not Modified";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            case 422 -> "Unprocessable Content";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "";
        };
    }

    /** True when a header name or value is safe to write (no line breaks). */
    static boolean safe(String text) {
        return text.indexOf('\r') < 0 && text.indexOf('\n') < 0;
    }
}
