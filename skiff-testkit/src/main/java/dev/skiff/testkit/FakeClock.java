package dev.skiff.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A clock that moves only when a test moves it: a wall-clock {@link Clock} and a monotonic
 * nanosecond ticker ({@link LongSupplier}, as {@code System::nanoTime}) that advance together. Code
 * that takes its time passed in is tested with it instead of with sleeps.
 */
public final class FakeClock extends Clock implements LongSupplier {
    private final Instant origin;
    private final AtomicLong nanos = new AtomicLong();

    /** A clock at {@code origin}, its ticker at 0. */
    public FakeClock(Instant origin) {
        this.origin = origin;
    }

    /** A clock at 2026-01-01T00:00:00Z. */
    public FakeClock() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    /** Moves both the wall clock and the ticker forward. */
    public FakeClock advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("a clock does not go back: " + by);
        }
        nanos.addAndGet(by.toNanos());
        return this;
    }

    /** The ticker: nanoseconds since the clock was made. */
    public long nanos() {
        return nanos.get();
    }

    @Override
    public long getAsLong() {
        return nanos();
    }

    @Override
    public Instant instant() {
        return origin.plusNanos(nanos.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a fake clock is in UTC");
    }
}
