package dev.skiff.testkit.http;

import dev.skiff.testkit.Patience;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One connection speaking HTTP/1.x by hand, to test framing and keep-alive exactly: TCP to a port,
 * or a Unix socket (reads on one have no timeout: give its test one).
 */
public final class RawHttp implements AutoCloseable {
    private final Closeable socket;
    private final InputStream in;
    private final OutputStream out;

    /** A connection to {@code port} on the loopback address, whose reads give up after {@link Patience#LIMIT}. */
    public RawHttp(int port) throws IOException {
        Socket tcp = new Socket("127.0.0.1", port);
        tcp.setSoTimeout((int) Patience.LIMIT.toMillis());
        socket = tcp;
        in = new BufferedInputStream(tcp.getInputStream());
        out = tcp.getOutputStream();
    }

    private RawHttp(SocketChannel channel) {
        socket = channel;
        in = new BufferedInputStream(Channels.newInputStream(channel));
        out = Channels.newOutputStream(channel);
    }

    /** A connection to the Unix socket at {@code path}. */
    public static RawHttp unix(Path path) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(path));
        return new RawHttp(channel);
    }

    /** One response: status and reason phrase, headers (names lower-case) and the body as text. */
    public record Response(int status, String reason, Map<String, String> headers, String body) {}

    /** Sends raw bytes (the request text, CRLFs included). */
    public RawHttp send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return this;
    }

    /** Reads one response framed by Content-Length (or without a body for 204). */
    public Response read() throws IOException {
        Response head = readHead();
        int length = Integer.parseInt(head.headers().getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new IOException("connection closed after " + body.length + " of the body's " + length + " bytes");
        }
        return new Response(head.status(), head.reason(), head.headers(), new String(body, StandardCharsets.UTF_8));
    }

    /** Reads a response's status line and headers only, as for an answer to HEAD. */
    public Response readHead() throws IOException {
        String statusLine = line();
        Map<String, String> headers = new TreeMap<>();
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
        }
        String[] parts = statusLine.split(" ", 3);
        return new Response(Integer.parseInt(parts[1]), parts.length > 2 ? parts[2] : "", headers, "");
    }

    /** True when the peer has closed the connection (nothing more to read). */
    public boolean closedByPeer() throws IOException {
        return in.read() == -1;
    }

    private String line() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                throw new IOException("connection closed mid-response after: " + bytes);
            }
            bytes.write(b);
        }
        return bytes.toString(StandardCharsets.ISO_8859_1).stripTrailing();
    }

    /** Closes the connection. */
    @Override
    public void close() throws IOException {
        socket.close();
    }
}
