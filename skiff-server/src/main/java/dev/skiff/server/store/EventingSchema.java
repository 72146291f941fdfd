package dev.skiff.server.store;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * The tables of events and activations: eventing resources, the durable event log and each
 * consumer's position in it, the failed tries of events being retried, dead letters, cron ticks,
 * activation records and queued asynchronous invocations. Version 3 made them; version 4 keeps
 * failed tries per event rather than one count per consumer, since an unordered trigger retries
 * several events at once. Their readers and writers live in {@code dev.skiff.server.events} and
 * {@code dev.skiff.server.activations}, on connections of their own.
 */
final class EventingSchema {
    private EventingSchema() {}

    /** Schema version 3: the tables as they were first made. */
    static void create(Statement s) throws SQLException {
        s.execute("""
                CREATE TABLE IF NOT EXISTS eventing_resources (
                  kind TEXT NOT NULL,
                  name TEXT NOT NULL,
                  document TEXT NOT NULL,
                  PRIMARY KEY (kind, name))""");
        s.execute("""
                CREATE TABLE IF NOT EXISTS events (
                  seq INTEGER PRIMARY KEY AUTOINCREMENT,
                  stream TEXT NOT NULL,
                  target TEXT,
                  event BLOB NOT NULL,
                  received INTEGER NOT NULL)""");
        s.execute("CREATE INDEX IF NOT EXISTS events_by_stream ON events (stream, seq)");
        s.execute("""
                CREATE TABLE IF NOT EXISTS cursors (
                  consumer TEXT PRIMARY KEY,
                  stream TEXT NOT NULL,
                  position INTEGER NOT NULL,
                  retry_position INTEGER,
                  attempts INTEGER NOT NULL DEFAULT 0)""");
        s.execute("""
                CREATE TABLE IF NOT EXISTS dead_letters (
                  id INTEGER PRIMARY KEY AUTOINCREMENT,
                  consumer TEXT NOT NULL,
                  stream TEXT NOT NULL,
                  event BLOB NOT NULL,
                  reason TEXT NOT NULL,
                  attempts INTEGER NOT NULL,
                  created TEXT NOT NULL)""");
        s.execute("""
                CREATE TABLE IF NOT EXISTS cron_ticks (
                  name TEXT PRIMARY KEY,
                  last_tick INTEGER NOT NULL)""");
        s.execute("""
                CREATE TABLE IF NOT EXISTS activations (
                  id TEXT PRIMARY KEY,
                  function TEXT NOT NULL,
                  record TEXT NOT NULL,
                  start INTEGER NOT NULL)""");
        s.execute("CREATE INDEX IF NOT EXISTS activations_by_function ON activations (function, start)");
        s.execute("CREATE INDEX IF NOT EXISTS activations_by_start ON activations (start)");
        s.execute("""
                CREATE TABLE IF NOT EXISTS async_invocations (
                  id TEXT PRIMARY KEY,
                  function TEXT NOT NULL,
                  request TEXT NOT NULL,
                  created INTEGER NOT NULL)""");
    }

    /**
     * Schema version 4: failed tries move from {@code cursors} (one event per consumer) to
     * {@code delivery_attempts}, one row per event being retried; the rows a Kafka consumer's
     * retries made in {@code cursors} (position -1, it has no position there) go.
     */
    static void upgradeTo4(Statement s) throws SQLException {
        s.execute("""
                CREATE TABLE IF NOT EXISTS delivery_attempts (
                  consumer TEXT NOT NULL,
                  position INTEGER NOT NULL,
                  attempts INTEGER NOT NULL,
                  PRIMARY KEY (consumer, position))""");
        s.execute("""
                INSERT OR REPLACE INTO delivery_attempts (consumer, position, attempts)
                SELECT consumer, retry_position, attempts FROM cursors WHERE retry_position IS NOT NULL AND attempts > 0""");
        s.execute("DELETE FROM cursors WHERE position = -1");
        s.execute("ALTER TABLE cursors DROP COLUMN retry_position");
        s.execute("ALTER TABLE cursors DROP COLUMN attempts");
    }
}
