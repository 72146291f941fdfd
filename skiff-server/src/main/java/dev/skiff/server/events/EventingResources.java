package dev.skiff.server.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.skiff.api.Documents;
import dev.skiff.api.EventingResource;
import dev.skiff.server.store.EventsDatabase;
import dev.skiff.server.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** Brokers, topics, triggers and cron triggers as stored documents in {@code eventing_resources}. */
final class EventingResources {
    private final EventsDatabase db;

    EventingResources(EventsDatabase db) {
        this.db = db;
    }

    /** Every stored resource of the kind, by key. */
    <T extends EventingResource> List<T> all(String kind, Class<T> type) {
        return db.read(c -> {
            List<T> found = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT document FROM eventing_resources WHERE kind = ? ORDER BY name")) {
                ps.setString(1, kind);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(read(rs.getString(1), type));
                    }
                }
            }
            return found;
        });
    }

    /** Stores a new resource under its key ({@code name}, or {@code name.namespace}); false when one of that kind and key exists. */
    boolean insert(String key, EventingResource resource) {
        String document = write(resource);
        return db.writeNow(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO eventing_resources (kind, name, document) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, resource.kind());
                ps.setString(2, key);
                ps.setString(3, document);
                return ps.executeUpdate() > 0;
            }
        });
    }

    /** Deletes the resource of that kind and key; false when there was none. */
    boolean delete(String kind, String key) {
        return db.writeNow(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM eventing_resources WHERE kind = ? AND name = ?")) {
                ps.setString(1, kind);
                ps.setString(2, key);
                return ps.executeUpdate() > 0;
            }
        });
    }

    private static String write(Object value) {
        try {
            return Documents.json().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return Documents.json().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new StoreException("a stored " + type.getSimpleName() + " cannot be read: " + e.getOriginalMessage(), e);
        }
    }
}
