package dev.skiff.server.events;

import dev.skiff.server.store.EventsDatabase;
import io.cloudevents.CloudEvent;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Skiff's dead-letter store: every event a trigger gave up on, with why, until it is replayed. */
public final class DeadLetters {
    private final EventsDatabase db;

    /** The store in this database. */
    public DeadLetters(EventsDatabase db) {
        this.db = db;
    }

    /**
     * One dead letter.
     *
     * @param id its number
     * @param trigger the trigger that gave up
     * @param stream the broker or topic it came from ({@code broker:default})
     * @param event the event
     * @param reason the last failure
     * @param attempts how many tries were made
     * @param created when it was given up on
     */
    public record DeadLetter(long id, String trigger, String stream, CloudEvent event, String reason, int attempts,
                             String created) {}

    /** Keeps an event a trigger gave up on; completes once committed. */
    CompletableFuture<Integer> add(String trigger, String stream, CloudEvent event, String reason, int attempts) {
        byte[] json = CloudEventCodec.toJson(event);
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO dead_letters (consumer, stream, event, reason, attempts, created) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, trigger);
                ps.setString(2, stream);
                ps.setBytes(3, json);
                ps.setString(4, reason);
                ps.setInt(5, attempts);
                ps.setString(6, Instant.now().toString());
                return ps.executeUpdate();
            }
        });
    }

    /** Every dead letter, oldest first, of one trigger or (null) of all. */
    public List<DeadLetter> list(String trigger) {
        return db.read(c -> {
            String sql = "SELECT id, consumer, stream, event, reason, attempts, created FROM dead_letters"
                    + (trigger == null ? "" : " WHERE consumer = ?") + " ORDER BY id";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (trigger != null) {
                    ps.setString(1, trigger);
                }
                return rows(ps);
            }
        });
    }

    /** One dead letter. */
    public Optional<DeadLetter> get(long id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, consumer, stream, event, reason, attempts, created FROM dead_letters WHERE id = ?")) {
                ps.setLong(1, id);
                return rows(ps).stream().findFirst();
            }
        });
    }

    /** Removes a dead letter; false if it was not there. */
    boolean remove(long id) {
        return db.writeNow(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM dead_letters WHERE id = ?")) {
                ps.setLong(1, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    private static List<DeadLetter> rows(PreparedStatement ps) throws SQLException {
        List<DeadLetter> found = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                found.add(new DeadLetter(rs.getLong(1), rs.getString(2), rs.getString(3),
                        CloudEventCodec.fromJson(rs.getBytes(4)), rs.getString(5), rs.getInt(6), rs.getString(7)));
            }
        }
        return found;
    }
}
