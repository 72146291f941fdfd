package dev.skiff.server.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The namespaces in the server's SQLite database, on a connection of their own; {@link SqliteStore} creates the table. */
public final class SqliteNamespaces implements AutoCloseable {
    private final Connection connection;

    private SqliteNamespaces(Connection connection) {
        this.connection = connection;
    }

    /** The namespaces table (schema 6); one row per namespace but {@code default}. */
    static void createTable(Statement s) throws SQLException {
        s.execute("""
                CREATE TABLE IF NOT EXISTS namespaces (
                  name TEXT PRIMARY KEY,
                  max_functions INTEGER,
                  max_in_flight INTEGER,
                  created TEXT NOT NULL)""");
    }

    /** Opens the namespaces of the database at {@code file}, whose schema {@link SqliteStore#open} has made. */
    public static SqliteNamespaces open(Path file) {
        return new SqliteNamespaces(SqliteConnections.open(file));
    }

    /** Every namespace but {@code default}, by name. */
    public synchronized List<NamespaceRow> namespaces() {
        return select("SELECT name, max_functions, max_in_flight, created FROM namespaces ORDER BY name", null);
    }

    /** One namespace, if it exists. */
    public synchronized Optional<NamespaceRow> namespace(String name) {
        return select("SELECT name, max_functions, max_in_flight, created FROM namespaces WHERE name = ?", name).stream().findFirst();
    }

    /** Records a new namespace; false when one of that name exists. */
    public synchronized boolean insert(NamespaceRow row) {
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO namespaces (name, max_functions, max_in_flight, created) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (name) DO NOTHING")) {
            ps.setString(1, row.name());
            setInteger(ps, 2, row.maxFunctions());
            setInteger(ps, 3, row.maxInFlight());
            ps.setString(4, row.created());
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new StoreException("cannot save the namespace " + row.name() + ": " + e.getMessage(), e);
        }
    }

    /** Replaces a namespace's quotas; false when there is no such namespace. */
    public synchronized boolean updateQuotas(NamespaceRow row) {
        try (PreparedStatement ps = connection.prepareStatement(
                "UPDATE namespaces SET max_functions = ?, max_in_flight = ? WHERE name = ?")) {
            setInteger(ps, 1, row.maxFunctions());
            setInteger(ps, 2, row.maxInFlight());
            ps.setString(3, row.name());
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new StoreException("cannot save the namespace " + row.name() + ": " + e.getMessage(), e);
        }
    }

    /** Deletes a namespace's row; false when there was none. */
    public synchronized boolean delete(String name) {
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM namespaces WHERE name = ?")) {
            ps.setString(1, name);
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new StoreException("cannot delete the namespace " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        SqliteConnections.close(connection);
    }

    private static Integer integer(ResultSet rs, int column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    private static void setInteger(PreparedStatement ps, int index, Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(index, java.sql.Types.INTEGER);
        } else {
            ps.setInt(index, value);
        }
    }

    private List<NamespaceRow> select(String sql, String name) {
        List<NamespaceRow> rows = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            if (name != null) {
                ps.setString(1, name);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new NamespaceRow(rs.getString(1), integer(rs, 2), integer(rs, 3), rs.getString(4)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new StoreException("cannot read the namespaces: " + e.getMessage(), e);
        }
    }
}
