package dev.skiff.server.api;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a request body's chunks to an open channel (a file opened without following links, which
 * Vert.x's {@code AsyncFile} cannot take) on Vert.x's worker threads, in order: the chunks that
 * arrive while one batch is written make the next. Used on one event loop only.
 */
final class ChannelWriter {
    /** Past this many bytes waiting to be written, the caller pauses the request until {@link #whenDrained}. */
    static final long HIGH_WATER = 4L << 20;

    private final Vertx vertx;
    private final WritableByteChannel channel;
    private final Promise<Void> done = Promise.promise();
    private List<Buffer> waiting = new ArrayList<>();
    private long waitingBytes;
    private boolean writing;
    private boolean ending;
    private Runnable drained;

    ChannelWriter(Vertx vertx, WritableByteChannel channel) {
        this.vertx = vertx;
        this.channel = channel;
    }

    /** Queues {@code chunk}; it is written after every chunk queued before it. */
    void write(Buffer chunk) {
        waiting.add(chunk);
        waitingBytes += chunk.length();
        flush();
    }

    /** True when so much waits that the caller should pause its source. */
    boolean full() {
        return waitingBytes >= HIGH_WATER;
    }

    /** Runs {@code then} once what waits is taken to be written. */
    void whenDrained(Runnable then) {
        drained = then;
    }

    /** Completes once every queued chunk is written, or fails with the first write's failure. */
    Future<Void> end() {
        ending = true;
        flush();
        return done.future();
    }

    /** Fails as soon as a write fails, before {@link #end}. */
    Future<Void> outcome() {
        return done.future();
    }

    private void flush() {
        if (writing || done.future().isComplete()) {
            return;
        }
        if (waiting.isEmpty()) {
            if (ending) {
                done.tryComplete();
            }
            return;
        }
        List<Buffer> batch = waiting;
        waiting = new ArrayList<>();
        waitingBytes = 0;
        writing = true;
        if (drained != null) {
            Runnable then = drained;
            drained = null;
            then.run();
        }
        vertx.executeBlocking(() -> writeAll(batch), false).onComplete(written -> {
            writing = false;
            if (written.failed()) {
                done.tryFail(written.cause());
            } else {
                flush();
            }
        });
    }

    private Void writeAll(List<Buffer> batch) throws IOException {
        for (Buffer chunk : batch) {
            ByteBuffer bytes = ByteBuffer.wrap(chunk.getBytes());
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }
        return null;
    }
}
