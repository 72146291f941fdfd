package dev.skiff.server.events;

import dev.skiff.server.store.EventsDatabase;
import io.cloudevents.CloudEvent;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

/** Cron ticks in {@code cron_ticks}, each stored with its event in the embedded log in one transaction. */
final class SqliteCronTicks implements CronTicks {
    private final EventsDatabase db;
    private final SqliteEventLog log;

    SqliteCronTicks(EventsDatabase db, SqliteEventLog log) {
        this.db = db;
        this.log = log;
    }

    /** The stream a cron trigger's events go to. */
    static String stream(String cron) {
        return "cron:" + cron;
    }

    @Override
    public Optional<Instant> lastTick(String cron) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT last_tick FROM cron_ticks WHERE name = ?")) {
                ps.setString(1, cron);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(Instant.ofEpochMilli(rs.getLong(1))) : Optional.<Instant>empty();
                }
            }
        });
    }

    @Override
    public boolean fire(String cron, Instant tick, CloudEvent event) {
        byte[] json = CloudEventCodec.toJson(event);
        long seq = db.writeNow(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO cron_ticks (name, last_tick) VALUES (?, ?)
                    ON CONFLICT (name) DO UPDATE SET last_tick = excluded.last_tick WHERE last_tick < excluded.last_tick""")) {
                ps.setString(1, cron);
                ps.setLong(2, tick.toEpochMilli());
                if (ps.executeUpdate() == 0) {
                    return -1L;
                }
            }
            return SqliteEventLog.insert(c, stream(cron), json, null);
        });
        if (seq < 0) {
            return false;
        }
        log.committed(stream(cron), seq);
        return true;
    }

    @Override
    public void forget(String cron) {
        db.writeNow(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM cron_ticks WHERE name = ?")) {
                ps.setString(1, cron);
                return ps.executeUpdate();
            }
        });
    }
}
