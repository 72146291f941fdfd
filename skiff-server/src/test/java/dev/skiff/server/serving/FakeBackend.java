package dev.skiff.server.serving;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An instance backend with no processes: an instance "starts" at once (or fails, when told to), and
 * "exits" when it is stopped, killed or told to {@linkplain FakeInstance#die die}. For tests of
 * serving and scaling.
 */
final class FakeBackend implements InstanceBackend {
    private final Clock clock;
    private final AtomicInteger ids = new AtomicInteger();
    private final Queue<String> failures = new ArrayDeque<>();
    /** Every instance started, in order, live or not. */
    final List<FakeInstance> started = new CopyOnWriteArrayList<>();

    FakeBackend(Clock clock) {
        this.clock = clock;
    }

    /** The next {@code times} starts fail with {@code message}. */
    synchronized void failNext(int times, String message) {
        for (int i = 0; i < times; i++) {
            failures.add(message);
        }
    }

    @Override
    public Instance start(InstanceSpec spec) throws StartException {
        String failure;
        synchronized (this) {
            failure = failures.poll();
        }
        if (failure != null) {
            throw new StartException(failure);
        }
        FakeInstance instance = new FakeInstance(spec.revision() + "-" + ids.incrementAndGet(), spec, clock.instant());
        started.add(instance);
        return instance;
    }

    /** The instances started that have not exited. */
    List<FakeInstance> live() {
        return started.stream().filter(FakeInstance::isAlive).toList();
    }

    @Override
    public List<PoolStats> poolStats() {
        return List.of();
    }

    @Override
    public void close() {
        started.forEach(FakeInstance::kill);
    }

    /** An instance of the fake backend. */
    static final class FakeInstance implements Instance {
        private final String id;
        private final InstanceSpec spec;
        private final Instant startedAt;
        private final CompletableFuture<Integer> exit = new CompletableFuture<>();
        /** How it was ended: "stopped", "killed", "died", or null while it runs. */
        volatile String ending;

        FakeInstance(String id, InstanceSpec spec, Instant startedAt) {
            this.id = id;
            this.spec = spec;
            this.startedAt = startedAt;
        }

        /** Exits by itself, as a crashing worker does. */
        void die() {
            end("died", 1);
        }

        private void end(String how, int status) {
            if (ending == null) {
                ending = how;
            }
            exit.complete(status);
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String function() {
            return spec.function();
        }

        @Override
        public String revision() {
            return spec.revision();
        }

        @Override
        public int port() {
            return 0;
        }

        @Override
        public Optional<Path> socket() {
            return Optional.empty();
        }

        @Override
        public long pid() {
            return -1;
        }

        @Override
        public boolean pooled() {
            return false;
        }

        @Override
        public Instant startedAt() {
            return startedAt;
        }

        @Override
        public CompletableFuture<Integer> exit() {
            return exit;
        }

        @Override
        public boolean isAlive() {
            return !exit.isDone();
        }

        @Override
        public void kill() {
            end("killed", 137);
        }

        @Override
        public void stop(Duration grace) {
            end("stopped", 0);
        }

        @Override
        public String toString() {
            return id;
        }
    }
}
