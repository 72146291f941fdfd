package dev.skiff.server.activations;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.skiff.api.Documents;
import dev.skiff.server.store.EventsDatabase;
import dev.skiff.server.store.StoreException;
import dev.skiff.api.Namespaces;
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

    /**
     * The newest {@code limit} records of one function (keyed as {@link dev.skiff.api.Function#key}), or
     * (null) of every function of {@code namespace}.
     */
    public List<Activation> list(String function, String namespace, int limit) {
        return db.read(c -> {
            // A key has a dot exactly when its function is outside the default namespace (Namespaces).
            String where = function != null ? " WHERE function = ?"
                    : Namespaces.DEFAULT.equals(namespace) ? " WHERE instr(function, '.') = 0" : " WHERE function LIKE ? ESCAPE '!'";
            String sql = "SELECT record FROM activations" + where + " ORDER BY start DESC, rowid DESC LIMIT ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                if (function != null) {
                    ps.setString(i++, function);
                } else if (!Namespaces.DEFAULT.equals(namespace)) {
                    ps.setString(i++, "%." + namespace.replace("!", "!!").replace("%", "!%").replace("_", "!_"));
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
