package dev.skiff.server.events;

import io.cloudevents.CloudEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where accepted events are kept until every trigger has handled them: the embedded SQLite log, or
 * Kafka. A stream is one broker's or topic's events ({@code broker:default}, {@code topic:photos});
 * each consumer (a trigger) reads a stream in order from its own committed position.
 */
public interface EventLog extends AutoCloseable {

    /** One stored event. {@code target}, when set, is the only consumer it is for (a replay). */
    record LogRecord(long position, CloudEvent event, String target) {}

    /** Makes the stream ready to take events (a Kafka topic); the SQLite log needs nothing. */
    void createStream(String stream);

    /** Forgets the stream and its events. */
    void deleteStream(String stream);

    /**
     * Stores an event; the future completes once it is durable (committed to SQLite, or acknowledged
     * by every in-sync Kafka replica), and fails if it could not be stored.
     */
    CompletableFuture<Void> append(String stream, CloudEvent event, String target);

    /**
     * Registers a new consumer at the stream's end, so that it sees only events accepted from now
     * on (as a new Knative trigger does). A consumer that exists keeps its position.
     */
    void register(String stream, String consumer);

    /** Forgets a consumer's position. */
    void unregister(String stream, String consumer);

    /** A reader of the stream from the consumer's committed position; one thread uses it. */
    Reader reader(String stream, String consumer);

    /** Reads one consumer's events in order. */
    interface Reader extends AutoCloseable {
        /** The next events after the position, waiting up to {@code wait} for one; empty if none came. */
        List<LogRecord> poll(Duration wait) throws InterruptedException;

        /**
         * Records that every event up to and including {@code position} was handled (there need not
         * be an event at that very position); a lower position than one committed before is ignored.
         */
        void commit(long position);

        @Override
        void close();
    }

    @Override
    void close();
}
