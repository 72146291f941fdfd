package dev.skiff.server.events;

import dev.skiff.server.store.EventsDatabase;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * How many tries of each event a consumer is retrying already failed, kept in the database
 * ({@code delivery_attempts}, one row per event) so that a restart resumes the retries where they
 * were instead of starting them over. An unordered trigger retries several events at once, so
 * each has its own count. Used by both event logs: for Kafka the position is the record's offset.
 */
final class DeliveryState {
    private final EventsDatabase db;

    DeliveryState(EventsDatabase db) {
        this.db = db;
    }

    /** The failed tries recorded for the consumer's events, by position; read once when a runner starts. */
    Map<Long, Integer> failedTries(String consumer) {
        return db.read(c -> {
            Map<Long, Integer> found = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT position, attempts FROM delivery_attempts WHERE consumer = ?")) {
                ps.setString(1, consumer);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.put(rs.getLong(1), rs.getInt(2));
                    }
                }
            }
            return found;
        });
    }

    /** Records {@code tries} failed tries of the event at {@code position}; completes once committed. */
    CompletableFuture<Integer> recordFailedTries(String consumer, long position, int tries) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO delivery_attempts (consumer, position, attempts) VALUES (?, ?, ?)
                    ON CONFLICT (consumer, position) DO UPDATE SET attempts = excluded.attempts""")) {
                ps.setString(1, consumer);
                ps.setLong(2, position);
                ps.setInt(3, tries);
                return ps.executeUpdate();
            }
        });
    }

    /** Forgets the failed tries of an event that was handled; completes once committed (nothing waits for it). */
    CompletableFuture<Integer> forget(String consumer, long position) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM delivery_attempts WHERE consumer = ? AND position = ?")) {
                ps.setString(1, consumer);
                ps.setLong(2, position);
                return ps.executeUpdate();
            }
        });
    }

    /** Forgets every count of a consumer (its trigger was deleted); waits for the commit. */
    void forgetAll(String consumer) {
        db.writeNow(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM delivery_attempts WHERE consumer = ?")) {
                ps.setString(1, consumer);
                return ps.executeUpdate();
            }
        });
    }
}
