package dev.skiff.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.Volume;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreMigrationTest {
    @TempDir
    Path temp;

    private static int userVersion(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            return rs.getInt(1);
        }
    }

    @Test
    void open_aSchemaOneDatabase_addsVolumesAndKeepsFunctions() throws Exception {
        Path db = temp.resolve("skiff.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE functions (name TEXT PRIMARY KEY, document TEXT NOT NULL, serving_revision TEXT)");
            s.execute("""
                    CREATE TABLE revisions (name TEXT PRIMARY KEY, function TEXT NOT NULL REFERENCES functions(name)
                      ON DELETE CASCADE, number INTEGER NOT NULL, spec TEXT NOT NULL, created TEXT NOT NULL,
                      UNIQUE (function, number))""");
            s.execute("INSERT INTO functions VALUES ('hello', '{\"metadata\": {\"name\": \"hello\"}}', NULL)");
            s.execute("PRAGMA user_version=1");
        }

        try (SqliteStore store = SqliteStore.open(db)) {
            assertThat(store.functions()).extracting(f -> f.name()).containsExactly("hello");
            assertThat(store.saveVolume(new Volume("data", "/srv/data", true, "2026-01-01T00:00:00Z"))).isTrue();
            assertThat(store.saveVolume(new Volume("data", "/elsewhere", false, "2026-01-01T00:00:00Z"))).isFalse();
            assertThat(store.volume("data")).contains(new Volume("data", "/srv/data", true, "2026-01-01T00:00:00Z"));
        }
        assertThat(userVersion(db)).isEqualTo(3);

        try (SqliteStore reopened = SqliteStore.open(db)) {
            assertThat(reopened.volumes()).extracting(Volume::name).containsExactly("data");
            assertThat(reopened.deleteVolume("data")).isTrue();
            assertThat(reopened.volume("data")).isEmpty();
        }
    }

    @Test
    void open_aSchemaTwoDatabase_addsTheEventingTablesAndKeepsVolumes() throws Exception {
        Path db = temp.resolve("skiff.db");
        try (SqliteStore store = SqliteStore.open(db)) {
            store.saveVolume(new Volume("kept", "/srv/kept", true, "2026-01-01T00:00:00Z"));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            for (String table : new String[] {"eventing_resources", "events", "cursors", "dead_letters", "cron_ticks",
                    "activations", "async_invocations"}) {
                s.execute("DROP TABLE " + table);
            }
            s.execute("PRAGMA user_version=2");
        }

        try (SqliteStore store = SqliteStore.open(db)) {
            assertThat(store.volumes()).extracting(Volume::name).containsExactly("kept");
        }
        assertThat(userVersion(db)).isEqualTo(3);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("INSERT INTO events (stream, event, received) VALUES ('broker:default', x'7b7d', 1)");
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM events")) {
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        }
    }
}
