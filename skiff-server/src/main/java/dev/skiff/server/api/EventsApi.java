package dev.skiff.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Broker;
import dev.skiff.api.CronTrigger;
import dev.skiff.api.Documents;
import dev.skiff.api.Namespaces;
import dev.skiff.api.Quote;
import dev.skiff.api.Topic;
import dev.skiff.api.Trigger;
import dev.skiff.server.errors.ErrorCode;
import dev.skiff.server.errors.Errors;
import dev.skiff.server.errors.SkiffException;
import dev.skiff.server.events.BrokerService;
import dev.skiff.server.events.CloudEventCodec;
import dev.skiff.server.events.CronService;
import dev.skiff.server.events.DeadLetters;
import io.cloudevents.CloudEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiPredicate;

/**
 * The events' HTTP API (docs/api.md): the brokers' ingress {@code POST /brokers/{key}/events}, the
 * function endpoint's {@code POST /sink/NS/KEY/brokers/{name}/events}, and under {@code /api/v1}
 * brokers, topics and their messages, triggers, cron triggers and dead letters, each in the
 * request's namespace ({@link NamespacePaths}).
 */
public final class EventsApi {
    private final BrokerService events;
    private final CronService crons;
    private final BiPredicate<String, String> sinkKey;

    /** An API over these services; {@code sinkKey} says whether a key is a namespace's sink key. */
    public EventsApi(BrokerService events, CronService crons, BiPredicate<String, String> sinkKey) {
        this.events = events;
        this.crons = crons;
        this.sinkKey = sinkKey;
    }

    /** {@code POST /api/v1/brokers}: creates a broker. */
    public void createBroker(RoutingContext ctx) {
        Blocking.reply(ctx, 201, () -> events.createBroker(NamespacePaths.of(ctx), read(ctx, Broker.class)));
    }

    /** {@code GET /api/v1/brokers}: lists the brokers. */
    public void brokers(RoutingContext ctx) {
        Blocking.reply(ctx, 200, () -> Map.of("items", events.brokers(NamespacePaths.of(ctx))));
    }

    /** {@code GET /api/v1/brokers/:name}: answers the broker. */
    public void broker(RoutingContext ctx) {
        Blocking.reply(ctx, 200, () -> events.broker(NamespacePaths.of(ctx), name(ctx, "broker")));
    }

    /** {@code DELETE /api/v1/brokers/:name}: deletes the broker. */
    public void deleteBroker(RoutingContext ctx) {
        Blocking.reply(ctx, 200, () -> events.deleteBroker(NamespacePaths.of(ctx), name(ctx, "broker")));
    }

    /** {@code POST /api/v1/topics}: creates a topic. */
    public void createTopic(RoutingContext ctx) {
        Blocking.reply(ctx, 201, () -> events.createTopic(NamespacePaths.of(ctx), read(ctx, Topic.class)));
    }

    /** {@code GET /api/v1/topics}: lists the topics. */
    public void topics(RoutingContext ctx) {
        Blocking.reply(ctx, 200, () -> Map.of("items", events.topics(NamespacePaths.of(ctx))));
    }

    /** {@code DELETE /api/v1/topics/:name}: deletes the topic. */
    public void deleteTopic(RoutingContext ctx) {
        Blocking.reply(ctx, 200, () -> events.deleteTopic(NamespacePaths.of(ctx), name(ctx, "topic")));
    }

    /** {@code POST /api/v1/triggers}: creates a trigger. */
    public void createTrigger(RoutingContext ctx) {
        Blocking.reply(ctx, 201, () -> events.createTrigger(NamespacePaths.of(ctx), read(ctx, Trigger.class)));
    }

    /** {@code GET /api/v1/triggers}: lists the triggers. */
    public void triggers(RoutingContext ctx) {
        Blocking.reply(ctx, 200, () -> Map.of("items", events.triggers(NamespacePaths.of(ctx))));
    }

