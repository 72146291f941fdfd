package dev.skiff.server.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The events' and activations' own connections to Skiff's SQLite database (its tables are made by
 * the store's migration): one writer thread that runs every write submitted to it in group commits,
 * many writes per transaction, completing each write's future only once its transaction committed;
 * and one read connection, serialized. Nothing here runs on an event loop.
 */
public final class EventsDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventsDatabase.class);
    private static final int MAX_BATCH = 2048;
    private final Connection writer;
    private final Connection reader;
    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closing;

    /** A unit of work on a connection. */
    @FunctionalInterface
    public interface Work<T> {
        /** Runs on the connection; for writes, inside the group's transaction. */
        T run(Connection connection) throws SQLException;
    }

    private record Pending<T>(Work<T> work, CompletableFuture<T> done) {}

    private EventsDatabase(Connection writer, Connection reader) {
        this.writer = writer;
        this.reader = reader;
        this.thread = Thread.ofPlatform().daemon().name("skiff-events-writer").start(this::writeLoop);
    }

    /** Opens connections to the database at {@code file}, which the store has already migrated. */
    public static EventsDatabase open(Path file) {
        try {
            return new EventsDatabase(connect(file), connect(file));
        } catch (SQLException e) {
            throw new StoreException("cannot open the event log in " + file + ": " + e.getMessage(), e);
        }
    }

    private static Connection connect(Path file) throws SQLException {
        // No generated keys: with them on, the driver runs a query for the last row id after every
        // insert, which an activation batch of 64-row inserts paid for nothing (about 7% of the
        // recorder's CPU); an insert that needs its key says RETURNING.
        SQLiteConfig config = new SQLiteConfig();
        config.setGetGeneratedKeys(false);
        Connection connection = config.createConnection("jdbc:sqlite:" + file);
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            // NORMAL: a commit is in the WAL file before it returns, so it survives the process being
            // killed (SIGKILL); only losing the machine's power may drop the last commits.
            s.execute("PRAGMA synchronous=NORMAL");
            s.execute("PRAGMA busy_timeout=10000");
        }
        return connection;
    }

    /** Queues a write; the future completes once the transaction holding it has committed. */
    public <T> CompletableFuture<T> write(Work<T> work) {
        CompletableFuture<T> done = new CompletableFuture<>();
        if (closing) {
            done.completeExceptionally(new StoreException("the event log is closed", null));
            return done;
        }
        queue.add(new Pending<>(work, done));
        return done;
    }

    /** Runs a write and waits for its commit. */
    public <T> T writeNow(Work<T> work) {
        return write(work).join();
    }

    /** Runs a read on the shared read connection. */
    public <T> T read(Work<T> work) {
        synchronized (reader) {
            try {
                return work.run(reader);
            } catch (SQLException e) {
                throw new StoreException("event log query failed: " + e.getMessage(), e);
            }
        }
    }

    private void writeLoop() {
        List<Pending<?>> batch = new ArrayList<>();
        while (!closing || !queue.isEmpty()) {
            try {
                Pending<?> first = queue.take();
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                commit(batch);
            } catch (InterruptedException e) {
                if (closing) {
                    queue.drainTo(batch);
                    commit(batch);
                    return;
                }
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Pending<?>> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<Object> results = new ArrayList<>(batch.size());
        try {
            writer.setAutoCommit(false);
            for (Pending<?> pending : batch) {
                results.add(pending.work().run(writer));
            }
            writer.commit();
        } catch (SQLException | RuntimeException e) {
            rollback();
            // One bad write must not fail the others: run them again one transaction each.
            if (batch.size() > 1) {
                batch.forEach(pending -> commit(new ArrayList<>(List.of(pending))));
            } else {
                LOG.warn("an event log write failed: {}", e.getMessage());
                batch.getFirst().done().completeExceptionally(new StoreException("cannot write the event log: " + e.getMessage(), e));
            }
            return;
        } finally {
            autoCommit();
        }
        for (int i = 0; i < batch.size(); i++) {
            complete(batch.get(i), results.get(i));
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Pending<T> pending, Object result) {
        pending.done().complete((T) result);
    }

    private void rollback() {
        try {
            writer.rollback();
        } catch (SQLException e) {
            LOG.warn("rollback failed: {}", e.getMessage());
        }
    }

    private void autoCommit() {
        try {
            writer.setAutoCommit(true);
        } catch (SQLException e) {
            LOG.warn("cannot reset auto-commit: {}", e.getMessage());
        }
    }

    /** Commits what was queued, then closes the connections. */
    @Override
    public void close() {
        closing = true;
        thread.interrupt();
        try {
            thread.join();
            writer.close();
            synchronized (reader) {
                reader.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            LOG.warn("closing the event log: {}", e.getMessage());
        }
    }
}
