package dev.skiff.server.activations;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.skiff.api.Documents;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Callbacks' outcomes on their way onto their activation records. An outcome is known only after
 * its call's record was queued to the recorder, but maybe before the recorder wrote it; so each
 * outcome is written when it arrives and again with every batch that writes a record of its id,
 * for a minute (a record written again under the same id, after a busy function's retry, keeps it
 * too). The recorder owns an instance; {@link #add} may be called from any thread.
 */
final class CallbackNotes {
    private static final String UPDATE = "UPDATE activations SET record = json_set(record, '$.callback', json(?)) WHERE id = ?";
    private static final long KEEP_MILLIS = 60_000;
    private final Queue<Note> arrived = new ConcurrentLinkedQueue<>();
    private final Map<String, Note> kept = new LinkedHashMap<>();

    /** An outcome, as the JSON to write, of the activation {@code id}, noted at {@code atMillis}. */
    record Note(String id, String json, long atMillis) {}

    /** Notes the outcome of activation {@code id}'s callback. */
    void add(String id, CallbackOutcome outcome) {
        try {
            arrived.add(new Note(id, Documents.json().writeValueAsString(outcome), System.currentTimeMillis()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a callback's outcome", e);
        }
    }

    /** Whether outcomes arrived that {@link #take} has not taken yet. */
    boolean waiting() {
        return !arrived.isEmpty();
    }

    /**
     * The outcomes arrived since the last call, kept from now on; on the recorder's thread, before its
     * transaction (which may run more than once).
     */
    List<Note> take() {
        long now = System.currentTimeMillis();
        for (Iterator<Note> old = kept.values().iterator(); old.hasNext(); ) {
            if (old.next().atMillis() >= now - KEEP_MILLIS) {
                break;
            }
            old.remove();
        }
        List<Note> fresh = new ArrayList<>();
        for (Note note = arrived.poll(); note != null; note = arrived.poll()) {
            kept.remove(note.id());
            kept.put(note.id(), note);
            fresh.add(note);
        }
        return fresh;
    }

    /**
     * In the recorder's transaction, after the records {@code written} were inserted: writes the
     * {@code fresh} outcomes, and the kept ones of those records' ids.
     */
    void write(Connection connection, List<Note> fresh, List<Activation> written) throws SQLException {
        List<Note> due = new ArrayList<>(fresh);
        if (!kept.isEmpty()) {
            for (Activation record : written) {
                Note note = kept.get(record.activationId());
                if (note != null) {
                    due.add(note);
                }
            }
        }
        if (due.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement(UPDATE)) {
            for (Note note : due) {
                ps.setString(1, note.json());
                ps.setString(2, note.id());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
