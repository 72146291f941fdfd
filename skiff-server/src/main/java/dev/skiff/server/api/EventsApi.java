package dev.skiff.server.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Broker;
import dev.skiff.api.CronTrigger;
import dev.skiff.api.Documents;
import dev.skiff.api.Topic;
import dev.skiff.api.Trigger;
import dev.skiff.server.ErrorCode;
import dev.skiff.server.SkiffException;
import dev.skiff.server.http.Blocking;
import dev.skiff.server.http.Errors;
import dev.skiff.server.http.Json;
import io.cloudevents.CloudEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The events' HTTP API (docs/api.md): the brokers' ingress {@code POST /brokers/{name}/events}, and
 * under {@code /api/v1} brokers, topics and their messages, triggers, cron triggers and dead letters.
 */
public final class EventsApi {
    private final EventingService events;
    private final CronService crons;

    /** An API over these services. */
    public EventsApi(EventingService events, CronService crons) {
        this.events = events;
        this.crons = crons;
    }

    /** Adds the routes; the router must already read bodies. */
    public void mount(Router router) {
        router.post("/brokers/:name/events").handler(this::ingress);
        router.post("/api/v1/brokers").handler(ctx -> Blocking.reply(ctx, 201, () -> events.createBroker(read(ctx, Broker.class))));
        router.get("/api/v1/brokers").handler(ctx -> Blocking.reply(ctx, 200, () -> Map.of("items", events.brokers())));
        router.get("/api/v1/brokers/:name").handler(ctx -> Blocking.reply(ctx, 200, () -> events.broker(name(ctx))));
        router.delete("/api/v1/brokers/:name").handler(ctx -> Blocking.reply(ctx, 200, () -> events.deleteBroker(name(ctx))));
        router.post("/api/v1/topics").handler(ctx -> Blocking.reply(ctx, 201, () -> events.createTopic(read(ctx, Topic.class))));
        router.get("/api/v1/topics").handler(ctx -> Blocking.reply(ctx, 200, () -> Map.of("items", events.topics())));
        router.delete("/api/v1/topics/:name").handler(ctx -> Blocking.reply(ctx, 200, () -> events.deleteTopic(name(ctx))));
        router.post("/api/v1/topics/:name/messages").handler(this::publishToTopic);
        router.post("/api/v1/triggers").handler(ctx -> Blocking.reply(ctx, 201, () -> events.createTrigger(read(ctx, Trigger.class))));
        router.get("/api/v1/triggers").handler(ctx -> Blocking.reply(ctx, 200, () -> Map.of("items", events.triggers())));
        router.delete("/api/v1/triggers/:name").handler(ctx -> Blocking.reply(ctx, 200, () -> events.deleteTrigger(name(ctx))));
        router.post("/api/v1/crontriggers").handler(ctx -> Blocking.reply(ctx, 201, () -> crons.create(read(ctx, CronTrigger.class))));
        router.get("/api/v1/crontriggers").handler(ctx -> Blocking.reply(ctx, 200, () -> Map.of("items", crons.list())));
        router.get("/api/v1/crontriggers/:name").handler(ctx -> Blocking.reply(ctx, 200, () -> crons.get(name(ctx))));
        router.delete("/api/v1/crontriggers/:name").handler(ctx -> Blocking.reply(ctx, 200, () -> crons.delete(name(ctx))));
        router.get("/api/v1/deadletters").handler(ctx -> Blocking.reply(ctx, 200, () -> Map.of("items",
                events.deadLetters(ctx.queryParams().get("trigger")).stream().map(EventsApi::view).toList())));
        router.post("/api/v1/deadletters/:id/replay").handler(ctx -> Blocking.reply(ctx, 200, () -> view(events.replay(id(ctx)))));
        router.post("/api/v1/deadletters/replay").handler(ctx -> Blocking.reply(ctx, 200, () -> replayAll(ctx.queryParams().get("trigger"))));
    }

    private void ingress(RoutingContext ctx) {
        CloudEvent event;
        try {
            event = CloudEventCodec.fromHttp(ctx.request().headers(), ctx.body().buffer());
        } catch (SkiffException e) {
            Errors.write(ctx.response(), e);
            return;
        }
        answerWhenStored(ctx, events.publish(name(ctx), event), Map.of("id", event.getId()));
    }

    private void publishToTopic(RoutingContext ctx) {
        byte[] data = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        CompletableFuture<Map<String, Object>> stored = events.publishToTopic(name(ctx), data,
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

    private List<Map<String, Object>> replayAll(String trigger) {
        if (trigger == null || trigger.isBlank()) {
            throw new SkiffException(ErrorCode.VALIDATION_FAILED, "name the trigger whose dead letters to replay: ?trigger=NAME");
        }
        List<Map<String, Object>> replayed = new ArrayList<>();
        for (DeadLetters.DeadLetter letter : events.deadLetters(trigger)) {
            replayed.add(view(events.replay(letter.id())));
        }
        return replayed;
    }

    static Throwable unwrap(Throwable failure) {
        return failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private static Map<String, Object> view(DeadLetters.DeadLetter letter) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", letter.id());
        view.put("trigger", letter.trigger());
        view.put("source", letter.stream());
        view.put("reason", letter.reason());
        view.put("attempts", letter.attempts());
        view.put("created", letter.created());
        try {
            JsonNode event = Documents.json().readTree(CloudEventCodec.toJson(letter.event()));
            view.put("event", event);
        } catch (IOException e) {
            view.put("event", letter.event().getId());
        }
        return view;
    }

    private static <T> T read(RoutingContext ctx, Class<T> type) {
        return Documents.read(ctx.body().asString(), type);
    }

    private static String name(RoutingContext ctx) {
        return ctx.pathParam("name");
    }

    private static long id(RoutingContext ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new SkiffException(ErrorCode.VALIDATION_FAILED, "a dead letter's id is a number; got '" + ctx.pathParam("id") + "'");
        }
    }

}
