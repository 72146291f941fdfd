package dev.skiff.server.activations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A callback's outcome lands on its activation's record whether it comes before or after the record is written. */
class ActivationCallbackRecordTest {
    private static final CallbackOutcome REFUSED = CallbackOutcome.refused("http://127.0.0.1/", "not sent: loopback");
    @TempDir
    Path temp;
    private EventsDatabase db;
    private ActivationRecorder recorder;

    @BeforeEach
    void open() {
        db = TestEventsDatabase.open(temp);
        recorder = new ActivationRecorder(db, 1000, Duration.ofDays(1), 1_000_000);
    }

    @AfterEach
    void close() {
        recorder.close();
        db.close();
    }

    private static InvocationObserver.Completed call(String id, String result) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().set(InternalHeaders.ACTIVATION_ID, id);
        return new InvocationObserver.Completed("f", "f-00001", new Invocation(HttpMethod.POST, "/", headers, Buffer.buffer()),
                System.currentTimeMillis(), 0, 1_000_000, false, 200, Buffer.buffer(result), null, null);
    }

    private Optional<Activation> stored(String id) {
        return new Activations(db).get(id);
    }

    @Test
    void outcomeBeforeTheRecordIsWritten_isOnTheRecord() {
        recorder.completed(call("early", "answer"));
        recorder.callback("early", REFUSED);
        recorder.close();

        assertThat(stored("early")).get().extracting(Activation::callback).isEqualTo(REFUSED);
        assertThat(stored("early")).get().extracting(Activation::result).isEqualTo("answer");
    }

    @Test
    void outcomeAfterTheRecordIsWritten_isAddedToIt() {
        recorder.completed(call("late", "answer"));
        await().atMost(Duration.ofSeconds(30)).until(() -> stored("late").isPresent());

        CallbackOutcome delivered = CallbackOutcome.delivered("https://example.com/done", 204);
        recorder.callback("late", delivered);

        await().atMost(Duration.ofSeconds(30)).until(() -> stored("late").map(Activation::callback).isPresent());
        assertThat(stored("late")).get().isEqualTo(new Activation("late", "f", "f-00001", stored("late").get().start(),
                stored("late").get().end(), 1.0, 0.0, false, null, "success", 200, "answer", false,
                stored("late").get().logs(), null, delivered, null));
    }

    @Test
    void recordWrittenAgainUnderTheSameId_keepsTheOutcome() {
        recorder.completed(call("retried", "busy"));
        await().atMost(Duration.ofSeconds(30)).until(() -> stored("retried").isPresent());
        recorder.completed(call("retried", "answer"));
        recorder.callback("retried", REFUSED);
        recorder.close();

        assertThat(stored("retried")).get().extracting(Activation::result, Activation::callback).containsExactly("answer", REFUSED);
    }

    @Test
    void outcomeOfNoRecord_changesNothing() {
        recorder.callback("nobody", REFUSED);
        recorder.completed(call("other", "answer"));
        recorder.close();

        assertThat(stored("nobody")).isEmpty();
        assertThat(stored("other")).get().extracting(Activation::callback).isNull();
    }
}
