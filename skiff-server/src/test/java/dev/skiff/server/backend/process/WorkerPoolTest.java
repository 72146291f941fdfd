package dev.skiff.server.backend.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.server.serving.PoolStats;
import dev.skiff.server.serving.StartException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    /** A member without a process: alive until killed or told it died. */
    private static final class FakeMember implements WorkerPool.Member {
        final CompletableFuture<Void> exit = new CompletableFuture<>();
        final String pool;

        FakeMember(String pool) {
            this.pool = pool;
        }

        @Override
        public boolean isAlive() {
            return !exit.isDone();
        }

        @Override
        public CompletableFuture<?> exit() {
            return exit;
        }

        @Override
        public void kill() {
            exit.complete(null);
        }
    }

    /** Starts fake members, or fails while {@code failing} is set; remembers every member it started. */
    private static final class FakeStarter implements WorkerPool.Starter<FakeMember> {
        final List<FakeMember> started = new CopyOnWriteArrayList<>();
        final AtomicInteger attempts = new AtomicInteger();
        volatile boolean failing;

        @Override
        public FakeMember start(String pool) throws StartException {
            attempts.incrementAndGet();
            if (failing) {
                throw new StartException("no interpreter");
            }
            FakeMember member = new FakeMember(pool);
            started.add(member);
            return member;
        }
    }

    private static int waiting(WorkerPool<FakeMember> pool, String name) {
        return pool.stats().stream().filter(stats -> stats.pool().equals(name)).findFirst().orElseThrow().waiting();
    }

    @Test
    void newPool_fillsEveryPoolToItsSize() {
        FakeStarter starter = new FakeStarter();
        try (WorkerPool<FakeMember> pool = new WorkerPool<>(List.of("python3", "nodejs"), 2, starter)) {
            await().atMost(PATIENCE).until(() -> waiting(pool, "python3") == 2 && waiting(pool, "nodejs") == 2);

            assertThat(starter.started).hasSize(4);
            assertThat(pool.stats()).extracting(PoolStats::started).containsExactly(2L, 2L);
        }
    }

    @Test
    void take_givesAWaitingMemberOnce_andTheRefillWaitsForRelease() {
        FakeStarter starter = new FakeStarter();
        try (WorkerPool<FakeMember> pool = new WorkerPool<>(List.of("python3"), 1, starter)) {
            await().atMost(PATIENCE).until(() -> waiting(pool, "python3") == 1);

            FakeMember taken = pool.take("python3").orElseThrow();

            assertThat(taken).isSameAs(starter.started.get(0));
            assertThat(pool.take("python3")).isEmpty();
            assertThat(starter.started).hasSize(1);
            pool.release("python3");
            await().atMost(PATIENCE).until(() -> waiting(pool, "python3") == 1);
            assertThat(pool.take("python3")).containsSame(starter.started.get(1));
            assertThat(pool.stats().get(0).taken()).isEqualTo(2);
        }
    }

    @Test
    void take_skipsADeadMember_andTheDeadOneIsReplaced() {
        FakeStarter starter = new FakeStarter();
        try (WorkerPool<FakeMember> pool = new WorkerPool<>(List.of("python3"), 1, starter)) {
            await().atMost(PATIENCE).until(() -> waiting(pool, "python3") == 1);

            starter.started.get(0).exit.complete(null);

            await().atMost(PATIENCE).until(() -> starter.started.size() == 2 && waiting(pool, "python3") == 1);
            assertThat(pool.take("python3")).containsSame(starter.started.get(1));
        }
    }

    @Test
    void take_unknownPoolOrSizeZero_empty() {
        FakeStarter starter = new FakeStarter();
        try (WorkerPool<FakeMember> none = new WorkerPool<>(List.of("python3"), 0, starter)) {
            assertThat(none.serves("python3")).isFalse();
            assertThat(none.take("python3")).isEmpty();
            assertThat(none.take("ruby")).isEmpty();
            assertThat(starter.attempts).hasValue(0);
        }
    }

    @Test
    void failingStarts_areRetriedAfterAPause_notInATightLoop() {
        FakeStarter starter = new FakeStarter();
        starter.failing = true;
        try (WorkerPool<FakeMember> pool = new WorkerPool<>(List.of("python3"), 2, starter)) {
            await().atMost(PATIENCE).until(() -> starter.attempts.get() >= 1);

            starter.failing = false;

            await().atMost(PATIENCE).until(() -> waiting(pool, "python3") == 2);
            assertThat(starter.attempts.get()).isLessThanOrEqualTo(4);
        }
    }

    @Test
    void close_killsWaitingMembers_andStartsNoMore() {
        FakeStarter starter = new FakeStarter();
        WorkerPool<FakeMember> pool = new WorkerPool<>(List.of("python3"), 2, starter);
        await().atMost(PATIENCE).until(() -> waiting(pool, "python3") == 2);

        pool.close();

        assertThat(starter.started).allMatch(member -> !member.isAlive());
        assertThat(pool.take("python3")).isEmpty();
        assertThat(starter.started).hasSize(2);
    }
}
