package dev.skiff.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A minimal HTTP/1.x response reader for the load generator: it parses the status line and the
 * framing headers straight from its byte buffer (no strings, no header map) and skips the body,
 * framed by {@code Content-Length}, by {@code Transfer-Encoding: chunked}, or by the connection's
 * end. Interim 1xx answers are skipped. Responses to {@code HEAD} are not supported.
 */
public final class ResponseReader {
    private static final int BUFFER_SIZE = 16 * 1024;
    private static final byte[] CONTENT_LENGTH = ascii("content-length");
    private static final byte[] TRANSFER_ENCODING = ascii("transfer-encoding");
    private static final byte[] CONNECTION = ascii("connection");
    private static final byte[] CHUNKED = ascii("chunked");
    private static final byte[] CLOSE = ascii("close");
    private static final byte[] KEEP_ALIVE = ascii("keep-alive");
    private static final byte[] HTTP_1 = ascii("HTTP/1.");

    private final InputStream in;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private int position;
    private int limit;
    private int lineStart;
    private int lineEnd;
    private boolean keepAlive;
    private long bodyLength;

    /** A reader of the responses arriving on {@code in}. */
    public ResponseReader(InputStream in) {
        this.in = in;
    }

    /**
     * Reads one whole response, skipping its body, and returns its status code.
     *
     * @throws EOFException when the connection ends before the response does
     * @throws IOException when the bytes are not an HTTP/1.x response
     */
    public int read() throws IOException {
        int status;
        long contentLength;
        boolean chunked;
        do {
            readLine();
            status = statusCode();
            keepAlive = buffer[lineStart + HTTP_1.length] != '0';
            contentLength = -1;
            chunked = false;
            for (readLine(); lineEnd > lineStart; readLine()) {
                int colon = indexOf(':', lineStart, lineEnd);
                if (colon < 0) {
                    throw new IOException("malformed header line: " + line());
                }
                if (nameIs(CONTENT_LENGTH, colon)) {
                    contentLength = parseDecimal(colon + 1, lineEnd);
                } else if (nameIs(TRANSFER_ENCODING, colon)) {
                    chunked = contains(CHUNKED, colon + 1, lineEnd);
                } else if (nameIs(CONNECTION, colon)) {
                    keepAlive = contains(KEEP_ALIVE, colon + 1, lineEnd)
                            || keepAlive && !contains(CLOSE, colon + 1, lineEnd);
                }
            }
        } while (status >= 100 && status < 200 && status != 101);
        bodyLength = 0;
        if (status == 204 || status == 304) {
            return status;
        }
        if (chunked) {
            skipChunks();
        } else if (contentLength >= 0) {
            skip(contentLength);
        } else {
            skipToEnd();
            keepAlive = false;
        }
        return status;
    }

    /** Whether the connection may carry another request after the last response. */
    public boolean keepAlive() {
        return keepAlive;
    }

    /** How many body bytes the last response had (after de-chunking). */
    public long bodyLength() {
        return bodyLength;
    }

    private int statusCode() throws IOException {
        int at = lineStart + HTTP_1.length + 2;
        if (lineEnd - lineStart < HTTP_1.length + 5 || !startsWith(HTTP_1, lineStart) || buffer[at - 1] != ' ') {
            throw new IOException("not an HTTP/1.x status line: " + line());
        }
        int status = 0;
        for (int i = at; i < at + 3; i++) {
            int digit = buffer[i] - '0';
            if (digit < 0 || digit > 9) {
                throw new IOException("malformed status code: " + line());
            }
            status = status * 10 + digit;
        }
        return status;
    }

    private void skipChunks() throws IOException {
        while (true) {
            readLine();
            int end = indexOf(';', lineStart, lineEnd);
            long size = parseHex(lineStart, end < 0 ? lineEnd : end);
            if (size == 0) {
                break;
            }
            skip(size);
            readLine();
            if (lineEnd != lineStart) {
                throw new IOException("chunk not followed by CRLF");
            }
        }
        do {
            readLine(); // a trailer field, ignored, until the blank line ending the message
        } while (lineEnd > lineStart);
    }

