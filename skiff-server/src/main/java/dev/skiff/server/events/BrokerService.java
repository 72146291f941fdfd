package dev.skiff.server.events;

import dev.skiff.api.Broker;
import dev.skiff.api.DeliverySpec;
import dev.skiff.api.EventingDefaults;
import dev.skiff.api.EventingResource;
import dev.skiff.api.EventingStatus;
import dev.skiff.api.EventingValidation;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Quote;
import dev.skiff.api.Topic;
import dev.skiff.api.Trigger;
import dev.skiff.api.ValidationException;
import dev.skiff.server.dataplane.FunctionCaller;
import dev.skiff.server.errors.ErrorCode;
import dev.skiff.server.errors.SkiffException;
import dev.skiff.server.store.EventsDatabase;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Brokers, topics and triggers: creates and deletes them, accepts events into the event log, runs
 * one {@link TriggerRunner} per trigger, and keeps and replays dead letters. Blocking; callers run it
 * off the event loop, except {@link #publish}, which only queues.
 */
public final class BrokerService implements AutoCloseable {
    /** The CloudEvents type of a message published to a topic. */
    public static final String TOPIC_MESSAGE_TYPE = "dev.skiff.topic.message";
    private final EventingResources resources;
    private final EventLog log;
    private final TriggerRunner.Parts parts;
    private final Predicate<String> functionExists;
    private final String baseUrl;
    private final Map<String, Broker> brokers = new ConcurrentHashMap<>();
    private final Map<String, Topic> topics = new ConcurrentHashMap<>();
    private final Map<String, Trigger> triggers = new ConcurrentHashMap<>();
    private final Map<String, TriggerRunner> runners = new ConcurrentHashMap<>();

    /**
     * A service over these parts.
     *
     * @param db the events' database (resources, dead letters, retry counts)
     * @param log where brokers' and topics' events are kept (SQLite or Kafka)
     * @param caller how deliveries invoke functions
     * @param functionExists whether a function of that name is deployed
     * @param baseUrl the server's URL, which prefixes a broker's address
     */
    public BrokerService(EventsDatabase db, EventLog log, FunctionCaller caller, Predicate<String> functionExists,
                           String baseUrl) {
        this.resources = new EventingResources(db);
        this.log = log;
        this.parts = new TriggerRunner.Parts(log, new DeliveryState(db), new DeadLetters(db), caller::post);
        this.functionExists = functionExists;
        this.baseUrl = baseUrl;
    }

    /** Loads the stored resources and starts delivering every trigger from where it was. */
    public void start() {
        for (Broker broker : resources.all(Broker.KIND, Broker.class)) {
            log.createStream(stream(broker));
            brokers.put(broker.name(), broker);
        }
        for (Topic topic : resources.all(Topic.KIND, Topic.class)) {
            log.createStream("topic:" + topic.name());
            topics.put(topic.name(), topic);
        }
        for (Trigger trigger : resources.all(Trigger.KIND, Trigger.class)) {
            triggers.put(trigger.name(), trigger);
            startRunner(trigger);
        }
    }

    /** The broker's ingress URL. */
    public String brokerUrl(String name) {
        return baseUrl + "/brokers/" + name + "/events";
    }

    /** Creates a broker; 409 if it exists. */
    public Broker createBroker(Broker request) {
        Broker broker = new Broker(apiVersion(request), orDefault(request.kind(), Broker.KIND), meta(request), request.spec() == null
                ? new Broker.BrokerSpec(null) : request.spec(), null);
        EventingValidation.check(EventingValidation.validate(broker, Broker.KIND, broker.spec().delivery()));
        log.createStream(stream(broker));
        insert(broker);
        brokers.put(broker.name(), broker);
        return withStatus(broker);
    }

    /** Every broker. */
    public List<Broker> brokers() {
        return brokers.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).map(this::withStatus).toList();
    }

    /** One broker; 404 if there is none. */
    public Broker broker(String name) {
        Broker broker = brokers.get(name);
        if (broker == null) {
            throw notFound("broker", name);
        }
        return withStatus(broker);
    }

    /** Deletes a broker and its events; 409 while triggers use it. */
    public Broker deleteBroker(String name) {
        Broker broker = broker(name);
        refuseInUse("broker", name, t -> name.equals(t.spec().broker()));
        resources.delete(Broker.KIND, name);
        brokers.remove(name);
        log.deleteStream(stream(broker));
        return broker;
    }

    /** Creates a topic; 409 if it exists. */
    public Topic createTopic(Topic request) {
        Topic topic = new Topic(apiVersion(request), orDefault(request.kind(), Topic.KIND), meta(request),
                request.spec() == null ? new Topic.TopicSpec(null) : request.spec(), null);
        EventingValidation.check(EventingValidation.validate(topic, Topic.KIND, topic.spec().delivery()));
        log.createStream("topic:" + topic.name());
        insert(topic);
        topics.put(topic.name(), topic);
        return topic.withStatus(EventingStatus.ready(null, Instant.now().toString()));
    }

    /** Every topic. */
    public List<Topic> topics() {
        return topics.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
    }

    /** Deletes a topic and its messages; 409 while triggers use it. */
    public Topic deleteTopic(String name) {
        Topic topic = topics.get(name);
        if (topic == null) {
            throw notFound("topic", name);
        }
        refuseInUse("topic", name, t -> name.equals(t.spec().topic()));
        resources.delete(Topic.KIND, name);
        topics.remove(name);
        log.deleteStream("topic:" + name);
        return topic;
    }

    /** Creates a trigger and starts delivering what its broker or topic accepts from now on. */
    public Trigger createTrigger(Trigger request) {
        Trigger trigger = new Trigger(apiVersion(request), orDefault(request.kind(), Trigger.KIND), meta(request), request.spec(), null);
        EventingValidation.check(EventingValidation.validate(trigger));
        Trigger.TriggerSpec spec = trigger.spec();
        DeliverySpec inherited;
        if (spec.broker() != null) {
            Broker broker = brokers.get(spec.broker());
            if (broker == null) {
                throw ValidationException.of("spec.broker", "broker '" + spec.broker() + "' does not exist; create it with 'skiff broker create "
                        + spec.broker() + "'");
            }
            inherited = broker.spec().delivery();
        } else {
            Topic topic = topics.get(spec.topic());
            if (topic == null) {
                throw ValidationException.of("spec.topic", "topic '" + spec.topic() + "' does not exist; create it with 'skiff topic create "
                        + spec.topic() + "'");
            }
            inherited = topic.spec().delivery();
        }
        requireFunction(spec.subscriber().function(), "spec.subscriber.function");
        DeliverySpec delivery = EventingDefaults.delivery(spec.delivery(), inherited);
        if (delivery.deadLetterSink() != null) {
            requireFunction(delivery.deadLetterSink().function(), "spec.delivery.deadLetterSink.function");
        }
        Trigger stored = trigger.withSpec(new Trigger.TriggerSpec(spec.broker(), spec.topic(),
                spec.filters() == null ? List.of() : spec.filters(), spec.subscriber(), delivery));
        String stream = stream(stored);
        insert(stored);
        log.register(stream, stored.name());
        triggers.put(stored.name(), stored);
        startRunner(stored);
        return stored.withStatus(EventingStatus.ready(null, Instant.now().toString()));
    }

    /** Every trigger. */
    public List<Trigger> triggers() {
        return triggers.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
    }

    /** Deletes a trigger: it stops delivering, and its position and failed tries are forgotten. */
    public Trigger deleteTrigger(String name) {
        Trigger trigger = triggers.get(name);
        if (trigger == null) {
            throw notFound("trigger", name);
        }
        TriggerRunner runner = runners.remove(name);
        if (runner != null) {
            runner.stop();
        }
        resources.delete(Trigger.KIND, name);
        triggers.remove(name);
        log.unregister(stream(trigger), name);
        parts.state().forgetAll(name);
        return trigger;
    }

    /** Accepts an event into a broker; the future completes once it is durable. 404 for no such broker. */
    public CompletableFuture<Void> publish(String broker, CloudEvent event) {
        if (!brokers.containsKey(broker)) {
            return CompletableFuture.failedFuture(notFound("broker", broker));
        }
        return log.append("broker:" + broker, event, null);
    }

    /** Publishes a message to a topic as a CloudEvent carrying it as data; answers the event's id once durable. */
    public CompletableFuture<String> publishToTopic(String topic, byte[] data, String contentType) {
        if (!topics.containsKey(topic)) {
            return CompletableFuture.failedFuture(notFound("topic", topic));
        }
        String id = UUID.randomUUID().toString();
        CloudEvent event = CloudEventBuilder.v1().withId(id).withType(TOPIC_MESSAGE_TYPE)
                .withSource(URI.create("/topics/" + topic)).withTime(OffsetDateTime.now(ZoneOffset.UTC))
                .withDataContentType(contentType == null ? "application/octet-stream" : contentType)
                .withData(data).build();
        return log.append("topic:" + topic, event, null).thenApply(v -> id);
    }

    /** Dead letters of one trigger, or (null) of every trigger. */
    public List<DeadLetters.DeadLetter> deadLetters(String trigger) {
        return parts.deadLetters().list(trigger);
    }

    /**
     * Sends a dead letter again to its trigger's subscriber only, after what the trigger has
     * pending, and removes it from the store; 404 if there is no such dead letter, 409 if its trigger is gone.
     */
    public DeadLetters.DeadLetter replay(long id) {
        DeadLetters.DeadLetter letter = parts.deadLetters().get(id)
                .orElseThrow(() -> new SkiffException(ErrorCode.NOT_FOUND, "dead letter " + id + " not found"));
        if (!triggers.containsKey(letter.trigger())) {
            throw new SkiffException(ErrorCode.IN_USE, "dead letter " + id + "'s trigger '" + letter.trigger()
                    + "' no longer exists; nothing can replay it");
        }
        log.append(letter.stream(), letter.event(), letter.trigger()).join();
        parts.deadLetters().remove(id);
        return letter;
    }

    private void startRunner(Trigger trigger) {
        Trigger.TriggerSpec spec = trigger.spec();
        TriggerRunner runner = new TriggerRunner(new TriggerRunner.Plan(trigger.name(), stream(trigger), spec.filters(),
                spec.subscriber().function(), spec.delivery(), spec.broker() != null), parts);
        runners.put(trigger.name(), runner);
        runner.start();
    }

    private static String stream(Broker broker) {
        return "broker:" + broker.name();
    }

    private static String stream(Trigger trigger) {
        return trigger.spec().broker() != null ? "broker:" + trigger.spec().broker() : "topic:" + trigger.spec().topic();
    }

    private Broker withStatus(Broker broker) {
        return broker.withStatus(EventingStatus.ready(brokerUrl(broker.name()), Instant.now().toString()));
    }

    private void insert(EventingResource resource) {
        if (!resources.insert(resource)) {
            throw new SkiffException(ErrorCode.ALREADY_EXISTS, resource.kind().toLowerCase(java.util.Locale.ROOT) + " '"
                    + resource.name() + "' already exists");
        }
    }

    private void refuseInUse(String kind, String name, Predicate<Trigger> uses) {
        List<String> users = triggers.values().stream().filter(uses).map(Trigger::name).sorted().toList();
        if (!users.isEmpty()) {
            throw new SkiffException(ErrorCode.IN_USE, kind + " '" + name + "' is used by the triggers "
                    + String.join(", ", users) + "; delete them first");
        }
    }

    private void requireFunction(String function, String field) {
        if (!functionExists.test(function)) {
            throw ValidationException.of(field, "function '" + function + "' does not exist; deploy it first");
        }
    }

    private static ObjectMeta meta(EventingResource resource) {
        ObjectMeta meta = resource.metadata() == null ? ObjectMeta.named(null) : resource.metadata();
        return meta.withServerFields(1, meta.creationTimestamp() == null ? Instant.now().toString() : meta.creationTimestamp());
    }

    static String apiVersion(EventingResource resource) {
        return orDefault(resource.apiVersion(), dev.skiff.api.Function.API_VERSION);
    }

    static String orDefault(String value, String otherwise) {
        return value == null || value.isBlank() ? otherwise : value;
    }

    static SkiffException notFound(String kind, String name) {
        return new SkiffException(ErrorCode.NOT_FOUND, kind + " " + Quote.value(name) + " not found");
    }

    /** Stops every trigger's delivery; what is in flight is delivered again after a restart. */
    @Override
    public void close() {
        runners.values().forEach(TriggerRunner::stop);
        runners.clear();
    }
}
