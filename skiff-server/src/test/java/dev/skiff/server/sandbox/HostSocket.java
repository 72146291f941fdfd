package dev.skiff.server.sandbox;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Unix socket of the host that only root can reach (mode 0600), standing for a privileged
 * service's (a container engine's, the init system's): it answers every connection with a fixed
 * HTTP response and keeps the first line of each request it was sent.
 */
final class HostSocket implements AutoCloseable {
    private static final int MAX_REQUEST_BYTES = 8192;
    private final Path path;
    private final ServerSocketChannel channel;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private HostSocket(Path path, ServerSocketChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /** Listens at {@code path}, answering {@code body} to every request. */
    static HostSocket listen(Path path, String body) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        channel.bind(UnixDomainSocketAddress.of(path));
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        HostSocket socket = new HostSocket(path, channel);
        Thread.ofVirtual().name("host-socket").start(() -> socket.serve(body));
        return socket;
    }

    /** Where it listens. */
    Path path() {
        return path;
    }

    /** The first line of each request sent to it, in order. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    private void serve(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        byte[] answer = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + bytes.length + "\r\n\r\n" + body)
                .getBytes(StandardCharsets.UTF_8);
        while (channel.isOpen()) {
            try (SocketChannel connection = channel.accept()) {
                ByteBuffer request = ByteBuffer.allocate(MAX_REQUEST_BYTES);
                connection.read(request);
                String text = new String(request.array(), 0, request.position(), StandardCharsets.UTF_8);
                requests.add(text.lines().findFirst().orElse(""));
                connection.write(ByteBuffer.wrap(answer));
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
        Files.deleteIfExists(path);
    }
}