    private void skip(long count) throws IOException {
        long left = count;
        while (left > 0) {
            if (position == limit && fill() < 0) {
                throw new EOFException("connection ended " + left + " bytes before the end of the body");
            }
            int step = (int) Math.min(left, limit - position);
            position += step;
            left -= step;
        }
        bodyLength += count;
    }

    private void skipToEnd() throws IOException {
        bodyLength += limit - position;
        position = limit;
        for (int n = fill(); n >= 0; n = fill()) {
            bodyLength += n;
            position = limit;
        }
    }

    /** Sets lineStart and lineEnd to the next line, without its CRLF (or bare LF). */
    private void readLine() throws IOException {
        int scanned = position;
        while (true) {
            int newline = indexOf('\n', scanned, limit);
            if (newline >= 0) {
                lineStart = position;
                lineEnd = newline > position && buffer[newline - 1] == '\r' ? newline - 1 : newline;
                position = newline + 1;
                return;
            }
            int kept = limit - position;
            if (kept == buffer.length) {
                throw new IOException("line longer than " + buffer.length + " bytes");
            }
            System.arraycopy(buffer, position, buffer, 0, kept);
            position = 0;
            limit = kept;
            scanned = kept;
            if (fill() < 0) {
                throw new EOFException(kept == 0 ? "connection closed" : "connection closed in the middle of a line");
            }
        }
    }

    /** Reads more bytes after limit; returns how many, or -1 at the end of the stream. */
    private int fill() throws IOException {
        if (limit == buffer.length) {
            if (position < limit) {
                throw new IllegalStateException("fill with unread bytes in a full buffer");
            }
            position = 0;
            limit = 0;
        }
        int n = in.read(buffer, limit, buffer.length - limit);
        if (n > 0) {
            limit += n;
        }
        return n;
    }

    private int indexOf(char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buffer[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private boolean startsWith(byte[] prefix, int at) {
        for (int i = 0; i < prefix.length; i++) {
            if (buffer[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean nameIs(byte[] lowerName, int colon) {
        if (colon - lineStart != lowerName.length) {
            return false;
        }
        for (int i = 0; i < lowerName.length; i++) {
            if (lower(buffer[lineStart + i]) != lowerName[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean contains(byte[] lowerWord, int from, int to) {
        for (int start = from; start + lowerWord.length <= to; start++) {
            int i = 0;
            while (i < lowerWord.length && lower(buffer[start + i]) == lowerWord[i]) {
                i++;
            }
            if (i == lowerWord.length) {
                return true;
            }
        }
        return false;
    }

    private long parseDecimal(int from, int to) throws IOException {
        return parseNumber(from, to, 10, "Content-Length");
    }

    private long parseHex(int from, int to) throws IOException {
        return parseNumber(from, to, 16, "chunk size");
    }

    /** The number between from and to, ignoring surrounding blanks. */
    private long parseNumber(int from, int to, int radix, String what) throws IOException {
        int start = from;
        int end = to;
        while (start < end && isBlank(buffer[start])) {
            start++;
        }
        while (end > start && isBlank(buffer[end - 1])) {
            end--;
        }
        if (start == end || end - start > 15) {
            throw new IOException("malformed " + what + ": " + line());
        }
        long value = 0;
        for (int i = start; i < end; i++) {
            int digit = Character.digit(buffer[i], radix);
            if (digit < 0) {
                throw new IOException("malformed " + what + ": " + line());
            }
            value = value * radix + digit;
        }
        return value;
    }

    private String line() {
        return new String(buffer, lineStart, Math.min(lineEnd - lineStart, 200), StandardCharsets.ISO_8859_1);
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t';
    }

    private static byte lower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
