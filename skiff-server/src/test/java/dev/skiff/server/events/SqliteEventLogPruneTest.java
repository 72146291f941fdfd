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
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pruning the embedded log deletes only what every consumer of a stream has handled: never an
 * event a consumer registered meanwhile has still to read.
 */
class SqliteEventLogPruneTest {
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
    }

    @AfterEach
    void close() {
        db.close();
    }

    private long append(String id) {
        log.append(STREAM, CloudEventBuilder.v1().withId(id).withType("t").withSource(URI.create("/test")).build(), null).join();
        return count();
    }

    private long count() {
        return db.read(c -> {
            try (var s = c.createStatement(); var rs = s.executeQuery("SELECT COUNT(*) FROM events")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private List<String> unread(String consumer) throws InterruptedException {
        List<String> ids = new ArrayList<>();
        try (EventLog.Reader reader = log.reader(STREAM, consumer)) {
            List<EventLog.LogRecord> batch;
            while (!(batch = reader.poll(Duration.ZERO)).isEmpty()) {
                batch.forEach(r -> ids.add(r.event().getId()));
            }
        }
        return ids;
    }

    @Test
    void aStreamNobodyReadsIsEmptiedAndAConsumerKeepsWhatItHasNotHandled() throws InterruptedException {
        append("before-1");
        append("before-2");
        assertThat(log.prune()).as("no consumer: every event goes").isEqualTo(2);

        log.register(STREAM, "t");
        append("after-1");
        append("after-2");
        assertThat(log.prune()).as("the consumer has handled nothing yet").isZero();
        assertThat(unread("t")).containsExactly("after-1", "after-2");

        try (EventLog.Reader reader = log.reader(STREAM, "t")) {
            long first = reader.poll(Duration.ZERO).get(0).position();
            reader.commit(first);
        }
        assertThat(log.prune()).as("only the handled event goes").isEqualTo(1);
        assertThat(unread("t")).containsExactly("after-2");
    }

    /**
     * Consumers register while events are appended and the log is pruned all the time: each must
     * still read every event appended after its registration. Pruning used to read every stream's
     * consumers first and then delete stream by stream, one commit each, so with many streams a
     * consumer registered in between (and events appended after it) fell into that gap: the
     * stream, seen without a consumer, was emptied up to its newest event.
     */
    @Test
    void aConsumerRegisteredWhilePruningLosesNothing() throws Exception {
        for (int i = 0; i < 50; i++) {
            String other = "broker:other-" + i;
            log.createStream(other);
            log.append(other, CloudEventBuilder.v1().withId("o" + i).withType("t").withSource(URI.create("/test")).build(), null)
                    .join();
        }
        AtomicBoolean stop = new AtomicBoolean();
        Thread pruner = Thread.ofPlatform().start(() -> {
            while (!stop.get()) {
                log.prune();
            }
        });
        Thread appender = Thread.ofPlatform().start(() -> {
            for (int i = 0; !stop.get(); i++) {
                append("noise-" + i);
            }
        });
        try {
            for (int round = 0; round < 100; round++) {
                String consumer = "c" + round;
                log.register(STREAM, consumer);
                String mine = "mine-" + round;
                append(mine);
                assertThat(unread(consumer)).as("what %s reads", consumer).contains(mine);
                log.unregister(STREAM, consumer);
            }
        } finally {
            stop.set(true);
            pruner.join();
            appender.join();
        }
    }
}
