package dev.skiff.server.events;

import java.time.Clock;
import java.time.Duration;

/**
 * Settings of events, cron and activations.
 *
 * @param kafka Kafka's bootstrap servers ({@code host:port}) to keep brokers' and topics' events in, or null for the embedded log
 * @param activationRetention how long activation records are kept
 * @param activationLimit the most activation records kept: past it the oldest go, whatever their age
 * @param resultLimit the most bytes of a function's answer an activation record keeps
 * @param clock the time cron triggers fire by (tests inject one)
 */
public record EventsConfig(String kafka, Duration activationRetention, long activationLimit, int resultLimit, Clock clock) {
    /** Activation records are kept a week by default, as OpenWhisk's. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    /**
     * A million records at most by default: every invocation leaves one, and a busy gateway's week
     * of them (thousands a second, half a kilobyte each) would fill the disk long before a week passed.
     */
    public static final long DEFAULT_ACTIVATION_LIMIT = 1_000_000;
    /** 64 KiB of each result is kept. */
    public static final int DEFAULT_RESULT_LIMIT = 64 * 1024;

    /** The embedded log, a week's activations, the system clock. */
    public static EventsConfig defaults() {
        return new EventsConfig(null, DEFAULT_RETENTION, DEFAULT_ACTIVATION_LIMIT, DEFAULT_RESULT_LIMIT, Clock.systemUTC());
    }

    /** These settings on Kafka at {@code bootstrap}. */
    public EventsConfig withKafka(String bootstrap) {
        return new EventsConfig(bootstrap, activationRetention, activationLimit, resultLimit, clock);
    }

    /** These settings keeping activations for {@code retention}. */
    public EventsConfig withActivationRetention(Duration retention) {
        return new EventsConfig(kafka, retention, activationLimit, resultLimit, clock);
    }

    /** These settings keeping at most {@code limit} activation records. */
    public EventsConfig withActivationLimit(long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("the activation limit must be 1 or more: " + limit);
        }
        return new EventsConfig(kafka, activationRetention, limit, resultLimit, clock);
    }

    /** These settings with cron triggers firing by {@code newClock}. */
    public EventsConfig withClock(Clock newClock) {
        return new EventsConfig(kafka, activationRetention, activationLimit, resultLimit, newClock);
    }
}
