package dev.skiff.server.events;

import dev.skiff.server.activations.Activations;
import dev.skiff.server.activations.ActivationsApi;
import dev.skiff.server.activations.AsyncInvoker;
import dev.skiff.server.http.Gateway;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires events, cron triggers, asynchronous invocation and activation records into the server:
 * which event log serves brokers and topics (the embedded one, or Kafka), the services over it, and
 * their HTTP API. The server calls {@link #start} once the functions are restored.
 */
public final class EventingSystem implements AutoCloseable {
    /** The broker a function's {@code K_SINK} names. */
    public static final String DEFAULT_BROKER = "default";
    private static final Logger LOG = LoggerFactory.getLogger(EventingSystem.class);
    private static final long PRUNE_MILLIS = 30_000;
    private final Vertx vertx;
    private final SqliteEventLog embedded;
    private final EventLog brokersLog;
    private final EventingService events;
    private final CronService crons;
    private final AsyncInvoker async;
    private final Activations activations;
    private final Predicate<String> functionExists;
    private final String baseUrl;
    private long pruneTimer = -1;

    /** The parts over {@code db}, invoking through {@code gateway}. */
    public EventingSystem(Vertx vertx, Gateway gateway, EventsDatabase db, Predicate<String> functionExists,
                          String baseUrl, EventsConfig config) {
        this.vertx = vertx;
        this.functionExists = functionExists;
        this.baseUrl = baseUrl;
        FunctionCaller caller = new FunctionCaller(vertx, gateway);
        this.embedded = new SqliteEventLog(db);
        this.brokersLog = config.kafka() == null ? embedded : new KafkaEventLog(config.kafka());
        this.events = new EventingService(db, brokersLog, caller, functionExists, baseUrl);
        this.crons = new CronService(db, embedded, caller, functionExists, config.clock());
        this.async = new AsyncInvoker(db, caller);
        this.activations = new Activations(db);
    }

    /** What every function's processes get: the default broker's URL, as Knative's {@code K_SINK}. */
    public Map<String, String> functionEnv() {
        String broker = baseUrl + "/brokers/" + DEFAULT_BROKER + "/events";
        return Map.of("K_SINK", broker, "SKIFF_BROKER_URL", broker, "SKIFF_URL", baseUrl);
    }

    /** Adds the events' and activations' routes. */
    public void mount(Router router) {
        new EventsApi(events, crons).mount(router);
        new ActivationsApi(async, activations, functionExists).mount(router);
    }

    /** Starts delivering: triggers from their positions, cron ticks, queued asynchronous calls. */
    public void start() {
        events.start();
        crons.start();
        async.start();
        pruneTimer = vertx.setPeriodic(PRUNE_MILLIS, id -> Thread.ofPlatform().daemon().name("skiff-events-prune").start(() -> {
            try {
                embedded.prune();
            } catch (RuntimeException e) {
                LOG.warn("pruning delivered events failed: {}", e.getMessage());
            }
        }));
    }

    /** Stops delivering; what was accepted and not yet delivered is delivered after the next start. */
    @Override
    public void close() {
        if (pruneTimer >= 0) {
            vertx.cancelTimer(pruneTimer);
        }
        events.close();
        crons.close();
        async.close();
        if (brokersLog != embedded) {
            brokersLog.close();
        }
        embedded.close();
    }
}
