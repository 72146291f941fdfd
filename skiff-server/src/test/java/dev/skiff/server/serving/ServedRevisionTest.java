package dev.skiff.server.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.api.FunctionDefaults;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Revision;
import dev.skiff.api.ScaleSpec;
import dev.skiff.api.Source;
import dev.skiff.core.Dispatcher;
import dev.skiff.runtimes.RevisionFiles;
import dev.skiff.runtimes.WorkerCommand;
import dev.skiff.server.serving.FakeBackend.FakeInstance;
import dev.skiff.testkit.FakeClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A served revision's scaling and instance lifecycle, driven by a fake backend and a fake clock: no
 * processes, no sleeps. Each tick is what the server's 100 ms timer does.
 */
class ServedRevisionTest {
    private static final Duration TICK = Duration.ofMillis(100);
    private final FakeClock clock = new FakeClock();
    private final FakeBackend backend = new FakeBackend(clock);
    private final List<Runnable> pending = new ArrayList<>();

    /** A revision of a function with {@code concurrency}, its defaulted scale changed by {@code scale}. */
    private ServedRevision served(int concurrency, UnaryOperator<ScaleSpec> scale, Executor blocking) {
        FunctionSpec spec = FunctionDefaults.apply(FunctionSpec.builder().runtime("python3").handler("main.handle")
                .source(Source.text("main.py", "")).concurrency(concurrency).build());
        Revision revision = new Revision("hello-00001", "hello", 1, spec, clock.instant().toString());
        InstanceSpec instance = new InstanceSpec("hello", "hello-00001", "main.handle",
                new RevisionFiles(Path.of("/code"), Path.of("/deps")), new WorkerCommand(List.of("worker"), Map.of()),
                Map.of(), 60);
        return new ServedRevision(revision, instance, backend, scale.apply(spec.scale()),
                new ServingOptions(100, 32, clock, blocking));
    }

    private ServedRevision served(UnaryOperator<ScaleSpec> scale) {
        return served(1, scale, Runnable::run);
    }

    /** Ticks every 100 ms for {@code duration}. */
    private void run(ServedRevision revision, Duration duration) {
        for (long n = duration.dividedBy(TICK); n > 0; n--) {
            clock.advance(TICK);
            revision.tick(clock.nanos());
        }
    }

    private static Request request(ServedRevision revision) {
        Request request = new Request();
        revision.dispatcher().acquire(request);
        return request;
    }

    @Test
    void requestWithNoInstance_startsOneAtOnce_andConcurrentCallersShareThatStart() {
        ServedRevision revision = served(1, s -> s, pending::add);
        Request first = request(revision);

        revision.ensureInstance();
        revision.ensureInstance();
        revision.ensureInstance();
        assertThat(pending).hasSize(1);
        pending.removeFirst().run();

        assertThat(backend.started).hasSize(1);
        assertThat(first.granted).isSameAs(backend.started.getFirst());
    }

    @Test
    void load_scalesOut_upToMaxScale_andTheWaitingRequestsAreServed() throws Exception {
        ServedRevision revision = served(s -> s.withBounds(0, 3));
        revision.startFirst();
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            requests.add(request(revision));
        }
        assertThat(requests.stream().filter(r -> r.granted != null)).hasSize(1);

        run(revision, Duration.ofSeconds(2));

