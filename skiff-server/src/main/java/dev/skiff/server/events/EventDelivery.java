package dev.skiff.server.events;

import dev.skiff.api.DeliverySpec;
import dev.skiff.api.EventingDefaults;
import dev.skiff.server.dataplane.FunctionCaller;
import dev.skiff.server.dataplane.InternalHeaders;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One event's delivery for a trigger, asynchronous from start to end: a try; on a retryable failure
 * the count of failed tries is stored (so a restart resumes it) and the next try follows the
 * backoff; after the last retry, or a failure that is not retried, the event goes to the
 * dead-letter sink or store. Each step runs on the thread that completed the one before (an event
 * loop, the database's writer, the backoff timer) and never blocks. Its steps follow one another,
 * so its own state needs no lock; several deliveries of one trigger run side by side.
 */
final class EventDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(EventDelivery.class);
    /** Knative retries these statuses (and failures to connect); any other non-2xx is final. */
    private static final Set<Integer> RETRYABLE = Set.of(404, 408, 409, 429);

    /** What the delivery tells its runner. */
    interface Listener {
        /** True once the runner stops: the delivery is abandoned where it is, and the event delivered again later. */
        boolean halted();

        /** The event was handled: delivered, or given up on and kept as a dead letter. */
        void finished(long position);

        /** The event can be neither delivered nor kept (the store failed): the runner must stop. */
        void broke(long position, Throwable cause);
    }

    private final TriggerRunner.Plan plan;
    private final TriggerRunner.Parts parts;
    private final Listener listener;
    private final EventLog.LogRecord record;
    private int failed;
    /** Whether the database may hold a count of this event's failed tries (resumed, or recorded here). */
    private boolean counted;

    /** A delivery of {@code record} whose first {@code alreadyFailed} tries failed before a restart. */
    EventDelivery(TriggerRunner.Plan plan, TriggerRunner.Parts parts, Listener listener, EventLog.LogRecord record,
                  int alreadyFailed) {
        this.plan = plan;
        this.parts = parts;
        this.listener = listener;
        this.record = record;
        this.failed = alreadyFailed;
        this.counted = alreadyFailed > 0;
    }

    /** Makes the first try; returns at once. */
    void start() {
        tryOnce();
    }

    private void tryOnce() {
        if (listener.halted()) {
            return;
        }
        send(plan.subscriber(), record.event()).thenAccept(answer -> step(() -> answered(answer)));
    }

    /** Runs a step; a step that throws (a bug) must not leave the event in flight for ever. */
    private void step(Runnable body) {
        try {
            body.run();
        } catch (RuntimeException e) {
            listener.broke(record.position(), e);
        }
    }

    private void answered(FunctionCaller.Answer answer) {
        if (listener.halted()) {
            return;
        }
        if (answer.succeeded()) {
            publishReply(answer).whenComplete((v, error) -> step(() -> {
                if (error != null) {
                    listener.broke(record.position(), error);
                } else {
                    done();
                }
            }));
            return;
        }
        failed++;
        DeliverySpec delivery = plan.delivery();
        String reason = reason(answer);
        boolean retryable = answer.error() != null || answer.status() >= 500 || RETRYABLE.contains(answer.status());
        if (!retryable || failed > delivery.retry()) {
            deadLetter(answer.status(), reason);
            return;
        }
        Duration backoff = EventingDefaults.backoff(delivery, failed);
        counted = true;
        parts.state().recordFailedTries(plan.name(), record.position(), failed).whenComplete((rows, error) -> {
            if (error != null) {
                LOG.warn("trigger {}: cannot record the failed tries of event {}: {}", plan.name(), record.event().getId(),
                        error.getMessage());
            }
            after(backoff).execute(() -> step(this::tryOnce));
        });
    }

    private CompletableFuture<Void> publishReply(FunctionCaller.Answer answer) {
        if (!plan.publishReplies()) {
            return CompletableFuture.completedFuture(null);
        }
        Optional<CloudEvent> reply;
        try {
            reply = CloudEventCodec.reply(answer.headers(), answer.body());
        } catch (RuntimeException e) {
            LOG.warn("trigger {}: {}'s reply looks like a CloudEvent but is not one: {}", plan.name(), plan.subscriber(),
                    e.getMessage());
            return CompletableFuture.completedFuture(null);
        }
        return reply.map(event -> parts.log().append(plan.stream(), event, null)).orElse(CompletableFuture.completedFuture(null));
    }

    private void deadLetter(int status, String why) {
        DeliverySpec delivery = plan.delivery();
        if (delivery.deadLetterSink() == null) {
            store(why);
            return;
        }
        String sink = delivery.deadLetterSink().function();
        CloudEvent annotated = CloudEventBuilder.from(record.event())
                .withExtension("knativeerrordest", "function/" + plan.subscriber())
                .withExtension("knativeerrorcode", Integer.toString(status))
                .build();
        send(sink, annotated).thenAccept(answer -> step(() -> {
            if (listener.halted()) {
                return;
            }
            if (answer.succeeded()) {
                LOG.info("trigger {}: event {} sent to the dead-letter sink {} after {} tries: {}", plan.name(),
                        record.event().getId(), sink, failed, why);
                done();
            } else {
                store(why + "; the dead-letter sink " + sink + " failed too: " + reason(answer));
            }
        }));
    }

    private void store(String reason) {
        CompletableFuture<Integer> stored = parts.deadLetters().add(plan.name(), plan.stream(), record.event(), reason, failed);
        stored.whenComplete((rows, error) -> step(() -> {
            if (error != null) {
                listener.broke(record.position(), error);
                return;
            }
            LOG.info("trigger {}: event {} kept in the dead-letter store after {} tries: {}", plan.name(),
                    record.event().getId(), failed, reason);
            done();
        }));
    }

    private void done() {
        if (counted) {
            parts.state().forget(plan.name(), record.position());
        }
        listener.finished(record.position());
    }

    /** Sends the event as a binary-mode CloudEvent; a failure to even send becomes a retryable answer. */
    private CompletableFuture<FunctionCaller.Answer> send(String function, CloudEvent event) {
        try {
            MultiMap headers = MultiMap.caseInsensitiveMultiMap();
            Buffer body = CloudEventCodec.toBinary(event, headers);
            headers.set(InternalHeaders.TRIGGER, plan.name());
            return parts.caller().post(function, headers, body)
                    .exceptionally(EventDelivery::unsent);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(unsent(e));
        }
    }

    private static FunctionCaller.Answer unsent(Throwable cause) {
        String message = "the delivery could not be sent: " + cause;
        return new FunctionCaller.Answer(500, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer(message), message);
    }

    /** Runs tasks on the timer's thread once {@code delay} has passed. */
    private static Executor after(Duration delay) {
        return CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS, Runnable::run);
    }

    private static String reason(FunctionCaller.Answer answer) {
        String body = answer.body() == null ? "" : answer.body().toString();
        if (body.length() > 500) {
            body = body.substring(0, 500) + "...";
        }
        return answer.status() + (body.isBlank() ? "" : " " + body.strip());
    }
}
