package dev.skiff.server.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.api.DeliverySpec;
import dev.skiff.api.EventingDefaults;
import dev.skiff.api.TriggerFilter;
import dev.skiff.server.dataplane.FunctionCaller;
import dev.skiff.server.store.EventsDatabase;
import dev.skiff.server.store.TestEventsDatabase;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trigger runner over the embedded log in a temporary database, calling a stand-in for the
 * gateway that the test answers call by call, in whatever order it chooses: how many events are
 * in flight, which position is committed, and how failed tries are counted per event.
 */
class TriggerRunnerTest {
    private static final String STREAM = "broker:b";
    private static final String TRIGGER = "t";

    @TempDir
    Path temp;
    private EventsDatabase db;
    private SqliteEventLog log;
    private final StandInCaller caller = new StandInCaller();
    private final List<TriggerRunner> runners = new ArrayList<>();

    @BeforeEach
    void openLog() {
        db = TestEventsDatabase.open(temp);
        log = new SqliteEventLog(db);
        log.createStream(STREAM);
        log.register(STREAM, TRIGGER);
    }

    @AfterEach
    void close() {
        runners.forEach(TriggerRunner::stop);
        db.close();
    }

    /** A call the runner made; the test answers it. */
    private record Call(String id, CompletableFuture<FunctionCaller.Answer> answer, AtomicInteger outstanding) {
        void answer(int status) {
            outstanding.decrementAndGet();
            answer.complete(new FunctionCaller.Answer(status, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer(), null));
        }
    }

    /** Holds every call until the test answers it; notes the most calls outstanding at once. */
    private static final class StandInCaller implements TriggerRunner.Caller {
        final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
        final AtomicInteger outstanding = new AtomicInteger();
        final AtomicInteger most = new AtomicInteger();

        @Override
        public CompletableFuture<FunctionCaller.Answer> post(String function, MultiMap headers, Buffer body) {
            most.accumulateAndGet(outstanding.incrementAndGet(), Math::max);
            Call call = new Call(headers.get("ce-id"), new CompletableFuture<>(), outstanding);
            calls.add(call);
            return call.answer();
        }

        Call next() throws InterruptedException {
            Call call = calls.poll(30, TimeUnit.SECONDS);
            assertThat(call).as("a call within 30 s").isNotNull();
            return call;
        }

        /** The next {@code count} calls, by event id. */
        Map<String, Call> next(int count) throws InterruptedException {
            Map<String, Call> byId = new HashMap<>();
            for (int i = 0; i < count; i++) {
                Call call = next();
                byId.put(call.id(), call);
            }
            return byId;
        }
    }

    private static DeliverySpec delivery(String ordering, int maxInFlight, int retry) {
        return EventingDefaults.delivery(new DeliverySpec(retry, "linear", "PT0S", null, ordering,
                "unordered".equals(ordering) ? maxInFlight : null), null);
    }

    private TriggerRunner start(DeliverySpec delivery, List<TriggerFilter> filters) {
        TriggerRunner runner = new TriggerRunner(new TriggerRunner.Plan(TRIGGER, STREAM, filters, "f", delivery, false),
                new TriggerRunner.Parts(log, new DeliveryState(db), new DeadLetters(db), caller));
        runners.add(runner);
        runner.start();
        return runner;
    }

    private void append(String id, String type) {
        log.append(STREAM, CloudEventBuilder.v1().withId(id).withType(type).withSource(URI.create("/test")).build(), null).join();
    }

    private void appendAll(String... ids) {
        for (String id : ids) {
            append(id, "keep");
        }
    }

