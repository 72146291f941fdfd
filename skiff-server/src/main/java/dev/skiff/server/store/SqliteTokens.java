package dev.skiff.server.store;

import dev.skiff.api.Documents;
import dev.skiff.server.auth.Role;
import dev.skiff.server.auth.TokenRecord;
import dev.skiff.server.auth.TokenStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The tokens in the server's SQLite database, on a connection of their own: name, role, the
 * secret's hash (never the secret), when made and last used. {@link SqliteStore} creates the table.
 */
public final class SqliteTokens implements TokenStore, AutoCloseable {
    private final Connection connection;

    private SqliteTokens(Connection connection) {
        this.connection = connection;
    }

    /** Schema 6: the namespaces a token reaches; those made before reach {@code default}, where everything was. */
    static void addNamespaces(Statement s) throws SQLException {
        try (ResultSet columns = s.executeQuery("SELECT 1 FROM pragma_table_info('tokens') WHERE name = 'namespaces'")) {
            if (columns.next()) {
                return;
            }
        }
        s.execute("ALTER TABLE tokens ADD COLUMN namespaces TEXT NOT NULL DEFAULT '[\"default\"]'");
        s.execute("UPDATE tokens SET namespaces = '[]' WHERE role = 'admin'");
    }

    /** The tokens table; one row per token. */
    static void createTable(Statement s) throws SQLException {
        s.execute("""
                CREATE TABLE IF NOT EXISTS tokens (
                  name TEXT PRIMARY KEY,
                  role TEXT NOT NULL,
                  hash TEXT NOT NULL UNIQUE,
                  created TEXT NOT NULL,
                  last_used TEXT)""");
    }

    /** Opens the tokens of the database at {@code file}, whose schema {@link SqliteStore#open} has made. */
    public static SqliteTokens open(Path file) {
        return new SqliteTokens(SqliteConnections.open(file));
    }

    @Override
    public synchronized List<TokenRecord> tokens() {
        List<TokenRecord> result = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT name, role, hash, created, last_used, namespaces FROM tokens ORDER BY name");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Role role = Role.parse(rs.getString(2)).orElseThrow(() -> new StoreException(
                        "a stored token has an unknown role; was the database written by a newer Skiff?", null));
                String used = rs.getString(5);
                result.add(new TokenRecord(rs.getString(1), role, rs.getString(3), Instant.parse(rs.getString(4)),
                        used == null ? null : Instant.parse(used), namespaces(rs.getString(6))));
            }
            return result;
        } catch (SQLException e) {
            throw new StoreException("cannot read the tokens: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized boolean insertToken(TokenRecord token) {
        return write("INSERT INTO tokens (name, role, hash, created, last_used, namespaces) VALUES (?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (name) DO NOTHING", token) > 0;
    }

    @Override
    public synchronized void putToken(TokenRecord token) {
        write("INSERT INTO tokens (name, role, hash, created, last_used, namespaces) VALUES (?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (name) DO UPDATE SET role = excluded.role, hash = excluded.hash, "
                + "created = excluded.created, last_used = excluded.last_used, namespaces = excluded.namespaces", token);
    }

    @Override
    public synchronized boolean deleteToken(String name) {
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM tokens WHERE name = ?")) {
            ps.setString(1, name);
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new StoreException("cannot revoke the token " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void touchTokens(Map<String, Instant> lastUsed) {
        try (PreparedStatement ps = connection.prepareStatement("UPDATE tokens SET last_used = ? WHERE name = ?")) {
            for (Map.Entry<String, Instant> use : lastUsed.entrySet()) {
                ps.setString(1, use.getValue().toString());
                ps.setString(2, use.getKey());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new StoreException("cannot record when tokens were used: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        SqliteConnections.close(connection);
    }

    private int write(String sql, TokenRecord token) {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, token.name());
            ps.setString(2, token.role().text());
            ps.setString(3, token.hash());
            ps.setString(4, token.created().toString());
            ps.setString(5, token.lastUsed() == null ? null : token.lastUsed().toString());
            ps.setString(6, Documents.json().writeValueAsString(token.namespaces()));
            return ps.executeUpdate();
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new StoreException("cannot save the token " + token.name() + ": " + e.getMessage(), e);
        }
    }

    private static List<String> namespaces(String json) {
        try {
            return List.of(Documents.json().readValue(json, String[].class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new StoreException("a stored token's namespaces cannot be read: " + e.getOriginalMessage(), e);
        }
    }
}
