package dev.skiff.server.events;

import dev.skiff.api.DeliverySpec;
import dev.skiff.api.EventingDefaults;
import dev.skiff.api.TriggerFilter;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one trigger's events, one at a time in the stream's order, on a platform thread of its
 * own: the events that pass the filters go to the subscriber; a failed try is retried after the
 * backoff, the count of failed tries kept in the database so that a restart resumes it; after the
 * last retry the event goes to the dead-letter sink or store. An event's position is committed only
 * once it was handled, so a killed server delivers it again (at least once).
 */
final class TriggerRunner {
    private static final Logger LOG = LoggerFactory.getLogger(TriggerRunner.class);
    /** Knative retries these statuses (and failures to connect); any other non-2xx is final. */
    private static final Set<Integer> RETRYABLE = Set.of(404, 408, 409, 429);
    private static final Duration POLL = Duration.ofSeconds(1);

    /**
     * What a runner delivers and how.
     *
     * @param name the trigger's name, also its consumer name in the log
     * @param stream the stream it reads ({@code broker:default})
     * @param filters every one must match
     * @param subscriber the function events go to
     * @param delivery the defaulted delivery spec
     * @param publishReplies whether a reply that is a CloudEvent goes back to the stream (brokers)
     */
    record Plan(String name, String stream, List<TriggerFilter> filters, String subscriber, DeliverySpec delivery,
                boolean publishReplies) {}

    /** Where the runner's work goes. */
    record Parts(EventLog log, DeliveryState state, DeadLetters deadLetters, FunctionCaller caller) {}

    private final Plan plan;
    private final Parts parts;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private Thread thread;

    TriggerRunner(Plan plan, Parts parts) {
        this.plan = plan;
        this.parts = parts;
    }

    /** Starts delivering from the trigger's committed position. */
    synchronized void start() {
        thread = Thread.ofPlatform().daemon().name("skiff-trigger-" + plan.name()).start(this::run);
    }

    /** Stops: an event being delivered is not committed and is delivered again by the next runner. */
    void stop() {
        stopped.countDown();
        Thread running;
        synchronized (this) {
            running = thread;
        }
        if (running != null) {
            running.interrupt();
            try {
                running.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private boolean stopping() {
        return stopped.getCount() == 0;
    }

    private void run() {
        try (EventLog.Reader reader = parts.log().reader(plan.stream(), plan.name())) {
            boolean first = true;
            while (!stopping()) {
                for (EventLog.LogRecord record : reader.poll(POLL)) {
                    if (stopping()) {
                        return;
                    }
                    boolean mine = record.target() == null
                            ? EventFilter.matches(record.event(), plan.filters()) : plan.name().equals(record.target());
                    if (mine) {
                        int failed = first ? parts.state().failedTries(plan.name(), record.position()) : 0;
                        deliver(record, failed);
                    }
                    first = false;
                    reader.commit(record);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!stopping()) {
                LOG.error("trigger {} stopped delivering: {}", plan.name(), e.toString(), e);
            }
        }
    }

    private void deliver(EventLog.LogRecord record, int alreadyFailed) throws InterruptedException {
        int failed = alreadyFailed;
        DeliverySpec delivery = plan.delivery();
        while (true) {
            FunctionCaller.Answer answer = send(plan.subscriber(), record.event());
            if (answer.succeeded()) {
                publishReply(answer);
                return;
            }
            failed++;
            String reason = reason(answer);
            boolean retryable = answer.error() != null || answer.status() >= 500 || RETRYABLE.contains(answer.status());
            if (!retryable || failed > delivery.retry()) {
                deadLetter(record, answer.status(), reason, failed);
                return;
            }
            parts.state().recordFailedTries(plan.name(), plan.stream(), record.position(), failed);
            Duration backoff = EventingDefaults.backoff(delivery, failed);
            if (stopped.await(backoff.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new InterruptedException("stopping");
            }
        }
    }

    private FunctionCaller.Answer send(String function, CloudEvent event) throws InterruptedException {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        Buffer body = CloudEventCodec.toBinary(event, headers);
        headers.set("X-Skiff-Trigger", plan.name());
        try {
            return parts.caller().post(function, headers, body).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("delivery to " + function + " failed", e.getCause());
        }
    }

    private void publishReply(FunctionCaller.Answer answer) {
        if (!plan.publishReplies()) {
            return;
        }
        Optional<CloudEvent> reply;
        try {
            reply = CloudEventCodec.reply(answer.headers(), answer.body());
        } catch (RuntimeException e) {
            LOG.warn("trigger {}: {}'s reply looks like a CloudEvent but is not one: {}", plan.name(), plan.subscriber(),
                    e.getMessage());
            return;
        }
        reply.ifPresent(event -> parts.log().append(plan.stream(), event, null).join());
    }

    private void deadLetter(EventLog.LogRecord record, int status, String why, int tries) throws InterruptedException {
        DeliverySpec delivery = plan.delivery();
        String reason = why;
        if (delivery.deadLetterSink() != null) {
            CloudEvent annotated = CloudEventBuilder.from(record.event())
                    .withExtension("knativeerrordest", "function/" + plan.subscriber())
                    .withExtension("knativeerrorcode", Integer.toString(status))
                    .build();
            FunctionCaller.Answer answer = send(delivery.deadLetterSink().function(), annotated);
            if (answer.succeeded()) {
                LOG.info("trigger {}: event {} sent to the dead-letter sink {} after {} tries: {}", plan.name(),
                        record.event().getId(), delivery.deadLetterSink().function(), tries, reason);
                return;
            }
            reason = reason + "; the dead-letter sink " + delivery.deadLetterSink().function() + " failed too: " + reason(answer);
        }
        parts.deadLetters().add(plan.name(), plan.stream(), record.event(), reason, tries);
        LOG.info("trigger {}: event {} kept in the dead-letter store after {} tries: {}", plan.name(),
                record.event().getId(), tries, reason);
    }

    private static String reason(FunctionCaller.Answer answer) {
        String body = answer.body() == null ? "" : answer.body().toString();
        if (body.length() > 500) {
            body = body.substring(0, 500) + "...";
        }
        return answer.status() + (body.isBlank() ? "" : " " + body.strip());
    }
}
