package dev.skiff.worker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads HTTP/1.x requests from and writes answers to one connection's streams. */
final class HttpCodec {
    private static final int MAX_LINE = 65536;
    private static final int MAX_HEADERS = 200;

    private final InputStream in;
    private final OutputStream out;

    HttpCodec(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    /** The head of a request: its first line's parts, its headers (lower-case names) and whether to keep the connection. */
    record Head(String method, String target, Map<String, String> headers, boolean keepAlive) {}

    /** Thrown for bytes that are not an HTTP/1.x request this worker can serve; answered 400. */
    static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }

    /** The next request's head, skipping blank lines; null when the peer closed the connection first. */
    Head readHead() throws IOException, BadRequest {
        String line;
        do {
            line = readLine(true);
            if (line == null) {
                return null;
            }
        } while (line.isEmpty());
        String[] parts = line.split(" ", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new BadRequest("malformed request line");
        }
        if (!parts[2].equals("HTTP/1.1") && !parts[2].equals("HTTP/1.0")) {
            throw new BadRequest("unsupported HTTP version " + parts[2]);
        }
        Map<String, String> headers = readHeaders();
        String connection = headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT);
        boolean keepAlive = parts[2].equals("HTTP/1.1") ? !connection.contains("close") : connection.contains("keep-alive");
        return new Head(parts[0], parts[1], headers, keepAlive);
    }

    /** The body of a request whose head was just read, sending {@code 100 Continue} when asked. */
    byte[] readBody(Head head) throws IOException, BadRequest {
        String coding = head.headers().get("transfer-encoding");
        String length = head.headers().get("content-length");
        boolean expects = "100-continue".equalsIgnoreCase(head.headers().get("expect"));
        if (coding != null) {
            if (length != null || !coding.toLowerCase(Locale.ROOT).strip().endsWith("chunked")) {
                throw new BadRequest("unsupported Transfer-Encoding " + coding);
            }
            sendContinue(expects);
            return readChunked();
        }
        if (length == null) {
            return new byte[0];
        }
        if (length.isEmpty() || length.length() > 10 || !length.chars().allMatch(Character::isDigit)
                || Long.parseLong(length) > Integer.MAX_VALUE - 8) {
            throw new BadRequest("malformed or too large Content-Length " + length);
        }
        int size = Integer.parseInt(length);
        if (size > 0) {
            sendContinue(expects);
        }
        byte[] body = in.readNBytes(size);
        if (body.length != size) {
            throw new BadRequest("connection closed before the end of the body");
        }
        return body;
    }

    /** Writes one answer; answers to HEAD and 204/304 carry no body. */
    void write(int status, List<String[]> headers, byte[] body, boolean keepAlive, boolean head) throws IOException {
        StringBuilder text = new StringBuilder(128).append("HTTP/1.1 ").append(status).append(' ')
                .append(Answers.reason(status)).append("\r\n");
        for (String[] header : headers) {
            text.append(header[0]).append(": ").append(header[1]).append("\r\n");
        }
        boolean bodyless = status == 204 || status == 304;
        if (!bodyless) {
            text.append("Content-Length: ").append(body.length).append("\r\n");
        }
        if (!keepAlive) {
            text.append("Connection: close\r\n");
        }
        out.write(text.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
        if (!bodyless && !head) {
            out.write(body);
        }
        out.flush();
    }

    private void sendContinue(boolean expects) throws IOException {
        if (expects) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
    }

    private Map<String, String> readHeaders() throws IOException, BadRequest {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < MAX_HEADERS; i++) {
            String line = readLine(false);
            if (line.isEmpty()) {
                return headers;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || line.charAt(colon - 1) == ' ' || line.charAt(0) == ' ') {
                throw new BadRequest("malformed header line " + line.strip());
            }
            String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
            headers.merge(name, line.substring(colon + 1).strip(), (a, b) -> a + ", " + b);
        }
        throw new BadRequest("more than " + MAX_HEADERS + " headers");
    }

    private byte[] readChunked() throws IOException, BadRequest {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeText = readLine(false);
            int semicolon = sizeText.indexOf(';');
            sizeText = (semicolon < 0 ? sizeText : sizeText.substring(0, semicolon)).strip();
            int size;
            try {
                size = Integer.parseInt(sizeText, 16);
            } catch (NumberFormatException e) {
                throw new BadRequest("malformed chunk size");
            }
            if (size < 0) {
                throw new BadRequest("malformed chunk size");
            }
            if (size == 0) {
                break;
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length != size || !readLine(false).isEmpty()) {
                throw new BadRequest("malformed chunk");
            }
            body.write(chunk);
        }
        for (int i = 0; i < MAX_HEADERS; i++) {
            if (readLine(false).isEmpty()) {
                return body.toByteArray();
            }
        }
        throw new BadRequest("malformed chunked trailer");
    }

    /** One line without its CRLF; null at end of stream only when {@code endAllowed} and nothing was read. */
    private String readLine(boolean endAllowed) throws IOException, BadRequest {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        while (true) {
            int b = in.read();
            if (b == -1) {
                if (endAllowed && line.size() == 0) {
                    return null;
                }
                throw new BadRequest("connection closed mid-request");
            }
            if (b == '\n') {
                String text = line.toString(StandardCharsets.UTF_8);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            if (line.size() >= MAX_LINE) {
                throw new BadRequest("line too long");
            }
            line.write(b);
        }
    }
}