    /** {@code DELETE /api/v1/triggers/:name}: deletes the trigger. */
    public void deleteTrigger(RoutingContext ctx) {
        Blocking.reply(ctx, 200, () -> events.deleteTrigger(NamespacePaths.of(ctx), name(ctx, "trigger")));
    }

    /** {@code POST /api/v1/crontriggers}: creates a cron trigger. */
    public void createCronTrigger(RoutingContext ctx) {
        Blocking.reply(ctx, 201, () -> crons.create(NamespacePaths.of(ctx), read(ctx, CronTrigger.class)));
    }

    /** {@code GET /api/v1/crontriggers}: lists the cron triggers. */
    public void cronTriggers(RoutingContext ctx) {
        Blocking.reply(ctx, 200, () -> Map.of("items", crons.list(NamespacePaths.of(ctx))));
    }

    /** {@code GET /api/v1/crontriggers/:name}: answers the cron trigger. */
    public void cronTrigger(RoutingContext ctx) {
        Blocking.reply(ctx, 200, () -> crons.get(NamespacePaths.of(ctx), name(ctx, "cron trigger")));
    }

    /** {@code DELETE /api/v1/crontriggers/:name}: deletes the cron trigger. */
    public void deleteCronTrigger(RoutingContext ctx) {
        Blocking.reply(ctx, 200, () -> crons.delete(NamespacePaths.of(ctx), name(ctx, "cron trigger")));
    }

    /** {@code GET /api/v1/deadletters}: lists the dead letters, of one trigger with {@code ?trigger=}. */
    public void deadLetters(RoutingContext ctx) {
        Blocking.reply(ctx, 200, () -> Map.of("items",
                events.deadLetters(NamespacePaths.of(ctx), triggerParam(ctx)).stream().map(EventsApi::view).toList()));
    }

    /** {@code POST /api/v1/deadletters/:id/replay}: sends one dead letter again. */
    public void replay(RoutingContext ctx) {
        Blocking.reply(ctx, 200, () -> view(events.replay(NamespacePaths.of(ctx), id(ctx))));
    }

    /** {@code POST /api/v1/deadletters/replay}: sends every dead letter again, of one trigger with {@code ?trigger=}. */
    public void replayAll(RoutingContext ctx) {
        Blocking.reply(ctx, 200, () -> replayAll(NamespacePaths.of(ctx), triggerParam(ctx)));
    }

    /**
     * Before the checks of {@code POST /brokers/{key}/events}: the request's namespace is the one its
     * broker's key names ({@code orders.team-a}), so a token reaching other namespaces is refused.
     */
    public static void namespaceFromKey(RoutingContext ctx) {
        String key = ctx.pathParam("name");
        NamespacePaths.set(ctx, Namespaces.namespaceOf(key == null ? "" : key));
        ctx.next();
    }

    /** {@code POST /brokers/{key}/events}: accepts a CloudEvent into the broker of that key. */
    public void ingress(RoutingContext ctx) {
        accept(ctx, ctx.pathParam("name"));
    }

    /**
     * {@code POST /sink/NS/KEY/brokers/{name}/events} on the function endpoint: accepts a CloudEvent
     * into the broker {@code name} of {@code NS} when {@code KEY} is that namespace's sink key (the one
     * in its functions' {@code K_SINK}); 403 otherwise, so a function reaches its own namespace only.
     */
    public void sinkIngress(RoutingContext ctx) {
        String namespace = ctx.pathParam("namespace");
        if (!sinkKey.test(namespace, ctx.pathParam("key"))) {
            Errors.write(ctx.response(), new SkiffException(ErrorCode.FORBIDDEN, "this is not the sink key of the namespace "
                    + Quote.value(namespace) + "; a function posts events to the URL in its K_SINK, into its own namespace"));
            return;
        }
        String name = ctx.pathParam("name");
        if (name.indexOf('.') >= 0) {
            Errors.write(ctx.response(), new SkiffException(ErrorCode.NOT_FOUND, "broker " + Quote.value(name) + " not found"));
            return;
        }
        accept(ctx, Namespaces.key(namespace, name));
    }

