package dev.skiff.server.events;

import io.cloudevents.CloudEvent;
import java.time.Instant;
import java.util.Optional;

/** Where a cron trigger's ticks are recorded and their events stored, one transaction per tick. */
interface CronTicks {
    /** The last tick fired, if any. */
    Optional<Instant> lastTick(String cron);

    /**
     * Records {@code tick} as fired and stores its event, both or neither; false, storing nothing,
     * when that tick (or a later one) was already fired.
     */
    boolean fire(String cron, Instant tick, CloudEvent event);

    /** Forgets a cron trigger's ticks. */
    void forget(String cron);
}
