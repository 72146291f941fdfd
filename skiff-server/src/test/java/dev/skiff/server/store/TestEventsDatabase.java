package dev.skiff.server.store;

import java.nio.file.Path;

/** A fresh database for tests of the events' and activations' tables, without a server. */
public final class TestEventsDatabase {
    private TestEventsDatabase() {}

    /** Creates {@code skiff.db} in {@code dir} with the whole schema (the store makes it) and opens it. */
    public static EventsDatabase open(Path dir) {
        Path file = dir.resolve("skiff.db");
        SqliteStore.open(file).close();
        return EventsDatabase.open(file);
    }
}
