package dev.skiff.server.serving;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One running instance of a revision, as the serving side sees it: where it listens, when it
 * started, and how to stop it. An {@link InstanceBackend} makes them.
 */
public interface Instance {
    /** A short id, unique among the server's instances. */
    String id();

    /** The function it serves. */
    String function();

    /** The revision it serves. */
    String revision();

    /** The loopback port its HTTP server listens on. */
    int port();

    /**
     * The Unix socket it also listens on ({@code SKIFF_SOCKET}), which the gateway uses instead of
     * the port; empty when it listens on its port only (an HTTP app, the Java runtime).
     */
    Optional<Path> socket();

    /** The operating system's process id of what the backend started, or -1 when it is no process of this host. */
    long pid();

    /** True when it was a pre-started generic worker handed this function. */
    boolean pooled();

    /** When it was started or, when it came from a pool, handed its function. */
    Instant startedAt();

    /** Completes with the exit status when it ends, for whatever reason. */
    CompletableFuture<Integer> exit();

    /**
     * When the kernel killed it (or a process of it) for using more memory than its limit: a
     * sentence saying so and naming the limit; empty otherwise, and for backends without limits.
     */
    default Optional<String> outOfMemory() {
        return Optional.empty();
    }

    /** True while it runs. */
    boolean isAlive();

    /** Stops it at once, with anything it started. */
    void kill();

    /** Asks it to finish its requests and stop, killing it after {@code grace}. Blocking. */
    void stop(Duration grace);
}