    private void accept(RoutingContext ctx, String brokerKey) {
        CloudEvent event;
        try {
            event = CloudEventCodec.fromHttp(ctx.request().headers(), Bodies.buffer(ctx));
        } catch (SkiffException e) {
            Errors.write(ctx.response(), e);
            return;
        }
        answerWhenStored(ctx, events.publish(brokerKey, event), Map.of("id", event.getId()));
    }

    /** {@code POST /api/v1/topics/{name}/messages}: appends a message to the topic. */
    public void publishToTopic(RoutingContext ctx) {
        byte[] data = Bodies.buffer(ctx).getBytes();
        CompletableFuture<Map<String, Object>> stored = events.publishToTopic(NamespacePaths.of(ctx), name(ctx, "topic"), data,
                ctx.request().getHeader("Content-Type")).thenApply(id -> Map.of("id", id));
        Context context = Vertx.currentContext();
        stored.whenComplete((body, failure) -> context.runOnContext(v -> {
            if (failure != null) {
                Errors.write(ctx.response(), unwrap(failure));
            } else {
                Json.write(ctx.response(), 202, body);
            }
        }));
    }

    /** Answers 202 once the event is durable, never before. */
    private static void answerWhenStored(RoutingContext ctx, CompletableFuture<Void> stored, Map<String, Object> body) {
        Context context = Vertx.currentContext();
        stored.whenComplete((v, failure) -> context.runOnContext(x -> {
            if (failure != null) {
                Errors.write(ctx.response(), unwrap(failure));
            } else {
                Json.write(ctx.response(), 202, body);
            }
        }));
    }

    private List<Map<String, Object>> replayAll(String namespace, String trigger) {
        if (trigger == null || trigger.isBlank()) {
            throw new SkiffException(ErrorCode.VALIDATION_FAILED, "name the trigger whose dead letters to replay: ?trigger=NAME");
        }
        List<Map<String, Object>> replayed = new ArrayList<>();
        for (DeadLetters.DeadLetter letter : events.deadLetters(namespace, trigger)) {
            replayed.add(view(events.replay(namespace, letter.id())));
        }
        return replayed;
    }

    /** The {@code ?trigger=} of a dead-letter route: a name of the request's namespace, or null. */
    private static String triggerParam(RoutingContext ctx) {
        String trigger = ctx.queryParams().get("trigger");
        return trigger == null ? null : NamespacePaths.name(ctx, trigger, "trigger");
    }

    static Throwable unwrap(Throwable failure) {
        return failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private static Map<String, Object> view(DeadLetters.DeadLetter letter) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", letter.id());
        view.put("trigger", Namespaces.nameOf(letter.trigger()));
        view.put("source", letter.stream());
        view.put("reason", letter.reason());
        view.put("attempts", letter.attempts());
        view.put("created", letter.created());
        try {
            JsonNode event = Documents.json().readTree(CloudEventCodec.toShownJson(letter.event()));
            view.put("event", event);
        } catch (IOException e) {
            view.put("event", letter.event().getId());
        }
        return view;
    }

    private static <T> T read(RoutingContext ctx, Class<T> type) {
        return Documents.read(Bodies.text(ctx), type);
    }

    /** The path's {@code name}, of a {@code kind} in the request's namespace (404 for another's key). */
    private static String name(RoutingContext ctx, String kind) {
        return NamespacePaths.name(ctx, ctx.pathParam("name"), kind);
    }

    private static long id(RoutingContext ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new SkiffException(ErrorCode.VALIDATION_FAILED, "a dead letter's id is a number; got " + Quote.value(ctx.pathParam("id")));
        }
    }

}
