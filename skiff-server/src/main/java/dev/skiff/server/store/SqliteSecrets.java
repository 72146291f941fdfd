package dev.skiff.server.store;

import dev.skiff.api.Documents;
import dev.skiff.server.secrets.SecretRecord;
import dev.skiff.server.secrets.SecretStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The secrets in the server's SQLite database, on a connection of their own: each one's key, the
 * names of its keys, and its values sealed (never in clear); {@link SqliteStore} creates the table.
 */
public final class SqliteSecrets implements SecretStore, AutoCloseable {
    private static final String COLUMNS = "key, keys, sealed, created, updated";
    private final Connection connection;

    private SqliteSecrets(Connection connection) {
        this.connection = connection;
    }

    /** The secrets table; one row per secret. */
    static void createTable(Statement s) throws SQLException {
        s.execute("""
                CREATE TABLE IF NOT EXISTS secrets (
                  key TEXT PRIMARY KEY,
                  keys TEXT NOT NULL,
                  sealed BLOB NOT NULL,
                  created TEXT NOT NULL,
                  updated TEXT NOT NULL)""");
    }

    /** Opens the secrets of the database at {@code file}, whose schema {@link SqliteStore#open} has made. */
    public static SqliteSecrets open(Path file) {
        return new SqliteSecrets(SqliteConnections.open(file));
    }

    @Override
    public synchronized List<SecretRecord> secrets() {
        return select("SELECT " + COLUMNS + " FROM secrets ORDER BY key", null);
    }

    @Override
    public synchronized Optional<SecretRecord> secret(String key) {
        return select("SELECT " + COLUMNS + " FROM secrets WHERE key = ?", key).stream().findFirst();
    }

    @Override
    public synchronized boolean insert(SecretRecord secret) {
        return write("INSERT INTO secrets (keys, sealed, created, updated, key) VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING",
                secret);
    }

    @Override
    public synchronized boolean update(SecretRecord secret) {
        return write("UPDATE secrets SET keys = ?, sealed = ?, created = ?, updated = ? WHERE key = ?", secret);
    }

    @Override
    public synchronized boolean delete(String key) {
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM secrets WHERE key = ?")) {
            ps.setString(1, key);
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new StoreException("cannot delete the secret " + key + ": " + e.getMessage(), e);
        }
    }

    private boolean write(String sql, SecretRecord secret) {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, Documents.json().writeValueAsString(secret.keys()));
            ps.setBytes(2, secret.sealed());
            ps.setString(3, secret.created());
            ps.setString(4, secret.updated());
            ps.setString(5, secret.key());
            return ps.executeUpdate() > 0;
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new StoreException("cannot save the secret " + secret.key() + ": " + e.getMessage(), e);
        }
    }

    private List<SecretRecord> select(String sql, String key) {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            if (key != null) {
                ps.setString(1, key);
            }
            List<SecretRecord> found = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> keys = List.of(Documents.json().readValue(rs.getString(2), String[].class));
                    found.add(new SecretRecord(rs.getString(1), keys, rs.getBytes(3), rs.getString(4), rs.getString(5)));
                }
            }
            return found;
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new StoreException("cannot read the secrets: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        SqliteConnections.close(connection);
    }
}
