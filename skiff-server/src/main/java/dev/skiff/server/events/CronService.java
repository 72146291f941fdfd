package dev.skiff.server.events;

import dev.skiff.api.CronTrigger;
import dev.skiff.api.EventingDefaults;
import dev.skiff.api.EventingStatus;
import dev.skiff.api.EventingValidation;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.ValidationException;
import dev.skiff.server.dataplane.FunctionCaller;
import dev.skiff.server.errors.ErrorCode;
import dev.skiff.server.errors.SkiffException;
import dev.skiff.server.store.EventsDatabase;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Cron triggers: a {@link CronScheduler} stores each tick's event in the embedded log (stream
 * {@code cron:<name>}), and a {@link TriggerRunner} delivers them to the sink function with the
 * broker's default delivery (retries, dead letters). Blocking; callers run it off the event loop.
 */
public final class CronService implements AutoCloseable {
    private final EventingResources resources;
    private final SqliteEventLog log;
    private final CronTicks ticks;
    private final CronScheduler scheduler;
    private final TriggerRunner.Parts parts;
    private final Predicate<String> functionExists;
    private final Clock clock;
    private final Map<String, CronTrigger> crons = new ConcurrentHashMap<>();
    private final Map<String, TriggerRunner> runners = new ConcurrentHashMap<>();

    /** Cron triggers kept in {@code db}, their ticks in the embedded {@code log}, time from {@code clock}. */
    public CronService(EventsDatabase db, SqliteEventLog log, FunctionCaller caller, Predicate<String> functionExists,
                       Clock clock) {
        this.resources = new EventingResources(db);
        this.log = log;
        this.ticks = new SqliteCronTicks(db, log);
        this.scheduler = new CronScheduler(clock, ticks);
        this.parts = new TriggerRunner.Parts(log, new DeliveryState(db), new DeadLetters(db), caller::post);
        this.functionExists = functionExists;
        this.clock = clock;
    }

    /** Loads the stored cron triggers, delivers what was pending, and starts the clock. */
    public void start() {
        for (CronTrigger cron : resources.all(CronTrigger.KIND, CronTrigger.class)) {
            crons.put(cron.name(), cron);
            run(cron);
        }
        scheduler.start();
    }

    /** Creates a cron trigger; 400 for a bad schedule, zone or sink, 409 if it exists. */
    public CronTrigger create(CronTrigger request) {
        ObjectMeta meta = request.metadata() == null ? ObjectMeta.named(null) : request.metadata();
        CronTrigger cron = new CronTrigger(BrokerService.apiVersion(request), BrokerService.orDefault(request.kind(), CronTrigger.KIND),
                meta.withServerFields(1, Instant.now().toString()), EventingDefaults.cron(request.spec()), null);
        EventingValidation.check(CronSchedule.validate(cron, clock.instant()));
        if (!functionExists.test(cron.spec().sink().function())) {
            throw ValidationException.of("spec.sink.function", "function '" + cron.spec().sink().function()
                    + "' does not exist; deploy it first");
        }
        if (!resources.insert(cron)) {
            throw new SkiffException(ErrorCode.ALREADY_EXISTS, "cron trigger '" + cron.name() + "' already exists");
        }
        log.register(SqliteCronTicks.stream(cron.name()), consumer(cron.name()));
        crons.put(cron.name(), cron);
        run(cron);
        return withStatus(cron);
    }

    /** Every cron trigger with its last and next tick. */
    public List<CronTrigger> list() {
        return crons.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).map(this::withStatus).toList();
    }

    /** One cron trigger; 404 if there is none. */
    public CronTrigger get(String name) {
        CronTrigger cron = crons.get(name);
        if (cron == null) {
            throw BrokerService.notFound("cron trigger", name);
        }
        return withStatus(cron);
    }

    /** Deletes a cron trigger: no more ticks, and ticks not yet delivered are dropped. */
    public CronTrigger delete(String name) {
        CronTrigger cron = get(name);
        scheduler.remove(name);
        TriggerRunner runner = runners.remove(name);
        if (runner != null) {
            runner.stop();
        }
        resources.delete(CronTrigger.KIND, name);
        crons.remove(name);
        log.unregister(SqliteCronTicks.stream(name), consumer(name));
        parts.state().forgetAll(consumer(name));
        log.deleteStream(SqliteCronTicks.stream(name));
        ticks.forget(name);
        return cron;
    }

    private void run(CronTrigger cron) {
        TriggerRunner runner = new TriggerRunner(new TriggerRunner.Plan(consumer(cron.name()),
                SqliteCronTicks.stream(cron.name()), List.of(), cron.spec().sink().function(),
                EventingDefaults.delivery(null, null), false), parts);
        runners.put(cron.name(), runner);
        runner.start();
        scheduler.add(cron);
    }

    private CronTrigger withStatus(CronTrigger cron) {
        String last = ticks.lastTick(cron.name()).map(Instant::toString).orElse(null);
        String next = scheduler.nextTick(cron.name()).map(Instant::toString).orElse(null);
        EventingStatus ready = EventingStatus.ready(null, Instant.now().toString());
        return cron.withStatus(new EventingStatus(ready.conditions(), null, last, next));
    }

    /** Cron consumers are named apart from triggers, which may share a name with a cron trigger. */
    private static String consumer(String name) {
        return "cron:" + name;
    }

    @Override
    public void close() {
        scheduler.close();
        runners.values().forEach(TriggerRunner::stop);
        runners.clear();
    }
}
