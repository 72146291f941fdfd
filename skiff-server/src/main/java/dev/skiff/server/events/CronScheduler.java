package dev.skiff.server.events;

import dev.skiff.api.CronTrigger;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires cron triggers on their ticks, reading the time from an injected clock. Each tick is recorded
 * with its event in one transaction, so a tick is never fired twice, even across a restart.
 *
 * <p>The policy for ticks missed while the server was stopped (or while it fell behind): they are
 * skipped, as a PingSource's adapter skips the ticks it was not running for. A cron trigger's next
 * tick is always the first one after both its last fired tick and the present.
 */
final class CronScheduler implements AutoCloseable {
    /** The CloudEvents type of a tick's event: a PingSource's. */
    static final String TICK_TYPE = "dev.knative.sources.ping";
    private static final Logger LOG = LoggerFactory.getLogger(CronScheduler.class);
    private static final Duration IDLE_WAIT = Duration.ofMinutes(1);
    private final Clock clock;
    private final CronTicks ticks;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Object wake = new Object();
    private volatile boolean closed;
    private Thread thread;

    private record Entry(CronTrigger cron, CronSchedule schedule, Instant next) {}

    CronScheduler(Clock clock, CronTicks ticks) {
        this.clock = clock;
        this.ticks = ticks;
    }

    /** Schedules a (defaulted, valid) cron trigger from its next tick after its last fired one and now. */
    void add(CronTrigger cron) {
        CronSchedule schedule = CronSchedule.parse(cron.spec().schedule(), ZoneId.of(cron.spec().timezone()));
        Instant now = clock.instant();
        String key = BrokerService.key(cron);
        Instant from = ticks.lastTick(key).filter(last -> last.isAfter(now)).orElse(now);
        entries.put(key, new Entry(cron, schedule, schedule.nextAfter(from).orElse(null)));
        signal();
    }

    /** Stops scheduling the cron trigger keyed {@code key}. */
    void remove(String key) {
        entries.remove(key);
        signal();
    }

    /** The next tick of the cron trigger keyed {@code key}, if it is scheduled and has one. */
    Optional<Instant> nextTick(String key) {
        Entry entry = entries.get(key);
        return entry == null ? Optional.empty() : Optional.ofNullable(entry.next());
    }

    /** Fires every cron trigger whose tick has come by the clock's present; answers the keys fired. */
    List<String> runDue() {
        Instant now = clock.instant();
        List<String> fired = new ArrayList<>();
        for (Entry entry : List.copyOf(entries.values())) {
            if (entry.next() == null || entry.next().isAfter(now)) {
                continue;
            }
            String name = BrokerService.key(entry.cron());
            if (ticks.fire(name, entry.next(), event(entry.cron(), entry.next()))) {
                fired.add(name);
            }
            Instant from = entry.next().isAfter(now) ? entry.next() : now;
            entries.computeIfPresent(name, (n, current) -> current.cron() == entry.cron()
                    ? new Entry(current.cron(), current.schedule(), current.schedule().nextAfter(from).orElse(null)) : current);
        }
        return fired;
    }

    /** Starts firing ticks on a thread of its own. */
    void start() {
        thread = Thread.ofPlatform().daemon().name("skiff-cron").start(this::loop);
    }

    private void loop() {
        while (!closed) {
            try {
                runDue();
            } catch (RuntimeException e) {
                LOG.warn("a cron tick could not be fired; trying again: {}", e.getMessage());
            }
            long waitMillis = entries.values().stream().map(Entry::next).filter(next -> next != null)
                    .map(next -> Duration.between(clock.instant(), next)).min(Duration::compareTo)
                    .orElse(IDLE_WAIT).toMillis();
            synchronized (wake) {
                if (!closed && waitMillis > 0) {
                    try {
                        wake.wait(Math.min(waitMillis, IDLE_WAIT.toMillis()));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }
    }

    private void signal() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    private static CloudEvent event(CronTrigger cron, Instant tick) {
        String data = cron.spec().data() == null ? "" : cron.spec().data();
        return CloudEventBuilder.v1()
                .withId(BrokerService.key(cron) + "-" + tick.getEpochSecond())
                .withType(TICK_TYPE)
                .withSource(URI.create("/skiff/crontriggers/" + BrokerService.key(cron)))
                .withTime(tick.atOffset(ZoneOffset.UTC))
                .withDataContentType(cron.spec().contentType())
                .withData(data.getBytes(StandardCharsets.UTF_8))
                .build();
    }

    @Override
    public void close() {
        closed = true;
        signal();
        if (thread != null) {
            thread.interrupt();
        }
    }
}
