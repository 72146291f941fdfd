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
 * @param quota the room its namespace's quotas leave for its instances
 */
public record ServingOptions(int maxQueue, int instanceCap, LongSupplier ticker, Executor blocking, InstanceQuota quota) {
    /** Options under no namespace quota. */
    public ServingOptions(int maxQueue, int instanceCap, LongSupplier ticker, Executor blocking) {
        this(maxQueue, instanceCap, ticker, blocking, InstanceQuota.NONE);
    }

    /** The server's: {@code System.nanoTime} and a platform thread of its own for each start or stop, under {@code quota}. */
    public static ServingOptions of(int maxQueue, int instanceCap, InstanceQuota quota) {
        return new ServingOptions(maxQueue, instanceCap, System::nanoTime,
                task -> Thread.ofPlatform().daemon().name("skiff-instance").start(task), quota);
    }

    /** The server's, under no namespace quota. */
    public static ServingOptions of(int maxQueue, int instanceCap) {
        return of(maxQueue, instanceCap, InstanceQuota.NONE);
    }
}
