package dev.skiff.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.skiff.api.Documents;
import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Revision;
import dev.skiff.api.Volume;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The store in an embedded SQLite database (WAL mode, one connection, serialized access: SQLite
 * has one writer anyway, and the store is only used by the control plane).
 */
public final class SqliteStore implements Store {
    private static final int SCHEMA_VERSION = 10;
    private final Connection connection;

    private SqliteStore(Connection connection) {
        this.connection = connection;
    }

    /** Opens (creating if needed) the database at {@code file}. */
    public static SqliteStore open(Path file) {
        try {
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("PRAGMA foreign_keys=ON");
                s.execute("PRAGMA busy_timeout=5000");
            }
            SqliteStore store = new SqliteStore(connection);
            store.migrate();
            return store;
        } catch (SQLException e) {
            throw new StoreException("cannot open the database " + file + ": " + e.getMessage(), e);
        }
    }

    private void migrate() throws SQLException {
        try (Statement s = connection.createStatement()) {
            int version;
            try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                version = rs.next() ? rs.getInt(1) : 0;
            }
            if (version > SCHEMA_VERSION) {
                throw new StoreException("the database was written by a newer Skiff (schema " + version + ")", null);
            }
            if (version < 1) {
                s.execute("""
                        CREATE TABLE IF NOT EXISTS functions (
                          name TEXT PRIMARY KEY,
                          document TEXT NOT NULL,
                          serving_revision TEXT)""");
                s.execute("""
                        CREATE TABLE IF NOT EXISTS revisions (
                          name TEXT PRIMARY KEY,
                          function TEXT NOT NULL REFERENCES functions(name) ON DELETE CASCADE,
                          number INTEGER NOT NULL,
                          spec TEXT NOT NULL,
                          created TEXT NOT NULL,
                          UNIQUE (function, number))""");
                s.execute("PRAGMA user_version=1");
            }
            if (version < 2) {
                s.execute("""
                        CREATE TABLE IF NOT EXISTS volumes (
                          name TEXT PRIMARY KEY,
                          path TEXT NOT NULL,
                          external INTEGER NOT NULL,
                          created TEXT NOT NULL)""");
                s.execute("PRAGMA user_version=2");
            }
            if (version < 3) {
                EventingSchema.create(s);
                s.execute("PRAGMA user_version=3");
            }
            if (version < 4) {
                // One transaction: a step that drops columns cannot be run twice.
                inOneTransaction(() -> {
                    EventingSchema.upgradeTo4(s);
                    s.execute("PRAGMA user_version=4");
                });
            }
            if (version < 5) {
                SqliteTokens.createTable(s);
                s.execute("PRAGMA user_version=5");
            }
            if (version < 6) {
                inOneTransaction(() -> {
                    SqliteTokens.addNamespaces(s);
                    SqliteNamespaces.createTable(s);
                    s.execute("PRAGMA user_version=6");
                });
            }
            if (version < 7) {
                inOneTransaction(() -> {
                    SqliteNamespaces.addInstanceQuotas(s);
                    s.execute("PRAGMA user_version=7");
                });
            }
            if (version < 8) {
                SqliteSecrets.createTable(s);
                s.execute("PRAGMA user_version=8");
            }
            if (version < 9) {
                inOneTransaction(() -> {
                    SqliteWorkflows.createTables(s);
                    s.execute("PRAGMA user_version=9");
                });
            }
            if (version < 10) {
                inOneTransaction(() -> {
                    SqliteWorkflows.addActivations(s);
                    s.execute("PRAGMA user_version=10");
                });
            }
        }
    }

    /** Runs {@code steps} as one transaction: all of them, or (on a failure) none. */
    private void inOneTransaction(SqliteConnections.Steps steps) throws SQLException {
        SqliteConnections.inOneTransaction(connection, steps);
    }

    @Override
    public synchronized List<Function> functions() {
        List<Function> result = new ArrayList<>();
        query("SELECT document FROM functions ORDER BY name", ps -> {}, rs -> result.add(read(rs.getString(1), Function.class)));
        return result;
    }

    @Override
    public synchronized Optional<Function> function(String name) {
        List<Function> result = new ArrayList<>(1);
        query("SELECT document FROM functions WHERE name = ?", ps -> ps.setString(1, name),
                rs -> result.add(read(rs.getString(1), Function.class)));
        return result.stream().findFirst();
    }

    @Override
    public synchronized List<Revision> revisions(String function) {
        List<Revision> result = new ArrayList<>();
        query("SELECT name, function, number, spec, created FROM revisions WHERE function = ? ORDER BY number DESC",
                ps -> ps.setString(1, function), rs -> result.add(revision(rs)));
        return result;
    }

    @Override
    public synchronized Optional<Revision> revision(String name) {
        List<Revision> result = new ArrayList<>(1);
        query("SELECT name, function, number, spec, created FROM revisions WHERE name = ?",
                ps -> ps.setString(1, name), rs -> result.add(revision(rs)));
        return result.stream().findFirst();
    }

    @Override
    public synchronized int nextRevisionNumber(String function) {
        int[] next = {1};
        query("SELECT COALESCE(MAX(number), 0) + 1 FROM revisions WHERE function = ?",
                ps -> ps.setString(1, function), rs -> next[0] = rs.getInt(1));
        return next[0];
    }

    @Override
    public synchronized void saveDeploy(Function function, Revision revision) {
        try {
            connection.setAutoCommit(false);
            try (PreparedStatement upsert = connection.prepareStatement("""
                    INSERT INTO functions (name, document, serving_revision) VALUES (?, ?, ?)
                    ON CONFLICT (name) DO UPDATE SET document = excluded.document,
                      serving_revision = excluded.serving_revision""");
                 PreparedStatement insert = connection.prepareStatement(
                         "INSERT INTO revisions (name, function, number, spec, created) VALUES (?, ?, ?, ?, ?)")) {
                upsert.setString(1, function.key());
                upsert.setString(2, write(function));
                upsert.setString(3, revision.name());
                upsert.executeUpdate();
                insert.setString(1, revision.name());
                insert.setString(2, revision.function());
                insert.setInt(3, revision.number());
                insert.setString(4, write(revision.spec()));
                insert.setString(5, revision.created());
                insert.executeUpdate();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot save the deploy of " + function.name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized boolean delete(String function) {
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM functions WHERE name = ?")) {
            ps.setString(1, function);
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new StoreException("cannot delete " + function + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized boolean saveFunction(Function function) {
        try (PreparedStatement ps = connection.prepareStatement("UPDATE functions SET document = ? WHERE name = ?")) {
            ps.setString(1, write(function));
            ps.setString(2, function.key());
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new StoreException("cannot save " + function.name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Optional<String> latestRevision(String function) {
        List<String> result = new ArrayList<>(1);
        query("SELECT serving_revision FROM functions WHERE name = ?", ps -> ps.setString(1, function),
                rs -> result.add(rs.getString(1)));
        return result.stream().filter(r -> r != null).findFirst();
    }

    @Override
    public synchronized List<Volume> volumes() {
        List<Volume> result = new ArrayList<>();
        query("SELECT name, path, external, created FROM volumes ORDER BY name", ps -> {}, rs -> result.add(volume(rs)));
        return result;
    }

    @Override
    public synchronized Optional<Volume> volume(String name) {
        List<Volume> result = new ArrayList<>(1);
        query("SELECT name, path, external, created FROM volumes WHERE name = ?", ps -> ps.setString(1, name),
                rs -> result.add(volume(rs)));
        return result.stream().findFirst();
    }

    @Override
    public synchronized boolean saveVolume(Volume volume) {
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO volumes (name, path, external, created) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING")) {
            ps.setString(1, volume.name());
            ps.setString(2, volume.path());
            ps.setInt(3, volume.isExternal() ? 1 : 0);
            ps.setString(4, volume.created());
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new StoreException("cannot save the volume " + volume.name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized boolean deleteVolume(String name) {
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM volumes WHERE name = ?")) {
            ps.setString(1, name);
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new StoreException("cannot delete the volume " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close the database: " + e.getMessage(), e);
        }
    }

    private Revision revision(ResultSet rs) throws SQLException {
        return new Revision(rs.getString(1), rs.getString(2), rs.getInt(3),
                read(rs.getString(4), FunctionSpec.class), rs.getString(5));
    }

    private static Volume volume(ResultSet rs) throws SQLException {
        return new Volume(rs.getString(1), rs.getString(2), rs.getInt(3) != 0, rs.getString(4));
    }

    private void query(String sql, Binder binder, RowReader reader) {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        } catch (SQLException e) {
            throw new StoreException("database query failed: " + e.getMessage(), e);
        }
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

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }
}
