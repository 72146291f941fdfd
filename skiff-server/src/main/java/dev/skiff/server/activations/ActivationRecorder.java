package dev.skiff.server.activations;

import dev.skiff.server.dataplane.InternalHeaders;
import dev.skiff.server.dataplane.InvocationObserver;
import dev.skiff.server.logs.LogStore;
import dev.skiff.server.store.EventsDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every finished invocation as an {@link Activation}, off the request path: the gateway's
 * call only offers the finished call to a bounded queue (never blocking the event loop; when the
 * queue is full the record is dropped and counted), and a thread of its own writes them in batches,
 * one transaction each, a little after they finished so that their log lines have arrived. Old
 * records are deleted past the retention.
 */
public final class ActivationRecorder implements InvocationObserver, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ActivationRecorder.class);
    private static final int QUEUE = 100_000;
    private static final int MAX_LOG_LINES = 100;
    private static final long SETTLE_MILLIS = 100;
    private static final Duration PRUNE_EVERY = Duration.ofMinutes(1);
    private static final String INSERT = "INSERT OR REPLACE INTO activations (id, function, record, start) VALUES (?, ?, ?, ?)";
    private static final int ROWS_PER_INSERT = 64;
    private final EventsDatabase db;
    private static final HexFormat HEX = HexFormat.of();
    private final ActivationLogs logs = new ActivationLogs();
    private final ActivationJson encoder = new ActivationJson();
    private final CallbackNotes callbacks = new CallbackNotes();
    private final BlockingQueue<Completed> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong dropped = new AtomicLong();
    private final int resultLimit;
    private final Duration retention;
    private final long limit;
    private final Thread thread;
    private volatile boolean closed;

    /**
     * A recorder writing to {@code db}, cutting results at {@code resultLimit} bytes, keeping records
     * for {@code retention} and at most {@code limit} of them.
     */
    public ActivationRecorder(EventsDatabase db, int resultLimit, Duration retention, long limit) {
        this.db = db;
        this.resultLimit = resultLimit;
        this.retention = retention;
        this.limit = limit;
        this.thread = Thread.ofPlatform().daemon().name("skiff-activations").start(this::loop);
    }

    /** Where the function logs' lines are observed. */
    public LogStore.LineObserver logObserver() {
        return logs;
    }

    /**
     * A new activation id: 32 hex digits, as OpenWhisk's, the first 12 the current epoch millisecond
     * and the other 20 random (80 bits). Time first, so that ids sort by time and a new record's id
     * lands at the end of the table's id index: random ids scattered each batch of records over the
     * whole index, and the pages they dirtied made the commits several times more costly. Random but
     * not from SecureRandom, which costs more than the rest of a record: an id names a record, it is
     * not a secret.
     */
    public static String newId() {
        return newId(System.currentTimeMillis());
    }

    /** An id of an activation started at {@code epochMillis}. */
    static String newId(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String millis = HEX.toHexDigits(epochMillis & 0xffff_ffff_ffffL).substring(4);
        String randomPart = HEX.toHexDigits(random.nextLong()) + HEX.toHexDigits(random.nextInt());
        return millis + randomPart.substring(4);
    }

    @Override
    public void completed(Completed call) {
        if (!queue.offer(call) && dropped.incrementAndGet() % 1000 == 1) {
            LOG.warn("activation records are being dropped: {} so far (the writer is behind)", dropped.get());
        }
    }

    /** Writes what became of activation {@code id}'s callback onto its record, now or once the record is written. */
    public void callback(String id, CallbackOutcome outcome) {
        callbacks.add(id, outcome);
    }

    /** How many records were dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    private void loop() {
        long lastPrune = System.currentTimeMillis();
        List<Completed> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty() || callbacks.waiting()) {
            try {
                Completed first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first != null) {
                    long settle = first.startMillis() + first.totalNanos() / 1_000_000 + SETTLE_MILLIS - System.currentTimeMillis();
                    if (settle > 0 && !closed) {
                        settle(settle);
                    }
                    batch.add(first);
                    queue.drainTo(batch, 5000);
                }
                List<CallbackNotes.Note> outcomes = callbacks.take();
                if (!batch.isEmpty() || !outcomes.isEmpty()) {
                    write(batch, outcomes);
                    batch.clear();
                }
                if (System.currentTimeMillis() - lastPrune > PRUNE_EVERY.toMillis()) {
                    prune();
                    lastPrune = System.currentTimeMillis();
                }
            } catch (InterruptedException e) {
                if (!closed) {
                    return;
                }
            } catch (RuntimeException e) {
                LOG.warn("activation records could not be written: {}", e.getMessage());
                batch.clear();
            }
        }
    }

    private void settle(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            // Closing: write what is queued at once.
        }
    }

    private void write(List<Completed> batch, List<CallbackNotes.Note> outcomes) {
        List<Activation> records = new ArrayList<>(batch.size());
        List<String> documents = new ArrayList<>(batch.size());
        for (Completed call : batch) {
            Activation record = activation(call);
            records.add(record);
            documents.add(encoder.write(record));
        }
        db.writeNow(c -> {
            // Rows go ROWS_PER_INSERT to a statement, the rest one by one: each statement run is a
            // round of JNI calls and a VM program; 64 rows a statement cut the writer's CPU per
            // row by a quarter (5.1 to 3.8 us, measured with activation-sized rows).
            int full = records.size() - records.size() % ROWS_PER_INSERT;
            if (full > 0) {
                try (PreparedStatement ps = c.prepareStatement(INSERT + ", (?, ?, ?, ?)".repeat(ROWS_PER_INSERT - 1))) {
                    for (int start = 0; start < full; start += ROWS_PER_INSERT) {
                        for (int i = 0; i < ROWS_PER_INSERT; i++) {
                            bind(ps, i * 4, records.get(start + i), documents.get(start + i), batch.get(start + i));
                        }
                        ps.executeUpdate();
                    }
                }
            }
            if (full < records.size()) {
                try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                    for (int i = full; i < records.size(); i++) {
                        bind(ps, 0, records.get(i), documents.get(i), batch.get(i));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            callbacks.write(c, outcomes, records);
            return null;
        });
    }

    private static void bind(PreparedStatement ps, int offset, Activation record, String document, Completed call)
            throws java.sql.SQLException {
        ps.setString(offset + 1, record.activationId());
        ps.setString(offset + 2, record.function());
        ps.setString(offset + 3, document);
        ps.setLong(offset + 4, call.startMillis());
    }

    /**
     * Deletes the records older than the retention, then the oldest past the limit (by start, the
     * newest {@code limit} are kept); answers how many went.
     */
    public int prune() {
        long before = System.currentTimeMillis() - retention.toMillis();
        return db.writeNow(c -> {
            int deleted;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM activations WHERE start < ?")) {
                ps.setLong(1, before);
                deleted = ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    DELETE FROM activations WHERE rowid IN (
                      SELECT rowid FROM activations ORDER BY start DESC, rowid DESC LIMIT -1 OFFSET ?)""")) {
                ps.setLong(1, limit);
                deleted += ps.executeUpdate();
            }
            return deleted;
        });
    }

    private Activation activation(Completed call) {
        String given = call.invocation().headers().get(InternalHeaders.ACTIVATION_ID);
        long endMillis = call.startMillis() + call.totalNanos() / 1_000_000;
        String result;
        boolean truncated = false;
        if (call.failure() != null) {
            result = call.failure().getMessage();
        } else {
            byte[] bytes = call.body() == null ? new byte[0] : call.body().getBytes();
            truncated = bytes.length > resultLimit;
            result = new String(bytes, 0, Math.min(bytes.length, resultLimit), StandardCharsets.UTF_8);
        }
        String status = call.failure() != null ? "platform_error" : call.status() / 100 == 2 ? "success" : "application_error";
        double wait = call.waitNanos() / 1e6;
        return new Activation(given != null ? given : newId(call.startMillis()), call.function(), call.revision(),
                encoder.instant(call.startMillis()), encoder.instant(endMillis),
                call.totalNanos() / 1e6, wait, call.coldStart(), call.coldStart() ? wait : null, status, call.status(),
                result, truncated, logs.between(call.function(), call.revision(), call.startMillis(), endMillis + SETTLE_MILLIS,
                        MAX_LOG_LINES), call.invocation().headers().get(InternalHeaders.TRIGGER), null, call.instance());
    }

    /** Writes what is queued, then stops. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
