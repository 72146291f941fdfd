package dev.skiff.server.events;

import dev.skiff.api.Broker;
import dev.skiff.api.DeliverySpec;
import dev.skiff.api.EventingDefaults;
import dev.skiff.api.EventingResource;
import dev.skiff.api.EventingStatus;
import dev.skiff.api.EventingValidation;
import dev.skiff.api.Destination;
import dev.skiff.api.Namespaces;
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
 *
 * <p>Each lives in a namespace and is held by its key ({@link Namespaces}: {@code orders} in
 * {@code default}, {@code orders.team-a} elsewhere), as functions are. A trigger names its broker or
 * topic and its subscriber by name; they are looked up in the trigger's own namespace, so nothing of
 * one namespace can deliver to, or read from, another's.
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
     * @param functionExists whether a function of that key is deployed
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
            brokers.put(key(broker), broker);
        }
        for (Topic topic : resources.all(Topic.KIND, Topic.class)) {
            log.createStream(topicStream(key(topic)));
            topics.put(key(topic), topic);
        }
        for (Trigger trigger : resources.all(Trigger.KIND, Trigger.class)) {
            triggers.put(key(trigger), trigger);
            startRunner(trigger);
        }
    }

    /** The ingress URL of the broker keyed {@code key}. */
    public String brokerUrl(String key) {
        return baseUrl + "/brokers/" + key + "/events";
    }

    /** Creates a broker in {@code namespace}; 409 if it exists. */
    public Broker createBroker(String namespace, Broker request) {
        Broker broker = new Broker(apiVersion(request), orDefault(request.kind(), Broker.KIND), meta(namespace, request),
                request.spec() == null ? new Broker.BrokerSpec(null) : request.spec(), null);
        EventingValidation.check(EventingValidation.validate(broker, Broker.KIND, broker.spec().delivery()));
        log.createStream(stream(broker));
        insert(broker);
        brokers.put(key(broker), broker);
        return withStatus(broker);
    }

    /** Every broker of {@code namespace}. */
    public List<Broker> brokers(String namespace) {
        return in(brokers, namespace).stream().map(this::withStatus).toList();
    }

    /** One broker of {@code namespace}; 404 if there is none. */
    public Broker broker(String namespace, String name) {
        Broker broker = brokers.get(Namespaces.key(namespace, name));
        if (broker == null) {
            throw notFound("broker", name);
        }
        return withStatus(broker);
    }

    /** Deletes a broker and its events; 409 while triggers use it. */
    public Broker deleteBroker(String namespace, String name) {
        Broker broker = broker(namespace, name);
        String key = key(broker);
        refuseInUse("broker", name, t -> key.equals(brokerKey(t)));
        resources.delete(Broker.KIND, key);
        brokers.remove(key);
        log.deleteStream(stream(broker));
        return broker;
    }

    /** Creates a topic in {@code namespace}; 409 if it exists. */
    public Topic createTopic(String namespace, Topic request) {
        Topic topic = new Topic(apiVersion(request), orDefault(request.kind(), Topic.KIND), meta(namespace, request),
                request.spec() == null ? new Topic.TopicSpec(null) : request.spec(), null);
        EventingValidation.check(EventingValidation.validate(topic, Topic.KIND, topic.spec().delivery()));
        log.createStream(topicStream(key(topic)));
        insert(topic);
        topics.put(key(topic), topic);
        return topic.withStatus(EventingStatus.ready(null, Instant.now().toString()));
    }

    /** Every topic of {@code namespace}. */
    public List<Topic> topics(String namespace) {
        return in(topics, namespace);
    }

    /** Deletes a topic and its messages; 409 while triggers use it. */
    public Topic deleteTopic(String namespace, String name) {
        String key = Namespaces.key(namespace, name);
        Topic topic = topics.get(key);
        if (topic == null) {
            throw notFound("topic", name);
        }
        refuseInUse("topic", name, t -> key.equals(topicKey(t)));
        resources.delete(Topic.KIND, key);
        topics.remove(key);
        log.deleteStream(topicStream(key));
        return topic;
    }

    /** Creates a trigger in {@code namespace} and starts delivering what its broker or topic accepts from now on. */
    public Trigger createTrigger(String namespace, Trigger request) {
        Trigger trigger = new Trigger(apiVersion(request), orDefault(request.kind(), Trigger.KIND), meta(namespace, request),
                request.spec(), null);
        EventingValidation.check(EventingValidation.validate(trigger));
        Trigger.TriggerSpec spec = trigger.spec();
        DeliverySpec inherited;
        if (spec.broker() != null) {
            Broker broker = brokers.get(brokerKey(trigger));
            if (broker == null) {
                throw ValidationException.of("spec.broker", "broker '" + spec.broker() + "' does not exist; create it with 'skiff broker create "
                        + spec.broker() + "'");
            }
            inherited = broker.spec().delivery();
        } else {
            Topic topic = topics.get(topicKey(trigger));
            if (topic == null) {
                throw ValidationException.of("spec.topic", "topic '" + spec.topic() + "' does not exist; create it with 'skiff topic create "
                        + spec.topic() + "'");
            }
            inherited = topic.spec().delivery();
        }
        requireFunction(namespace, spec.subscriber().function(), "spec.subscriber.function");
        DeliverySpec delivery = EventingDefaults.delivery(spec.delivery(), inherited);
        if (delivery.deadLetterSink() != null) {
            requireFunction(namespace, delivery.deadLetterSink().function(), "spec.delivery.deadLetterSink.function");
        }
        Trigger stored = trigger.withSpec(new Trigger.TriggerSpec(spec.broker(), spec.topic(),
                spec.filters() == null ? List.of() : spec.filters(), spec.subscriber(), delivery));
        String key = key(stored);
        insert(stored);
        log.register(stream(stored), key);
        triggers.put(key, stored);
        startRunner(stored);
        return stored.withStatus(EventingStatus.ready(null, Instant.now().toString()));
    }

    /** Every trigger of {@code namespace}. */
    public List<Trigger> triggers(String namespace) {
        return in(triggers, namespace);
    }

    /** Deletes a trigger: it stops delivering, and its position and failed tries are forgotten. */
    public Trigger deleteTrigger(String namespace, String name) {
        String key = Namespaces.key(namespace, name);
        Trigger trigger = triggers.get(key);
        if (trigger == null) {
            throw notFound("trigger", name);
        }
        TriggerRunner runner = runners.remove(key);
        if (runner != null) {
            runner.stop();
        }
        resources.delete(Trigger.KIND, key);
        triggers.remove(key);
        log.unregister(stream(trigger), key);
        parts.state().forgetAll(key);
        return trigger;
    }

    /**
     * The keys of what {@code namespace} holds: its triggers, then its brokers and topics, the order
     * in which {@link #deleteAll} removes them.
     */
    public List<String> held(String namespace) {
        List<String> held = new java.util.ArrayList<>();
        in(triggers, namespace).forEach(t -> held.add("trigger " + t.name()));
        in(brokers, namespace).forEach(b -> held.add("broker " + b.name()));
        in(topics, namespace).forEach(t -> held.add("topic " + t.name()));
        return held;
    }

    /** Deletes every trigger, broker and topic of {@code namespace}, and the dead letters of its triggers. */
    public void deleteAll(String namespace) {
        in(triggers, namespace).forEach(t -> deleteTrigger(namespace, t.name()));
        in(brokers, namespace).forEach(b -> deleteBroker(namespace, b.name()));
        in(topics, namespace).forEach(t -> deleteTopic(namespace, t.name()));
        for (DeadLetters.DeadLetter letter : parts.deadLetters().list(null)) {
            if (Namespaces.namespaceOf(letter.trigger()).equals(namespace)) {
                parts.deadLetters().remove(letter.id());
            }
        }
    }

    /**
     * Accepts an event into the broker keyed {@code broker}; the future completes once it is
     * durable. 404 for no such broker.
     */
    public CompletableFuture<Void> publish(String broker, CloudEvent event) {
        if (!brokers.containsKey(broker)) {
            return CompletableFuture.failedFuture(notFound("broker", broker));
        }
        return log.append("broker:" + broker, event, null);
    }

    /**
     * Publishes a message to a topic of {@code namespace} as a CloudEvent carrying it as data;
     * answers the event's id once durable.
     */
    public CompletableFuture<String> publishToTopic(String namespace, String topic, byte[] data, String contentType) {
        String key = Namespaces.key(namespace, topic);
        if (!topics.containsKey(key)) {
            return CompletableFuture.failedFuture(notFound("topic", topic));
        }
        String id = UUID.randomUUID().toString();
        CloudEvent event = CloudEventBuilder.v1().withId(id).withType(TOPIC_MESSAGE_TYPE)
                .withSource(URI.create("/topics/" + key)).withTime(OffsetDateTime.now(ZoneOffset.UTC))
                .withDataContentType(contentType == null ? "application/octet-stream" : contentType)
                .withData(data).build();
        return log.append(topicStream(key), event, null).thenApply(v -> id);
    }

    /** Dead letters of {@code namespace}'s triggers: of one trigger, or (null) of all. */
    public List<DeadLetters.DeadLetter> deadLetters(String namespace, String trigger) {
        return parts.deadLetters().list(trigger == null ? null : Namespaces.key(namespace, trigger)).stream()
                .filter(letter -> Namespaces.namespaceOf(letter.trigger()).equals(namespace)).toList();
    }

    /**
     * Sends a dead letter of {@code namespace} again to its trigger's subscriber only, after what the
     * trigger has pending, and removes it from the store; 404 if there is no such dead letter in the
     * namespace, 409 if its trigger is gone.
     */
    public DeadLetters.DeadLetter replay(String namespace, long id) {
        DeadLetters.DeadLetter letter = parts.deadLetters().get(id)
                .filter(found -> Namespaces.namespaceOf(found.trigger()).equals(namespace))
                .orElseThrow(() -> new SkiffException(ErrorCode.NOT_FOUND, "dead letter " + id + " not found"));
        if (!triggers.containsKey(letter.trigger())) {
            throw new SkiffException(ErrorCode.IN_USE, "dead letter " + id + "'s trigger '"
                    + Namespaces.nameOf(letter.trigger()) + "' no longer exists; nothing can replay it");
        }
        log.append(letter.stream(), letter.event(), letter.trigger()).join();
        parts.deadLetters().remove(id);
        return letter;
    }

    private void startRunner(Trigger trigger) {
        Trigger.TriggerSpec spec = trigger.spec();
        String namespace = namespace(trigger);
        DeliverySpec delivery = spec.delivery();
        if (delivery.deadLetterSink() != null) {
            delivery = new DeliverySpec(delivery.retry(), delivery.backoffPolicy(), delivery.backoffDelay(),
                    new Destination(Namespaces.key(namespace, delivery.deadLetterSink().function())), delivery.ordering(),
                    delivery.maxInFlight());
        }
        TriggerRunner runner = new TriggerRunner(new TriggerRunner.Plan(key(trigger), stream(trigger), spec.filters(),
                Namespaces.key(namespace, spec.subscriber().function()), delivery, spec.broker() != null), parts);
        runners.put(key(trigger), runner);
        runner.start();
    }

    /** The namespace a resource is in. */
    static String namespace(EventingResource resource) {
        return Namespaces.orDefault(resource.metadata().namespace());
    }

    /** The key a resource is held and stored by. */
    static String key(EventingResource resource) {
        return Namespaces.key(resource.metadata().namespace(), resource.name());
    }

    /** A namespace's resources of one kind, by name. */
    private static <T extends EventingResource> List<T> in(Map<String, T> byKey, String namespace) {
        return byKey.values().stream().filter(r -> namespace(r).equals(namespace))
                .sorted((a, b) -> a.name().compareTo(b.name())).toList();
    }

    private static String brokerKey(Trigger trigger) {
        return trigger.spec().broker() == null ? null : Namespaces.key(namespace(trigger), trigger.spec().broker());
    }

    private static String topicKey(Trigger trigger) {
        return trigger.spec().topic() == null ? null : Namespaces.key(namespace(trigger), trigger.spec().topic());
    }

    private static String stream(Broker broker) {
        return "broker:" + key(broker);
    }

    private static String topicStream(String key) {
        return "topic:" + key;
    }

    private static String stream(Trigger trigger) {
        return trigger.spec().broker() != null ? "broker:" + brokerKey(trigger) : topicStream(topicKey(trigger));
    }

    private Broker withStatus(Broker broker) {
        return broker.withStatus(EventingStatus.ready(brokerUrl(key(broker)), Instant.now().toString()));
    }

    private void insert(EventingResource resource) {
        if (!resources.insert(key(resource), resource)) {
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

    private void requireFunction(String namespace, String function, String field) {
        if (function != null && function.indexOf('.') >= 0 || !functionExists.test(Namespaces.key(namespace, function))) {
            throw ValidationException.of(field, "function " + Quote.value(function) + " does not exist"
                    + (Namespaces.DEFAULT.equals(namespace) ? "" : " in the namespace " + namespace) + "; deploy it first");
        }
    }

    /**
     * A resource's metadata as stored: in {@code namespace} (null for {@code default}, as before
     * namespaces), created now unless it says when. A document naming another namespace is refused (400).
     */
    static ObjectMeta meta(String namespace, EventingResource resource) {
        ObjectMeta meta = resource.metadata() == null ? ObjectMeta.named(null) : resource.metadata();
        if (meta.namespace() != null && !Namespaces.orDefault(meta.namespace()).equals(namespace)) {
            throw ValidationException.of("metadata.namespace", Quote.value(meta.namespace())
                    + " is not the namespace of the path (" + namespace + ")");
        }
        String kept = Namespaces.DEFAULT.equals(namespace) ? null : namespace;
        meta = new ObjectMeta(meta.name(), kept, meta.labels(), meta.annotations(), meta.generation(), meta.creationTimestamp());
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
