package dev.skiff.server.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A served revision under its namespace's instance and memory quotas: every start takes room first,
 * every exit gives it back, and the autoscaler stops at a quota and says so. A fake backend whose
 * starts run at once, a fake clock, a real {@link InstanceBudget}.
 */
class ServedRevisionQuotaTest {
    private static final long MI = 1L << 20;
    private static final Duration TICK = Duration.ofMillis(100);
    private final FakeClock clock = new FakeClock();
    private final FakeBackend backend = new FakeBackend(clock);
    private final InstanceBudget budget = new InstanceBudget();

    /** Revision 1 of {@code function} (a key: {@code hello.team-a}), each instance held to 256Mi, scaled between {@code min} and {@code max}. */
    private ServedRevision served(String function, int min, int max) {
        FunctionSpec spec = FunctionDefaults.apply(FunctionSpec.builder().runtime("python3").handler("main.handle")
                .source(Source.text("main.py", "")).concurrency(1).build());
        String name = function.replace(".", "-00001.");
        Revision revision = new Revision(name, function, 1, spec, clock.instant().toString());
        InstanceSpec instance = new InstanceSpec(function, name, "main.handle",
                new RevisionFiles(Path.of("/code"), Path.of("/deps")), new WorkerCommand(List.of("worker"), Map.of()),
                Map.of(), 60, List.of(), new InstanceSpec.Resources(256 * MI, 0), false);
        ScaleSpec scale = spec.scale().withBounds(min, max);
        return new ServedRevision(revision, instance, backend, scale, new ServingOptions(100, 32, clock, Runnable::run, budget));
    }

    private void run(Duration duration, ServedRevision... revisions) {
        for (long n = duration.dividedBy(TICK); n > 0; n--) {
            clock.advance(TICK);
            for (ServedRevision revision : revisions) {
                revision.tick(clock.nanos());
            }
        }
    }

    private static Request request(ServedRevision revision) {
        Request request = new Request();
        revision.dispatcher().acquire(request);
        return request;
    }

    @Test
    void autoscaler_stopsAtMaxInstances_saysWhy_andGoesOnWhenTheQuotaIsRaised() {
        budget.set("team-a", 2, null);
        ServedRevision revision = served("hello.team-a", 3, 0);

        run(Duration.ofSeconds(5), revision);

        assertThat(backend.live()).hasSize(2);
        assertThat(revision.stats().desired()).isEqualTo(3);
        assertThat(revision.stats().capped()).contains("team-a").contains("maxInstances 2").contains("runs 2");
        assertThat(budget.usage("team-a")).isEqualTo(new InstanceBudget.Usage(2, 512 * MI));

        budget.set("team-a", 3, null);
        run(TICK, revision);

        assertThat(backend.live()).hasSize(3);
        assertThat(revision.stats().capped()).isNull();
    }

    @Test
    void autoscaler_stopsAtMaxMemory_countingEachInstancesLimit() {
        budget.set("team-a", null, 600 * MI);
        ServedRevision revision = served("hello.team-a", 3, 0);

        run(Duration.ofSeconds(5), revision);

        assertThat(backend.live()).hasSize(2);
        assertThat(revision.capped()).contains("maxMemory 600Mi").contains("512Mi").contains("256Mi");
    }

    @Test
    void revisionsOfOneNamespace_shareItsQuota_andOtherNamespacesAreNotHeldBack() {
        budget.set("team-a", 3, null);
        ServedRevision one = served("one.team-a", 2, 0);
        ServedRevision two = served("two.team-a", 2, 0);
        ServedRevision elsewhere = served("three.team-b", 2, 0);

        run(Duration.ofSeconds(5), one, two, elsewhere);

        assertThat(one.instances().size() + two.instances().size()).isEqualTo(3);
        assertThat(elsewhere.instances()).hasSize(2);
        assertThat(elsewhere.capped()).isNull();
        assertThat(budget.usage("team-b").instances()).isEqualTo(2);
    }

    @Test
    void everyKindOfExit_givesTheRoomBack() throws Exception {
        budget.set("team-a", 2, null);
        ServedRevision revision = served("hello.team-a", 0, 0);
        revision.startFirst();
        revision.startFirst();
        assertThat(budget.usage("team-a").instances()).isEqualTo(2);

        ((FakeInstance) backend.started.getFirst()).die();
        assertThat(budget.usage("team-a").instances()).as("after a crash").isEqualTo(1);

        revision.timedOut(backend.started.get(1));
        assertThat(budget.usage("team-a").instances()).as("after a kill").isZero();

        revision.startFirst();
        run(Duration.ofSeconds(120), revision);
        assertThat(revision.instances()).as("scaled to zero").isEmpty();
        assertThat(budget.usage("team-a").instances()).as("after a scale-down").isZero();

        revision.startFirst();
        revision.drainAndStop(Duration.ZERO);
        assertThat(budget.usage("team-a")).as("after a drain").isEqualTo(InstanceBudget.Usage.NONE);
    }

    @Test
    void failedStarts_giveTheRoomBack() {
        budget.set("team-a", 1, null);
        ServedRevision revision = served("hello.team-a", 0, 0);
        backend.failNext(2, "the worker did not become ready within 120s");

        assertThatThrownBy(revision::startFirst).isInstanceOf(StartException.class);
        assertThat(budget.usage("team-a").instances()).isZero();

        Request waiting = request(revision);
        revision.ensureInstance();

        assertThat(waiting.rejected).isEqualTo(Dispatcher.Rejection.START_FAILED);
        assertThat(budget.usage("team-a").instances()).isZero();
    }

    @Test
    void startFirst_withNoRoom_isRefused_andStartsNothing() throws Exception {
        budget.set("team-a", 1, null);
        served("one.team-a", 0, 0).startFirst();
        ServedRevision second = served("two.team-a", 0, 0);

        assertThatThrownBy(second::startFirst).isInstanceOf(QuotaExceededException.class).hasMessageContaining("maxInstances 1");

        assertThat(backend.started).hasSize(1);
        assertThat(budget.usage("team-a").instances()).isEqualTo(1);
    }

    @Test
    void requestFindingNoInstanceAndNoRoom_isRefusedWithQuota_andNothingStarts() throws Exception {
        budget.set("team-a", 1, null);
        ServedRevision one = served("one.team-a", 0, 0);
        one.startFirst();
        ServedRevision two = served("two.team-a", 0, 0);
        Request waiting = request(two);

        two.ensureInstance();

        assertThat(waiting.rejected).isEqualTo(Dispatcher.Rejection.QUOTA);
        assertThat(two.quotaRefusal()).contains("maxInstances 1").contains("runs 1");
        assertThat(backend.started).hasSize(1);

        ((FakeInstance) backend.started.getFirst()).die();
        Request later = request(two);
        two.ensureInstance();
        assertThat(later.granted).as("the room the exit gave back").isNotNull();
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
