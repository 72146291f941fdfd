package dev.skiff.server.events;

import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * How many tries of a consumer's current event already failed, kept in the database so that a
 * restart resumes the retries where they were instead of starting them over. Used by both event
 * logs: for Kafka the position is the record's offset.
 */
final class DeliveryState {
    private final EventsDatabase db;

    DeliveryState(EventsDatabase db) {
        this.db = db;
    }

    /** Failed tries of the event at {@code position}; 0 when none were recorded. */
    int failedTries(String consumer, long position) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT attempts FROM cursors WHERE consumer = ? AND retry_position = ?")) {
                ps.setString(1, consumer);
                ps.setLong(2, position);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getInt(1) : 0;
                }
            }
        });
    }

    /** Records {@code tries} failed tries of the event at {@code position}, waiting for the commit. */
    void recordFailedTries(String consumer, String stream, long position, int tries) {
        db.writeNow(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO cursors (consumer, stream, position, retry_position, attempts) VALUES (?, ?, -1, ?, ?)
                    ON CONFLICT (consumer) DO UPDATE SET retry_position = excluded.retry_position,
                      attempts = excluded.attempts""")) {
                ps.setString(1, consumer);
                ps.setString(2, stream);
                ps.setLong(3, position);
                ps.setInt(4, tries);
                return ps.executeUpdate();
            }
        });
    }
}
