package dev.skiff.server.backend.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpProbeTest {

    /** Answers one connection with {@code answer} after reading the request's head, on a thread of its own. */
    private static ServerSocket serveOnce(String answer) throws IOException {
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().start(() -> {
            try (Socket client = server.accept()) {
                InputStream in = client.getInputStream();
                int matched = 0;
                while (matched < 4) {
                    int b = in.read();
                    if (b < 0) {
                        return;
                    }
                    matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
                }
                client.getOutputStream().write(answer.getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                // the probe hung up; nothing to do
            }
        });
        return server;
    }

    @Test
    void answers_anyHttpStatus_evenA404_isReady() throws IOException {
        try (ServerSocket server = serveOnce("HTTP/1.0 404 NOT FOUND\r\nContent-Length: 0\r\n\r\n")) {
            assertThat(HttpProbe.answers(server.getLocalPort())).isTrue();
        }
    }

    @Test
    void answers_somethingThatIsNotHttp_isNotReady() throws IOException {
        try (ServerSocket server = serveOnce("SSH-2.0-OpenSSH\r\n")) {
            assertThat(HttpProbe.answers(server.getLocalPort())).isFalse();
        }
    }

    @Test
    void answers_nothingListening_isNotReady() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        assertThat(HttpProbe.answers(port)).isFalse();
    }
}
