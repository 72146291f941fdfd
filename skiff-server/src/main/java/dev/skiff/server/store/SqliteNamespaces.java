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
    private static final String SELECT =
            "SELECT name, max_functions, max_in_flight, max_instances, max_memory_bytes, created FROM namespaces";
    private final Connection connection;

    private SqliteNamespaces(Connection connection) {
        this.connection = connection;
    }

    /** The namespaces table as schema 6 made it; one row per namespace but {@code default}. {@link #addInstanceQuotas} follows. */
    static void createTable(Statement s) throws SQLException {
        s.execute("""
                CREATE TABLE IF NOT EXISTS namespaces (
                  name TEXT PRIMARY KEY,
                  max_functions INTEGER,
                  max_in_flight INTEGER,
                  created TEXT NOT NULL)""");
    }

    /**
     * Schema 7: the quotas of instances and of their memory, null (no limit) in the rows there are; a
     * table that has them already (its schema version set back) is left as it is.
     */
    static void addInstanceQuotas(Statement s) throws SQLException {
        try (ResultSet columns = s.executeQuery("SELECT 1 FROM pragma_table_info('namespaces') WHERE name = 'max_instances'")) {
            if (columns.next()) {
                return;
            }
        }
        s.execute("ALTER TABLE namespaces ADD COLUMN max_instances INTEGER");
        s.execute("ALTER TABLE namespaces ADD COLUMN max_memory_bytes INTEGER");
    }

    /** Opens the namespaces of the database at {@code file}, whose schema {@link SqliteStore#open} has made. */
    public static SqliteNamespaces open(Path file) {
        return new SqliteNamespaces(SqliteConnections.open(file));
    }

    /** Every namespace but {@code default}, by name. */
    public synchronized List<NamespaceRow> namespaces() {
        return select(SELECT + " ORDER BY name", null);
    }

    /** One namespace, if it exists. */
    public synchronized Optional<NamespaceRow> namespace(String name) {
        return select(SELECT + " WHERE name = ?", name).stream().findFirst();
    }

    /** Records a new namespace; false when one of that name exists. */
    public synchronized boolean insert(NamespaceRow row) {
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO namespaces (name, max_functions, max_in_flight, max_instances, max_memory_bytes, created) "
                        + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING")) {
            ps.setString(1, row.name());
            setNumber(ps, 2, row.maxFunctions());
            setNumber(ps, 3, row.maxInFlight());
            setNumber(ps, 4, row.maxInstances());
            setNumber(ps, 5, row.maxMemoryBytes());
            ps.setString(6, row.created());
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new StoreException("cannot save the namespace " + row.name() + ": " + e.getMessage(), e);
        }
    }

    /** Replaces a namespace's quotas; false when there is no such namespace. */
    public synchronized boolean updateQuotas(NamespaceRow row) {
        try (PreparedStatement ps = connection.prepareStatement(
                "UPDATE namespaces SET max_functions = ?, max_in_flight = ?, max_instances = ?, max_memory_bytes = ? "
                        + "WHERE name = ?")) {
            setNumber(ps, 1, row.maxFunctions());
            setNumber(ps, 2, row.maxInFlight());
            setNumber(ps, 3, row.maxInstances());
            setNumber(ps, 4, row.maxMemoryBytes());
            ps.setString(5, row.name());
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

    private static Long longValue(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static void setNumber(PreparedStatement ps, int index, Number value) throws SQLException {
        if (value == null) {
            ps.setNull(index, java.sql.Types.INTEGER);
        } else {
            ps.setLong(index, value.longValue());
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
                    rows.add(new NamespaceRow(rs.getString(1), integer(rs, 2), integer(rs, 3), integer(rs, 4),
                            longValue(rs, 5), rs.getString(6)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new StoreException("cannot read the namespaces: " + e.getMessage(), e);
        }
    }
}
