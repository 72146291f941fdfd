package dev.skiff.server.events;

import dev.skiff.api.CronTrigger;
import dev.skiff.api.EventingDefaults;
import dev.skiff.api.EventingStatus;
import dev.skiff.api.EventingValidation;
import dev.skiff.api.Namespaces;
import dev.skiff.api.Quote;
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
 * {@code cron:<key>}), and a {@link TriggerRunner} delivers them to the sink function with the
 * broker's default delivery (retries, dead letters). Each lives in a namespace, held by its key as a
 * trigger is ({@link BrokerService}), and its sink is the function of that name in its namespace.
 * Blocking; callers run it off the event loop.
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
            crons.put(BrokerService.key(cron), cron);
            run(cron);
        }
        scheduler.start();
    }

    /** Creates a cron trigger in {@code namespace}; 400 for a bad schedule, zone or sink, 409 if it exists. */
    public CronTrigger create(String namespace, CronTrigger request) {
        CronTrigger cron = new CronTrigger(BrokerService.apiVersion(request), BrokerService.orDefault(request.kind(), CronTrigger.KIND),
                BrokerService.meta(namespace, request), EventingDefaults.cron(request.spec()), null);
        EventingValidation.check(CronSchedule.validate(cron, clock.instant()));
        String sink = cron.spec().sink().function();
        if (sink.indexOf('.') >= 0 || !functionExists.test(Namespaces.key(namespace, sink))) {
            throw ValidationException.of("spec.sink.function", "function " + Quote.value(sink) + " does not exist"
                    + (Namespaces.DEFAULT.equals(namespace) ? "" : " in the namespace " + namespace) + "; deploy it first");
        }
        String key = BrokerService.key(cron);
        if (!resources.insert(key, cron)) {
            throw new SkiffException(ErrorCode.ALREADY_EXISTS, "cron trigger '" + cron.name() + "' already exists");
        }
        log.register(SqliteCronTicks.stream(key), consumer(key));
        crons.put(key, cron);
        run(cron);
        return withStatus(cron);
    }

    /** Every cron trigger of {@code namespace} with its last and next tick. */
    public List<CronTrigger> list(String namespace) {
        return crons.values().stream().filter(cron -> BrokerService.namespace(cron).equals(namespace))
                .sorted((a, b) -> a.name().compareTo(b.name())).map(this::withStatus).toList();
    }

    /** One cron trigger of {@code namespace}; 404 if there is none. */
    public CronTrigger get(String namespace, String name) {
        CronTrigger cron = crons.get(Namespaces.key(namespace, name));
        if (cron == null) {
            throw BrokerService.notFound("cron trigger", name);
        }
        return withStatus(cron);
    }

    /** Deletes a cron trigger: no more ticks, and ticks not yet delivered are dropped. */
    public CronTrigger delete(String namespace, String name) {
        CronTrigger cron = get(namespace, name);
        String key = BrokerService.key(cron);
        scheduler.remove(key);
        TriggerRunner runner = runners.remove(key);
        if (runner != null) {
            runner.stop();
        }
        resources.delete(CronTrigger.KIND, key);
        crons.remove(key);
        log.unregister(SqliteCronTicks.stream(key), consumer(key));
        parts.state().forgetAll(consumer(key));
        log.deleteStream(SqliteCronTicks.stream(key));
        ticks.forget(key);
        return cron;
    }

    /** Deletes every cron trigger of {@code namespace}. */
    public void deleteAll(String namespace) {
        list(namespace).forEach(cron -> delete(namespace, cron.name()));
    }

    private void run(CronTrigger cron) {
        String key = BrokerService.key(cron);
        TriggerRunner runner = new TriggerRunner(new TriggerRunner.Plan(consumer(key),
                SqliteCronTicks.stream(key), List.of(), Namespaces.key(BrokerService.namespace(cron), cron.spec().sink().function()),
                EventingDefaults.delivery(null, null), false), parts);
        runners.put(key, runner);
        runner.start();
        scheduler.add(cron);
    }

    private CronTrigger withStatus(CronTrigger cron) {
        String key = BrokerService.key(cron);
        String last = ticks.lastTick(key).map(Instant::toString).orElse(null);
        String next = scheduler.nextTick(key).map(Instant::toString).orElse(null);
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
