package dev.skiff.server.activations;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.skiff.api.Documents;
import dev.skiff.server.store.EventsDatabase;
import dev.skiff.server.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads activation records, newest first. */
public final class Activations {
    private final EventsDatabase db;

    /** Records kept in {@code db}. */
    public Activations(EventsDatabase db) {
        this.db = db;
    }

    /** The newest {@code limit} records, of one function or (null) of all. */
    public List<Activation> list(String function, int limit) {
        return db.read(c -> {
            String sql = "SELECT record FROM activations" + (function == null ? "" : " WHERE function = ?")
                    + " ORDER BY start DESC, rowid DESC LIMIT ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                if (function != null) {
                    ps.setString(i++, function);
                }
                ps.setInt(i, limit);
                List<Activation> found = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(read(rs.getString(1)));
                    }
                }
                return found;
            }
        });
    }

    /** One record. */
    public Optional<Activation> get(String id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT record FROM activations WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs.getString(1))) : Optional.<Activation>empty();
                }
            }
        });
    }

    private static Activation read(String json) {
        try {
            return Documents.json().readValue(json, Activation.class);
        } catch (JsonProcessingException e) {
            throw new StoreException("a stored activation cannot be read: " + e.getOriginalMessage(), e);
        }
    }
}