        assertThat(backend.live()).hasSize(3);
        assertThat(requests.stream().filter(r -> r.granted != null)).hasSize(3);
        assertThat(revision.stats().desired()).isEqualTo(3);
    }

    @Test
    void idleRevision_keepsItsInstanceThroughTheGrace_thenScalesToZero() throws Exception {
        ServedRevision revision = served(s -> s.withGrace(30));
        revision.startFirst();
        FakeInstance instance = (FakeInstance) backend.started.getFirst();

        run(revision, Duration.ofSeconds(29));
        assertThat(revision.instances()).containsExactly(instance);

        run(revision, Duration.ofSeconds(120));
        assertThat(revision.instances()).isEmpty();
        assertThat(instance.ending).isEqualTo("stopped");
    }

    @Test
    void minScale_startsWhatIsMissing_andKeepsThemWhenIdle() {
        ServedRevision revision = served(s -> s.withBounds(2, 0));

        run(revision, Duration.ofSeconds(300));

        assertThat(backend.started).hasSize(2);
        assertThat(revision.instances()).hasSize(2);
    }

    @Test
    void instanceThatDiesAfterServingAWhile_isReplacedAtTheNextTick() throws Exception {
        ServedRevision revision = served(s -> s.withBounds(1, 0));
        revision.startFirst();
        run(revision, Duration.ofSeconds(20));

        ((FakeInstance) backend.started.getFirst()).die();
        run(revision, TICK);

        assertThat(backend.started).hasSize(2);
        assertThat(revision.instances()).containsExactly(backend.started.get(1));
    }

    @Test
    void instanceThatDiesYoung_isReplacedOnlyAfterAPause() throws Exception {
        ServedRevision revision = served(s -> s.withBounds(1, 0));
        revision.startFirst();

        ((FakeInstance) backend.started.getFirst()).die();
        run(revision, Duration.ofMillis(400));
        assertThat(backend.started).hasSize(1);

        run(revision, Duration.ofMillis(200));
        assertThat(backend.started).hasSize(2);
    }

    @Test
    void failedStart_rejectsTheWaitingRequests_andTheNextStartWaitsForTheBackoff() {
        ServedRevision revision = served(s -> s);
        backend.failNext(1, "the worker did not become ready within 120s");
        Request waiting = request(revision);

        revision.ensureInstance();

        assertThat(waiting.rejected).isEqualTo(Dispatcher.Rejection.START_FAILED);
        assertThat(revision.lastStartError()).isEqualTo("the worker did not become ready within 120s");
        Request next = request(revision);
        revision.ensureInstance();
        assertThat(backend.started).isEmpty();

        clock.advance(Duration.ofMillis(500));
        revision.ensureInstance();
        assertThat(next.granted).isSameAs(backend.started.getFirst());
        assertThat(revision.lastStartError()).isNull();
    }

    @Test
    void scaleDown_stopsAnInstanceOnlyOnceItsRequestHasEnded() throws Exception {
        ServedRevision revision = served(s -> s.withBounds(2, 0));
        revision.startFirst();
        revision.startFirst();
        Request one = request(revision);
        Request two = request(revision);
        assertThat(one.granted).isNotSameAs(two.granted);

        revision.rescale(revision.revision().spec().scale().withBounds(0, 1));
        run(revision, TICK);

        List<Instance> retired = backend.live().stream().map(Instance.class::cast)
                .filter(i -> !revision.dispatcher().ready().contains(i)).toList();
        assertThat(retired).hasSize(1);
        FakeInstance leaving = (FakeInstance) retired.getFirst();
        assertThat(leaving.ending).isNull();
        revision.dispatcher().release(leaving);
        assertThat(leaving.ending).isEqualTo("stopped");
        assertThat(revision.instances()).hasSize(1).doesNotContain(leaving);
    }

    @Test
    void drainAndStop_rejectsWhatWaits_letsTheRequestInFlightFinish_thenStopsTheInstances() throws Exception {
        ServedRevision revision = served(s -> s);
        revision.startFirst();
        Request serving = request(revision);
        Request waiting = request(revision);
        FakeInstance instance = (FakeInstance) serving.granted;

        Thread drain = Thread.ofPlatform().start(() -> revision.drainAndStop(Duration.ofSeconds(60)));
        await().atMost(Duration.ofSeconds(60)).until(() -> waiting.rejected != null);
        assertThat(waiting.rejected).isEqualTo(Dispatcher.Rejection.CLOSED);
        assertThat(instance.ending).isNull();

        revision.dispatcher().release(instance);
        drain.join();
        assertThat(instance.ending).isEqualTo("stopped");
    }

    /** A request waiting for an instance, as the gateway's call is. */
    private static final class Request implements Dispatcher.Waiter<Instance> {
        volatile Instance granted;
        volatile Dispatcher.Rejection rejected;

        @Override
        public void grant(Instance instance) {
            granted = instance;
        }

        @Override
        public void reject(Dispatcher.Rejection why) {
            rejected = why;
        }
    }
}
