package dev.skiff.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DispatcherTest {

    /** Records what the dispatcher did with one request. */
    private static class Recorder implements Dispatcher.Waiter<String> {
        final List<String> granted = new ArrayList<>();
        final List<Dispatcher.Rejection> rejected = new ArrayList<>();

        @Override
        public void grant(String instance) {
            granted.add(instance);
        }

        @Override
        public void reject(Dispatcher.Rejection why) {
            rejected.add(why);
        }
    }

    /** A request that would rather be granted on {@code loop}. */
    private static final class OnLoop extends Recorder {
        final String loop;

        OnLoop(String loop) {
            this.loop = loop;
        }

        @Override
        public Object affinity() {
            return loop;
        }
    }

    /** One instance, "a", busy with one request at concurrency 1, and these requests queued behind it in order. */
    private static Dispatcher<String> busyWith(OnLoop... queued) {
        Dispatcher<String> dispatcher = new Dispatcher<>(1, 100);
        dispatcher.addReady("a");
        dispatcher.acquire(new Recorder());
        for (OnLoop waiter : queued) {
            dispatcher.acquire(waiter);
        }
        return dispatcher;
    }

    /** {@code count} requests waiting on {@code loop}. */
    private static List<OnLoop> onLoop(String loop, int count) {
        List<OnLoop> waiters = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            waiters.add(new OnLoop(loop));
        }
        return waiters;
    }

    @Test
    void release_withAffinity_grantsTheFirstWaiterOnTheReleasingLoop() {
        OnLoop headOnB = new OnLoop("B");
        OnLoop secondOnA = new OnLoop("A");
        OnLoop thirdOnA = new OnLoop("A");
        Dispatcher<String> dispatcher = busyWith(headOnB, secondOnA, thirdOnA);

        dispatcher.release("a", "A");
        assertThat(secondOnA.granted).containsExactly("a");
        assertThat(headOnB.granted).isEmpty();
        assertThat(thirdOnA.granted).isEmpty();

        dispatcher.release("a", "B");
        assertThat(headOnB.granted).containsExactly("a");
        dispatcher.release("a", "A");
        assertThat(thirdOnA.granted).containsExactly("a");
        assertThat(dispatcher.load().queued()).isZero();
    }

    @Test
    void release_withAffinity_noMatchNearTheHead_keepsQueueOrder() {
        List<OnLoop> onB = onLoop("B", Dispatcher.AFFINITY_SCAN);
        OnLoop pastTheScan = new OnLoop("A");
        Dispatcher<String> dispatcher = busyWith(onB.toArray(OnLoop[]::new));
        dispatcher.acquire(pastTheScan);

        dispatcher.release("a", "A");
        assertThat(onB.get(0).granted).containsExactly("a");
        assertThat(pastTheScan.granted).isEmpty();
    }

    @Test
    void release_withAffinity_passesTheHeadOverABoundedNumberOfTimes() {
        OnLoop head = new OnLoop("B");
        List<OnLoop> onA = onLoop("A", Dispatcher.MAX_PASSED_OVER + 1);
        Dispatcher<String> dispatcher = busyWith(head);
        onA.forEach(dispatcher::acquire);

        for (int i = 0; i < Dispatcher.MAX_PASSED_OVER; i++) {
            dispatcher.release("a", "A");
            assertThat(onA.get(i).granted).containsExactly("a");
        }
        assertThat(head.granted).isEmpty();
        dispatcher.release("a", "A");
        assertThat(head.granted).as("the head after being passed over %d times", Dispatcher.MAX_PASSED_OVER)
                .containsExactly("a");
        assertThat(onA.get(Dispatcher.MAX_PASSED_OVER).granted).isEmpty();
    }

    @Test
    void release_withoutAffinity_grantsInQueueOrder() {
        OnLoop first = new OnLoop("B");
        OnLoop second = new OnLoop("A");
        Dispatcher<String> dispatcher = busyWith(first, second);

        dispatcher.release("a");
        assertThat(first.granted).containsExactly("a");
        assertThat(second.granted).isEmpty();
    }

    @Test
    void acquire_noInstance_queuesUntilOneIsReady() {
        Dispatcher<String> dispatcher = new Dispatcher<>(1, 10);
        Recorder waiter = new Recorder();

        dispatcher.acquire(waiter);
        assertThat(waiter.granted).isEmpty();
        assertThat(dispatcher.load().queued()).isEqualTo(1);

        dispatcher.addReady("a");
        assertThat(waiter.granted).containsExactly("a");
        assertThat(dispatcher.load()).isEqualTo(new Dispatcher.Load(1, 1, 0));
    }

    @Test
    void acquire_atConcurrencyLimit_waitsForRelease() {
        Dispatcher<String> dispatcher = new Dispatcher<>(1, 10);
        dispatcher.addReady("a");
        Recorder first = new Recorder();
        Recorder second = new Recorder();

        dispatcher.acquire(first);
        dispatcher.acquire(second);
        assertThat(first.granted).containsExactly("a");
        assertThat(second.granted).isEmpty();

        dispatcher.release("a");
        assertThat(second.granted).containsExactly("a");
        assertThat(dispatcher.inFlight("a")).isEqualTo(1);
    }

    @Test
    void acquire_twoInstances_picksTheLeastLoaded() {
        Dispatcher<String> dispatcher = new Dispatcher<>(0, 10);
        dispatcher.addReady("a");
        dispatcher.addReady("b");
        Recorder waiter = new Recorder();

        for (int i = 0; i < 4; i++) {
            dispatcher.acquire(waiter);
        }

        assertThat(waiter.granted).containsOnly("a", "b");
        assertThat(dispatcher.inFlight("a")).isEqualTo(2);
        assertThat(dispatcher.inFlight("b")).isEqualTo(2);
    }

    @Test
    void acquire_unlimitedConcurrency_neverQueuesWithAnInstance() {
        Dispatcher<String> dispatcher = new Dispatcher<>(0, 0);
        dispatcher.addReady("a");
        Recorder waiter = new Recorder();

        for (int i = 0; i < 100; i++) {
            dispatcher.acquire(waiter);
        }

        assertThat(waiter.granted).hasSize(100);
        assertThat(waiter.rejected).isEmpty();
    }

    @Test
    void acquire_queueFull_rejects() {
        Dispatcher<String> dispatcher = new Dispatcher<>(1, 1);
        Recorder waiting = new Recorder();
        Recorder overflow = new Recorder();

        dispatcher.acquire(waiting);
        dispatcher.acquire(overflow);

        assertThat(waiting.rejected).isEmpty();
        assertThat(overflow.rejected).containsExactly(Dispatcher.Rejection.QUEUE_FULL);
    }

    @Test
    void cancel_waitingRequest_isNotGrantedLater() {
        Dispatcher<String> dispatcher = new Dispatcher<>(1, 10);
        Recorder waiter = new Recorder();
        dispatcher.acquire(waiter);

        assertThat(dispatcher.cancel(waiter)).isTrue();
        dispatcher.addReady("a");

        assertThat(waiter.granted).isEmpty();
        assertThat(dispatcher.cancel(waiter)).isFalse();
    }

    @Test
    void remove_instance_stopsGrantsToIt() {
        Dispatcher<String> dispatcher = new Dispatcher<>(1, 10);
        dispatcher.addReady("a");
        dispatcher.remove("a");
        Recorder waiter = new Recorder();

        dispatcher.acquire(waiter);
        dispatcher.release("a");

        assertThat(waiter.granted).isEmpty();
        assertThat(dispatcher.load()).isEqualTo(new Dispatcher.Load(0, 0, 1));
    }

    @Test
    void close_rejectsWaitingAndLaterRequests() {
        Dispatcher<String> dispatcher = new Dispatcher<>(1, 10);
        Recorder waiting = new Recorder();
        Recorder later = new Recorder();
        dispatcher.acquire(waiting);

        dispatcher.close();
        dispatcher.acquire(later);

        assertThat(waiting.rejected).containsExactly(Dispatcher.Rejection.CLOSED);
        assertThat(later.rejected).containsExactly(Dispatcher.Rejection.CLOSED);
    }

    @Test
    void rejectWaiting_startFailed_rejectsOnlyThoseWaitingNow() {
        Dispatcher<String> dispatcher = new Dispatcher<>(1, 10);
        Recorder waiting = new Recorder();
        Recorder later = new Recorder();
        dispatcher.acquire(waiting);

        dispatcher.rejectWaiting(Dispatcher.Rejection.START_FAILED);
        dispatcher.acquire(later);

        assertThat(waiting.rejected).containsExactly(Dispatcher.Rejection.START_FAILED);
        assertThat(later.rejected).isEmpty();
        assertThat(dispatcher.load().queued()).isEqualTo(1);
    }

    @Test
    void removeIfIdle_onlyRemovesAnInstanceWithNothingInFlightOrWaiting() {
        Dispatcher<String> dispatcher = new Dispatcher<>(1, 10);
        dispatcher.addReady("a");
        Recorder busy = new Recorder();
        dispatcher.acquire(busy);

        assertThat(dispatcher.removeIfIdle("a")).isFalse();
        dispatcher.release("a");
        assertThat(dispatcher.removeIfIdle("a")).isTrue();
        assertThat(dispatcher.load().instances()).isZero();
        assertThat(dispatcher.removeIfIdle("a")).isFalse();
    }

    @Test
    void retire_busyInstance_takesNoNewRequestsAndReportsIdleAfterItsLastRelease() {
        Dispatcher<String> dispatcher = new Dispatcher<>(2, 10);
        dispatcher.addReady("old");
        Recorder first = new Recorder();
        Recorder second = new Recorder();
        dispatcher.acquire(first);
        dispatcher.acquire(second);
        List<String> idle = new ArrayList<>();

        assertThat(dispatcher.retire("old", () -> idle.add("old"))).isTrue();
        Recorder later = new Recorder();
        dispatcher.acquire(later);
        dispatcher.release("old");

        assertThat(later.granted).isEmpty();
        assertThat(idle).isEmpty();
        assertThat(dispatcher.load()).isEqualTo(new Dispatcher.Load(0, 1, 1));

        dispatcher.release("old");
        assertThat(idle).containsExactly("old");
        assertThat(dispatcher.load()).isEqualTo(new Dispatcher.Load(0, 0, 1));
    }

    @Test
    void retire_idleInstance_isIdleAtOnce() {
        Dispatcher<String> dispatcher = new Dispatcher<>(1, 10);
        dispatcher.addReady("a");
        List<String> idle = new ArrayList<>();

        assertThat(dispatcher.retire("a", () -> idle.add("a"))).isTrue();
        assertThat(dispatcher.retire("unknown", () -> idle.add("unknown"))).isFalse();

        assertThat(idle).containsExactly("a");
        assertThat(dispatcher.ready()).isEmpty();
    }
}
