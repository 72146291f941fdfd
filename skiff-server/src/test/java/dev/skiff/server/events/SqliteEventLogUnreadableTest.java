package dev.skiff.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.server.store.EventsDatabase;
import dev.skiff.server.store.TestEventsDatabase;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stored event that cannot be read back (written by an older Skiff, or damaged) is skipped, with a
 * warning, and the events after it are read: one bad record must not stop its trigger for good.
 */
class SqliteEventLogUnreadableTest {
    private static final String STREAM = "broker:b";

    @TempDir
    Path temp;
    private EventsDatabase db;
    private SqliteEventLog log;

    @BeforeEach
    void openLog() {
        db = TestEventsDatabase.open(temp);
        log = new SqliteEventLog(db);
        log.createStream(STREAM);
        log.register(STREAM, "t");
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void append(String id) {
        log.append(STREAM, CloudEventBuilder.v1().withId(id).withType("t").withSource(URI.create("/test")).build(), null).join();
    }

    private void damage(String id) {
        db.writeNow(c -> {
            try (var ps = c.prepareStatement("UPDATE events SET event = ? WHERE event LIKE ?")) {
                ps.setBytes(1, "{\"specversion\": \"1.0\", \"id\": \"x\", \"data\": }".getBytes());
                ps.setString(2, "%\"" + id + "\"%");
                return ps.executeUpdate();
            }
        });
    }

    private List<String> read(int batches) throws InterruptedException {
        List<String> ids = new ArrayList<>();
        try (EventLog.Reader reader = log.reader(STREAM, "t")) {
            for (int i = 0; i < batches; i++) {
                reader.poll(Duration.ofMillis(200)).forEach(r -> ids.add(r.event().getId()));
            }
        }
        return ids;
    }

    @Test
    void anUnreadableEvent_isSkipped_andTheOnesAfterItAreRead() throws InterruptedException {
        append("e1");
        append("e2");
        append("e3");
        damage("e2");

        assertThat(read(2)).containsExactly("e1", "e3");
    }

    @Test
    void aBatchOfOnlyUnreadableEvents_doesNotJumpPastLaterOnes() throws InterruptedException {
        append("e1");
        damage("e1");
        append("e2");

        assertThat(read(3)).containsExactly("e2");
    }
}
