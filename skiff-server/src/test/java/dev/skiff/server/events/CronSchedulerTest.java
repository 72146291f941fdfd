package dev.skiff.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.CronTrigger;
import dev.skiff.api.Destination;
import dev.skiff.api.EventingDefaults;
import io.cloudevents.CloudEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The cron scheduler against a clock the test moves, and ticks kept in memory. */
class CronSchedulerTest {
    /** A clock the test sets. */
    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(String start) {
            this.now = Instant.parse(start);
        }

        void set(String instant) {
            now = Instant.parse(instant);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Ticks in memory, refusing a tick at or before the last one as the SQLite store does. */
    private static final class MemoryTicks implements CronTicks {
        final Map<String, Instant> last = new HashMap<>();
        final List<CloudEvent> events = new ArrayList<>();

        @Override
        public Optional<Instant> lastTick(String cron) {
            return Optional.ofNullable(last.get(cron));
        }

        @Override
        public boolean fire(String cron, Instant tick, CloudEvent event) {
            Instant previous = last.get(cron);
            if (previous != null && !previous.isBefore(tick)) {
                return false;
            }
            last.put(cron, tick);
            events.add(event);
            return true;
        }

        @Override
        public void forget(String cron) {
            last.remove(cron);
        }
    }

    private static CronTrigger cron(String schedule, String zone) {
        return CronTrigger.of("nightly", EventingDefaults.cron(new CronTrigger.CronTriggerSpec(schedule, zone, null,
                "{\"job\": 1}", new Destination("f"))));
    }

    @Test
    void runDue_beforeAndAtTheTick_firesOnceAtTheTick() {
        MovableClock clock = new MovableClock("2026-03-01T10:02:30Z");
        MemoryTicks ticks = new MemoryTicks();
        CronScheduler scheduler = new CronScheduler(clock, ticks);
        scheduler.add(cron("*/5 * * * *", "UTC"));

        assertThat(scheduler.runDue()).isEmpty();
        clock.set("2026-03-01T10:05:00.200Z");
        assertThat(scheduler.runDue()).containsExactly("nightly");
        assertThat(scheduler.runDue()).isEmpty();

        assertThat(ticks.events).hasSize(1);
        CloudEvent event = ticks.events.getFirst();
        assertThat(event.getType()).isEqualTo(CronScheduler.TICK_TYPE);
        assertThat(event.getTime().toInstant()).isEqualTo(Instant.parse("2026-03-01T10:05:00Z"));
        assertThat(new String(event.getData().toBytes())).isEqualTo("{\"job\": 1}");
        assertThat(scheduler.nextTick("nightly")).contains(Instant.parse("2026-03-01T10:10:00Z"));
    }

    @Test
    void add_afterARestartWithinTheFiredTick_neverFiresThatTickAgain() {
        MovableClock clock = new MovableClock("2026-03-01T10:04:59Z");
        MemoryTicks ticks = new MemoryTicks();
        CronScheduler before = new CronScheduler(clock, ticks);
        before.add(cron("*/5 * * * *", "UTC"));
        clock.set("2026-03-01T10:05:00Z");
        assertThat(before.runDue()).containsExactly("nightly");

        CronScheduler restarted = new CronScheduler(clock, ticks);
        restarted.add(cron("*/5 * * * *", "UTC"));

        assertThat(restarted.runDue()).isEmpty();
        assertThat(restarted.nextTick("nightly")).contains(Instant.parse("2026-03-01T10:10:00Z"));
        assertThat(ticks.events).hasSize(1);
    }

    @Test
    void add_afterBeingStoppedAcrossTicks_skipsTheMissedTicks() {
        MovableClock clock = new MovableClock("2026-03-01T10:00:00Z");
        MemoryTicks ticks = new MemoryTicks();
        ticks.last.put("nightly", Instant.parse("2026-03-01T09:00:00Z"));
        CronScheduler scheduler = new CronScheduler(clock, ticks);
        scheduler.add(cron("*/5 * * * *", "UTC"));
        clock.set("2026-03-01T10:00:30Z");

        assertThat(scheduler.runDue()).isEmpty();
        assertThat(scheduler.nextTick("nightly")).contains(Instant.parse("2026-03-01T10:05:00Z"));
    }

    @Test
    void nextTick_inATimeZone_isThatZonesWallClock() {
        MovableClock clock = new MovableClock("2026-07-01T12:00:00Z");
        CronScheduler scheduler = new CronScheduler(clock, new MemoryTicks());
        scheduler.add(cron("0 3 * * *", "Europe/Warsaw"));

        assertThat(scheduler.nextTick("nightly")).contains(Instant.parse("2026-07-02T01:00:00Z"));
    }

    @Test
    void problem_badSchedule_saysWhy() {
        assertThat(CronSchedule.problem("*/5 * * * *")).isNull();
        assertThat(CronSchedule.problem("61 * * * *")).isNotBlank();
    }
}
