package dev.skiff.server.serving;

import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * How a {@link ServedRevision} runs besides its revision: its limits, its time, and where its
 * blocking work goes.
 *
 * @param maxQueue the most requests that may wait for an instance
 * @param instanceCap the most instances, whatever the scaling settings ask
 * @param ticker monotonic nanoseconds, the same clock its {@code tick} is given
 * @param blocking where instance starts and stops run; each must not wait for another
 */
public record ServingOptions(int maxQueue, int instanceCap, LongSupplier ticker, Executor blocking) {
    /** The server's: {@code System.nanoTime} and a platform thread of its own for each start or stop. */
    public static ServingOptions of(int maxQueue, int instanceCap) {
        return new ServingOptions(maxQueue, instanceCap, System::nanoTime,
                task -> Thread.ofPlatform().daemon().name("skiff-instance").start(task));
    }
}
