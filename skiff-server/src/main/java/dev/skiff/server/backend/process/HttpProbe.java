package dev.skiff.server.backend.process;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * Learns that an HTTP app serves by asking it: a {@code GET /} to its port every few milliseconds
 * until any HTTP answer comes back (a 404 counts: the app is up, it just has no page there).
 */
final class HttpProbe {
    private static final int CONNECT_TIMEOUT_MILLIS = 250;
    private static final int ANSWER_TIMEOUT_MILLIS = 2000;
    private static final long PAUSE_MILLIS = 15;

    private HttpProbe() {}

    /** Probes {@code port} on a daemon thread until it answers (completing {@code ready}), {@code ready} ends, or {@code alive} turns false. */
    static void start(int port, CompletableFuture<Void> ready, BooleanSupplier alive) {
        Thread.ofPlatform().daemon().name("skiff-http-probe-" + port).start(() -> {
            try {
                while (!ready.isDone() && alive.getAsBoolean()) {
                    if (answers(port)) {
                        ready.complete(null);
                        return;
                    }
                    Thread.sleep(PAUSE_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** True when something on the loopback {@code port} answers a {@code GET /} with an HTTP status line. */
    static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), CONNECT_TIMEOUT_MILLIS);
            socket.setSoTimeout(ANSWER_TIMEOUT_MILLIS);
            String request = "GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUser-Agent: skiff-probe\r\n"
                    + "Connection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            byte[] head = in.readNBytes(5);
            return "HTTP/".equals(new String(head, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return false;
        }
    }
}
