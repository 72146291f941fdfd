package dev.skiff.server.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The connections of the tables that keep one of their own ({@link SqliteTokens},
 * {@link SqliteNamespaces}) to the database {@link SqliteStore#open} has made: opened waiting for
 * the store's writes rather than failing on them, closed with a store error.
 */
final class SqliteConnections {
    private SqliteConnections() {}

    /** A connection to the database at {@code file}. */
    static Connection open(Path file) {
        try {
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA busy_timeout=5000");
            }
            return connection;
        } catch (SQLException e) {
            throw new StoreException("cannot open the database " + file + ": " + e.getMessage(), e);
        }
    }

    /** Closes {@code connection}. */
    static void close(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close the database: " + e.getMessage(), e);
        }
    }

    /** Runs {@code steps} on {@code connection} as one transaction: all of them, or (on a failure) none. */
    static void inOneTransaction(Connection connection, Steps steps) throws SQLException {
        connection.setAutoCommit(false);
        try {
            steps.run();
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** Statements run as one transaction. */
    interface Steps {
        /** Runs them. */
        void run() throws SQLException;
    }
}
