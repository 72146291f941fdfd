package dev.skiff.server.activations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.server.dataplane.InternalHeaders;
import dev.skiff.server.dataplane.Invocation;
import dev.skiff.server.dataplane.InvocationObserver;
import dev.skiff.server.store.EventsDatabase;
import dev.skiff.server.store.TestEventsDatabase;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recorder writes every finished call it is told of, in batches, in a temporary database. */
class ActivationRecorderTest {
    @TempDir
    Path temp;
    private EventsDatabase db;

    @BeforeEach
    void open() {
        db = TestEventsDatabase.open(temp);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static InvocationObserver.Completed call(int n, String givenId) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        if (givenId != null) {
            headers.set(InternalHeaders.ACTIVATION_ID, givenId);
        }
        // Recent: the recorder waits a little for a call's log lines, so the 151 calls offered
        // meanwhile (or at close) go in one batch.
        long started = System.currentTimeMillis() + n;
        return new InvocationObserver.Completed("f", "f-00001", new Invocation(HttpMethod.GET, "/", headers, Buffer.buffer()),
                started, 0, 1_000_000, false, n % 10 == 0 ? 500 : 200, Buffer.buffer("answer " + n), null,
                "f-00001-" + n);
    }

    /**
     * 150 calls written at once go as two statements of 64 rows and 22 single rows; each is
     * stored once, with its own id, status and result, and a record given the id of an earlier
     * one replaces it.
     */
    @Test
    void everyCallOfALargeBatchIsStoredOnce() {
        ActivationRecorder recorder = new ActivationRecorder(db, 1000, Duration.ofDays(1), 1_000_000);
        IntStream.range(0, 150).forEach(n -> recorder.completed(call(n, n == 149 ? "given-id" : null)));
        recorder.completed(call(7, "given-id"));
        recorder.close();

        List<Activation> stored = new Activations(db).list("f", "default", 1000);

        assertThat(stored).hasSize(150);
        assertThat(stored.stream().map(Activation::activationId).distinct()).hasSize(150);
        assertThat(stored.stream().map(Activation::result))
                .containsAll(IntStream.range(0, 149).filter(n -> n != 7).mapToObj(n -> "answer " + n).toList());
        assertThat(stored.stream().filter(a -> a.statusCode() == 500)).hasSize(15);
        assertThat(stored).allSatisfy(a -> assertThat(a.instance()).as("the instance that served " + a.result())
                .isEqualTo("f-00001-" + a.result().substring("answer ".length())));
        Activation replaced = new Activations(db).get("given-id").orElseThrow();
        assertThat(replaced.result()).as("the later record under the same id").isEqualTo("answer 7");
    }
}
