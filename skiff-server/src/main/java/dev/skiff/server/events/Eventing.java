package dev.skiff.server.events;

import dev.skiff.server.dataplane.FunctionCaller;
import dev.skiff.server.store.EventsDatabase;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events side of the server, started and stopped as one: which event log serves brokers and
 * topics (the embedded one, or Kafka), the {@link BrokerService} and {@link CronService} over it,
 * and the pruning of delivered events. The server calls {@link #start} once the functions are restored.
 */
public final class Eventing implements AutoCloseable {
    /** The broker a function's {@code K_SINK} names, in the function's namespace. */
    public static final String DEFAULT_BROKER = "default";
    private static final Logger LOG = LoggerFactory.getLogger(Eventing.class);
    private static final long PRUNE_MILLIS = 30_000;
    private final Vertx vertx;
    private final SqliteEventLog embedded;
    private final EventLog brokersLog;
    private final BrokerService brokers;
    private final CronService crons;
    private final String baseUrl;
    private final String functionsUrl;
    private final SinkKeys sinkKeys = SinkKeys.random();
    private long pruneTimer = -1;

    /** The events' parts over {@code db}, calling functions through {@code caller}. */
    public Eventing(Vertx vertx, FunctionCaller caller, EventsDatabase db, Predicate<String> functionExists,
                    String baseUrl, String functionsUrl, EventsConfig config) {
        this.functionsUrl = functionsUrl;
        this.vertx = vertx;
        this.baseUrl = baseUrl;
        this.embedded = new SqliteEventLog(db);
        this.brokersLog = config.kafka() == null ? embedded : new KafkaEventLog(config.kafka());
        this.brokers = new BrokerService(db, brokersLog, caller, functionExists, baseUrl);
        this.crons = new CronService(db, embedded, caller, functionExists, config.clock());
    }

    /** Brokers, topics, triggers and dead letters. */
    public BrokerService brokers() {
        return brokers;
    }

    /** Cron triggers. */
    public CronService crons() {
        return crons;
    }

    /**
     * What the processes of every function in {@code namespace} get: Skiff's URL as functions reach it
     * (the function endpoint) and, as Knative's {@code K_SINK}, the ingress there of their namespace's
     * {@code default} broker, whose path carries the namespace's key ({@link #sinkPath}).
     */
    public Map<String, String> functionEnv(String namespace) {
        String broker = functionsUrl + sinkPath(namespace, DEFAULT_BROKER);
        return Map.of("K_SINK", broker, "SKIFF_BROKER_URL", broker, "SKIFF_URL", functionsUrl);
    }

    /**
     * The function endpoint's path to the ingress of {@code namespace}'s broker {@code broker}:
     * {@code /sink/NS/KEY/brokers/NAME/events}. Functions of a namespace are told its key; without
     * it the function endpoint takes no event, so a function posts into its own namespace's brokers only.
     */
    public String sinkPath(String namespace, String broker) {
        return "/sink/" + namespace + "/" + sinkKeys.key(namespace) + "/brokers/" + broker + "/events";
    }

    /** True when {@code key} is {@code namespace}'s sink key. */
    public boolean sinkKeyMatches(String namespace, String key) {
        return sinkKeys.matches(namespace, key);
    }

    /** What {@code namespace} holds: its triggers, brokers, topics and cron triggers ({@code trigger orders}). */
    public List<String> held(String namespace) {
        List<String> held = new ArrayList<>(brokers.held(namespace));
        crons.list(namespace).forEach(cron -> held.add("cron trigger " + cron.name()));
        return held;
    }

    /** Deletes everything {@code namespace} holds here: its cron triggers, triggers, brokers and topics. */
    public void deleteAll(String namespace) {
        crons.deleteAll(namespace);
        brokers.deleteAll(namespace);
    }

    /** Starts delivering: triggers from their positions and cron ticks; delivered events are pruned every 30 s. */
    public void start() {
        brokers.start();
        crons.start();
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
        brokers.close();
        crons.close();
        if (brokersLog != embedded) {
            brokersLog.close();
        }
        embedded.close();
    }
}
