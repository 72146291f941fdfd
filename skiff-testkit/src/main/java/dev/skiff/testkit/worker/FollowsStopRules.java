package dev.skiff.testkit.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.testkit.Patience;
import java.net.ConnectException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract's stop rules for a worker of Skiff's bootstraps: SIGTERM drains, end of standard input ends. */
public interface FollowsStopRules extends WorkerFixture {
    /** SIGTERM stops accepting connections, lets the request in flight finish, then exits 0. */
    @Test
    default void sigterm_letsTheInFlightRequestFinish_thenExitsZero(@TempDir Path temp) throws Exception {
        NamedPipe pipe = NamedPipe.create(temp.resolve("release"));
        try (WorkerHarness worker = start(Map.of())) {
            CompletableFuture<HttpResponse<String>> inFlight = worker.http().sendAsync(worker.http().request(slow(pipe.path())));
            pipe.awaitReader();
            worker.terminate();
            worker.awaitStderr(line -> line.startsWith("SKIFF: stopping; finishing 1 in-flight"));
            assertThatThrownBy(() -> new Socket("127.0.0.1", worker.port()).close()).isInstanceOf(ConnectException.class);
            pipe.release("finished");
            HttpResponse<String> answer = inFlight.get(Patience.LIMIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(echoed(answer.body())).isEqualTo("finished");
            assertThat(worker.awaitExit()).isZero();
        }
    }

    /** End of file on standard input (the server is gone) ends the worker with status 0. */
    @Test
    default void endOfStandardInput_endsTheWorker() throws Exception {
        try (WorkerHarness worker = start(Map.of())) {
            worker.closeStdin();
            assertThat(worker.awaitExit()).isZero();
        }
    }
}
