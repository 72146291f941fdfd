package dev.skiff.testkit.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.testkit.http.RawHttp;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract's Unix socket, for a worker that serves one: given {@code SKIFF_SOCKET} it serves there
 * as well as on its port, and a socket it cannot make is reported while the port serves on.
 */
public interface ServesUnixSocket extends WorkerFixture {
    /** The socket is made before SKIFF-READY and serves as the port does; SIGTERM closes both and drains both. */
    @Test
    @Timeout(120) // reads on a Unix socket have no timeout of their own
    default void unixSocket_servesLikeThePort_andDrainsWithItOnSigterm(@TempDir Path temp) throws Exception {
        Path socket = Files.createDirectories(temp.resolve("sockets")).resolve("http.sock");
        NamedPipe pipe = NamedPipe.create(temp.resolve("release"));
        try (WorkerHarness worker = start(Map.of("SKIFF_SOCKET", socket.toString()))) {
            assertThat(socket).as("made before SKIFF-READY").exists();
            try (RawHttp held = RawHttp.unix(socket)) {
                assertServes(socket, worker);
                held.send(slow(pipe.path()).http11());
                pipe.awaitReader();
                worker.terminate();
                worker.awaitStderr(line -> line.startsWith("SKIFF: stopping; finishing 1 in-flight"));
                assertThatThrownBy(() -> new Socket("127.0.0.1", worker.port()).close()).isInstanceOf(ConnectException.class);
                assertRefuses(socket);
                pipe.release("finished");
                assertThat(echoed(held.read().body())).isEqualTo("finished");
            }
            assertThat(worker.awaitExit()).isZero();
        }
    }

    /** A socket the worker cannot make is reported on standard error, and the port serves alone. */
    @Test
    default void socketItCannotMake_isReported_andThePortServes(@TempDir Path temp) throws Exception {
        Path socket = temp.resolve("no-such-dir/http.sock");
        try (WorkerHarness worker = start(Map.of("SKIFF_SOCKET", socket.toString()))) {
            worker.awaitStderr(line -> line.startsWith("SKIFF: cannot listen on " + socket));
            HttpResponse<String> answer = worker.http().send(echo("over the port only"));
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(echoed(answer.body())).isEqualTo("over the port only");
            assertThat(socket).doesNotExist();
        }
    }

    /** Calls over a new connection to the socket, kept alive, then over the port, are answered. */
    private void assertServes(Path socket, WorkerHarness worker) throws Exception {
        try (RawHttp overSocket = RawHttp.unix(socket)) {
            for (int i = 0; i < 3; i++) {
                RawHttp.Response answer = overSocket.send(echo("over the socket " + i).http11()).read();
                assertThat(answer.status()).as(answer.body()).isEqualTo(200);
                assertThat(echoed(answer.body())).isEqualTo("over the socket " + i);
            }
        }
        assertThat(echoed(worker.http().send(echo("over the port")).body())).isEqualTo("over the port");
    }

    /** Checks that a connection to {@code socket} is refused. */
    private static void assertRefuses(Path socket) {
        assertThatThrownBy(() -> RawHttp.unix(socket).close()).isInstanceOf(IOException.class);
    }
}