    private long committed() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT position FROM cursors WHERE consumer = ?")) {
                ps.setString(1, TRIGGER);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : -1L;
                }
            }
        });
    }

    private Map<Long, Integer> recordedTries() {
        return new DeliveryState(db).failedTries(TRIGGER);
    }

    private void awaitCommitted(long position) {
        await().atMost(Duration.ofSeconds(30)).until(() -> committed() == position);
    }

    @Test
    void ordered_deliversOneEventAtATimeInTheStreamsOrder() throws Exception {
        appendAll("e1", "e2", "e3");
        start(delivery("ordered", 1, 10), List.of());

        List<String> order = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Call call = caller.next();
            order.add(call.id());
            call.answer(200);
        }

        assertThat(order).containsExactly("e1", "e2", "e3");
        assertThat(caller.most.get()).isEqualTo(1);
        awaitCommitted(3);
    }

    @Test
    void unordered_keepsMaxInFlight_andCommitsOnlyBelowTheLowestUnfinishedEvent() throws Exception {
        appendAll("e1", "e2", "e3", "e4", "e5", "e6");
        start(delivery("unordered", 3, 10), List.of());

        Map<String, Call> first = caller.next(3);
        assertThat(first).containsOnlyKeys("e1", "e2", "e3");
        first.get("e3").answer(200);
        first.get("e2").answer(200);
        Map<String, Call> second = caller.next(2);
        assertThat(second).containsOnlyKeys("e4", "e5");
        assertThat(committed()).as("e1 is still in flight").isZero();

        first.get("e1").answer(200);
        awaitCommitted(3);
        second.get("e5").answer(200);
        Call e6 = caller.next();
        assertThat(e6.id()).isEqualTo("e6");
        e6.answer(200);
        second.get("e4").answer(200);

        awaitCommitted(6);
        assertThat(caller.most.get()).isEqualTo(3);
    }

    @Test
    void unordered_eventsFilteredOut_areCommittedOnceEverythingBeforeThemIsHandled() throws Exception {
        append("e1", "keep");
        append("skip1", "other");
        append("skip2", "other");
        start(delivery("unordered", 4, 10), List.of(new TriggerFilter(Map.of("type", "keep"), null, null)));

        Call e1 = caller.next();
        assertThat(e1.id()).isEqualTo("e1");
        e1.answer(200);

        awaitCommitted(3);
    }

    @Test
    void unordered_eventsRetriedAtOnce_eachCountItsOwnTries() throws Exception {
        appendAll("a", "b");
        start(delivery("unordered", 4, 2), List.of());

        Map<String, Call> tries = caller.next(2);
        assertThat(caller.most.get()).isEqualTo(2);
        tries.get("a").answer(500);
        tries.get("b").answer(503);
        tries = caller.next(2);
        assertThat(recordedTries()).isEqualTo(Map.of(1L, 1, 2L, 1));
        tries.get("b").answer(500);
        Call b = caller.next();
        assertThat(recordedTries()).isEqualTo(Map.of(1L, 1, 2L, 2));
        tries.get("a").answer(500);
        Call a = caller.next();
        assertThat(recordedTries()).isEqualTo(Map.of(1L, 2, 2L, 2));
        b.answer(500);
        a.answer(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> new DeadLetters(db).list(TRIGGER).size() == 1);
        DeadLetters.DeadLetter letter = new DeadLetters(db).list(TRIGGER).getFirst();
        assertThat(letter.event().getId()).isEqualTo("b");
        assertThat(letter.attempts()).isEqualTo(3);
        assertThat(letter.reason()).startsWith("500");
        awaitCommitted(2);
        await().atMost(Duration.ofSeconds(30)).until(() -> recordedTries().isEmpty());
    }

    @Test
    void unordered_notRetryableFailure_isDeadLetteredAtOnceWhileOthersGoOn() throws Exception {
        appendAll("bad", "good");
        start(delivery("unordered", 2, 10), List.of());

        Map<String, Call> tries = caller.next(2);
        tries.get("bad").answer(400);
        tries.get("good").answer(200);

        awaitCommitted(2);
        assertThat(new DeadLetters(db).list(TRIGGER)).singleElement()
                .satisfies(letter -> assertThat(letter.attempts()).isEqualTo(1));
    }

    @Test
    void restart_resumesEachEventsFailedTries_andRedeliversWhatWasNotCommitted() throws Exception {
        appendAll("a", "b", "c");
        TriggerRunner first = start(delivery("unordered", 4, 2), List.of());
        Map<String, Call> tries = caller.next(3);
        tries.get("c").answer(200);
        tries.get("a").answer(500);
        tries.get("b").answer(500);
        Map<String, Call> retries = caller.next(2);
        retries.get("b").answer(500);
        caller.next();
        assertThat(recordedTries()).isEqualTo(Map.of(1L, 1, 2L, 2));

        first.stop();
        caller.calls.clear();
        start(delivery("unordered", 4, 2), List.of());
        Map<String, Call> again = caller.next(3);
        assertThat(again).as("nothing was committed past a").containsOnlyKeys("a", "b", "c");
        again.get("c").answer(200);
        again.get("b").answer(500);
        again.get("a").answer(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> new DeadLetters(db).list(TRIGGER).size() == 1);
        DeadLetters.DeadLetter letter = new DeadLetters(db).list(TRIGGER).getFirst();
        assertThat(letter.event().getId()).isEqualTo("b");
        assertThat(letter.attempts()).as("two tries before the restart, one after").isEqualTo(3);
        awaitCommitted(3);
    }
}
