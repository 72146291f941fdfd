package dev.skiff.server.events;

import dev.skiff.server.store.EventsDatabase;
import io.cloudevents.CloudEvent;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The embedded event log: the {@code events} table, appended to in the database's group commits,
 * and each consumer's position in {@code cursors}. A consumer waiting for events is woken by the
 * commit that stores them, so an event reaches its trigger without polling.
 */
public final class SqliteEventLog implements EventLog {
    private static final int READ_BATCH = 512;
    private final EventsDatabase db;
    private final Map<String, Signal> signals = new ConcurrentHashMap<>();

    /** A log in this database; reads where each stream ends. */
    public SqliteEventLog(EventsDatabase db) {
        this.db = db;
        db.read(c -> {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT stream, MAX(seq) FROM events GROUP BY stream")) {
                while (rs.next()) {
                    signal(rs.getString(1)).advance(rs.getLong(2));
                }
            }
            return null;
        });
    }

    @Override
    public void createStream(String stream) {
        signal(stream);
    }

    @Override
    public void deleteStream(String stream) {
        db.writeNow(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM events WHERE stream = ?")) {
                ps.setString(1, stream);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public CompletableFuture<Void> append(String stream, CloudEvent event, String target) {
        byte[] json = CloudEventCodec.toJson(event);
        return db.write(c -> insert(c, stream, json, target)).thenAccept(seq -> signal(stream).advance(seq));
    }

    /** Inserts an event inside the caller's transaction and answers its position. */
    static long insert(java.sql.Connection c, String stream, byte[] json, String target) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO events (stream, target, event, received) VALUES (?, ?, ?, ?) RETURNING seq")) {
            ps.setString(1, stream);
            ps.setString(2, target);
            ps.setBytes(3, json);
            ps.setLong(4, System.currentTimeMillis());
            try (ResultSet inserted = ps.executeQuery()) {
                inserted.next();
                return inserted.getLong(1);
            }
        }
    }

    /** Wakes the stream's readers for an event committed outside {@link #append} (a cron tick). */
    void committed(String stream, long seq) {
        signal(stream).advance(seq);
    }

    @Override
    public void register(String stream, String consumer) {
        db.writeNow(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO cursors (consumer, stream, position)
                    VALUES (?, ?, (SELECT COALESCE(MAX(seq), 0) FROM events)) ON CONFLICT (consumer) DO NOTHING""")) {
                ps.setString(1, consumer);
                ps.setString(2, stream);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void unregister(String stream, String consumer) {
        db.writeNow(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM cursors WHERE consumer = ?")) {
                ps.setString(1, consumer);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Reader reader(String stream, String consumer) {
        long position = db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT position FROM cursors WHERE consumer = ?")) {
                ps.setString(1, consumer);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
        return new SqliteReader(stream, consumer, position);
    }

    /**
     * Deletes the events every consumer of their stream has handled, and those of streams no one
     * reads; answers how many went. One write, on the writer's connection: a consumer registers
     * through the same writer, so it is either seen here or registered after the delete, at a
     * position past every event it deletes. (Reading the consumers first and deleting stream by
     * stream later let a consumer registered in between lose the events appended meanwhile.)
     */
    public int prune() {
        return db.writeNow(c -> {
            Map<String, Long> handled = new HashMap<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT stream, MIN(position) FROM cursors GROUP BY stream")) {
                while (rs.next()) {
                    handled.put(rs.getString(1), rs.getLong(2));
                }
            }
            int deleted = 0;
            try (PreparedStatement unread = c.prepareStatement("DELETE FROM events WHERE stream = ? AND seq <= ?");
                 PreparedStatement all = c.prepareStatement("DELETE FROM events WHERE stream = ?")) {
                for (String stream : signals.keySet()) {
                    Long upTo = handled.get(stream);
                    PreparedStatement delete = upTo == null ? all : unread;
                    delete.setString(1, stream);
                    if (upTo != null) {
                        delete.setLong(2, upTo);
                    }
                    deleted += delete.executeUpdate();
                }
            }
            return deleted;
        });
    }

    @Override
    public void close() {
        signals.values().forEach(Signal::wakeAll);
    }

    private Signal signal(String stream) {
        return signals.computeIfAbsent(stream, s -> new Signal());
    }

    /** The newest position of a stream, which its waiting readers watch. */
    private static final class Signal {
        private long latest;

        synchronized void advance(long seq) {
            if (seq > latest) {
                latest = seq;
                notifyAll();
            }
        }

        synchronized long latest() {
            return latest;
        }

        synchronized boolean awaitAfter(long position, long waitMillis) throws InterruptedException {
            long deadline = System.currentTimeMillis() + waitMillis;
            while (latest <= position) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return false;
                }
                wait(left);
            }
            return true;
        }

        synchronized void wakeAll() {
            notifyAll();
        }
    }

    private final class SqliteReader implements Reader {
        private final String stream;
        private final String consumer;
        private final Signal signal;
        private final AtomicBoolean writing = new AtomicBoolean();
        private long position;
        private volatile long committed;
        private volatile long written;

        SqliteReader(String stream, String consumer, long position) {
            this.stream = stream;
            this.consumer = consumer;
            this.signal = signal(stream);
            this.position = position;
            this.committed = position;
            this.written = position;
        }

        @Override
        public List<LogRecord> poll(Duration wait) throws InterruptedException {
            if (!signal.awaitAfter(position, wait.toMillis())) {
                return List.of();
            }
            long[] last = {position};
            List<LogRecord> records = db.read(c -> {
                List<LogRecord> found = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT seq, event, target FROM events WHERE stream = ? AND seq > ? ORDER BY seq LIMIT " + READ_BATCH)) {
                    ps.setString(1, stream);
                    ps.setLong(2, position);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            last[0] = rs.getLong(1);
                            CloudEventCodec.readStored(rs.getBytes(2), stream, last[0])
                                    .ifPresent(event -> found.add(new LogRecord(last[0], event, readTarget(rs))));
                        }
                    }
                }
                return found;
            });
            if (last[0] == position) {
                // Pruned or deleted under us: nothing more up to what the signal saw.
                position = Math.max(position, signal.latest());
            } else {
                position = last[0];
            }
            return records;
        }

        private static String readTarget(ResultSet rs) {
            try {
                return rs.getString(3);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("cannot read an event's target: " + e.getMessage(), e);
            }
        }

        @Override
        public void commit(long upTo) {
            committed = Math.max(committed, upTo);
            flush();
        }

        /** One cursor write in flight at a time, carrying the newest position when it runs: commits batch themselves. */
        private void flush() {
            if (committed <= written || !writing.compareAndSet(false, true)) {
                return;
            }
            db.write(c -> {
                long upTo = committed;
                try (PreparedStatement ps = c.prepareStatement("UPDATE cursors SET position = ? WHERE consumer = ? AND position < ?")) {
                    ps.setLong(1, upTo);
                    ps.setString(2, consumer);
                    ps.setLong(3, upTo);
                    ps.executeUpdate();
                }
                return upTo;
            }).whenComplete((upTo, failure) -> {
                if (upTo != null) {
                    written = Math.max(written, upTo);
                }
                writing.set(false);
                if (failure == null) {
                    flush();
                }
            });
        }

        @Override
        public void close() {
            flush();
        }
    }
}
