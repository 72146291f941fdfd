package dev.skiff.server.activations;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.skiff.api.Documents;
import dev.skiff.server.dataplane.FunctionCaller;
import dev.skiff.server.dataplane.InternalHeaders;
import dev.skiff.server.dataplane.Invocation;
import dev.skiff.server.store.EventsDatabase;
import dev.skiff.server.store.StoreException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Asynchronous invocations: a request is stored (committed) before its 202, then invoked through the
 * gateway; its activation record carries the id the 202 gave. A request still stored when the
 * server stops is invoked after the next start. When the request named an {@code X-Callback-Url},
 * the function's answer is POSTed there, with {@code X-Skiff-Activation-Id} and {@code X-Skiff-Status},
 * by the {@link CallbackSender}, which checks the URL before the request is stored and again before it sends.
 */
public final class AsyncInvoker implements AutoCloseable {
    /** The header naming where the result goes. */
    public static final String CALLBACK_HEADER = "X-Callback-Url";
    private static final Duration BUSY_RETRY = Duration.ofSeconds(1);
    private final EventsDatabase db;
    private final FunctionCaller caller;
    private final CallbackSender callbacks;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("skiff-async-retry").unstarted(r));

    /** The stored form of a queued request. */
    record Stored(String id, String function, String method, String uri, List<List<String>> headers, String body,
                  String callback) {}

    /** Invocations kept in {@code db}, made through {@code caller}, their answers sent to callbacks by {@code callbacks}. */
    public AsyncInvoker(EventsDatabase db, FunctionCaller caller, CallbackSender callbacks) {
        this.db = db;
        this.caller = caller;
        this.callbacks = callbacks;
    }

    /** Invokes every request stored before the last stop. */
    public void start() {
        List<Stored> pending = db.read(c -> {
            List<Stored> found = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT request FROM async_invocations ORDER BY created");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(read(rs.getString(1)));
                }
            }
            return found;
        });
        pending.forEach(this::dispatch);
    }

    /**
     * Stores the request and answers its activation id once committed; the invocation follows. A
     * callback URL the server will not call fails it with a {@code ValidationException}, before anything is stored.
     */
    public CompletableFuture<String> submit(String function, Invocation invocation) {
        String callback = invocation.headers().get(CALLBACK_HEADER);
        return callbacks.admit(callback).thenCompose(v -> store(function, invocation, callback));
    }

    private CompletableFuture<String> store(String function, Invocation invocation, String callback) {
        String id = ActivationRecorder.newId();
        List<List<String>> headers = new ArrayList<>();
        invocation.headers().forEach(h -> headers.add(List.of(h.getKey(), h.getValue())));
        Stored stored = new Stored(id, function, invocation.method().name(), invocation.uri(), headers,
                Base64.getEncoder().encodeToString(invocation.body().getBytes()), callback);
        String json = json(stored);
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO async_invocations (id, function, request, created) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, function);
                ps.setString(3, json);
                ps.setLong(4, System.currentTimeMillis());
                return ps.executeUpdate();
            }
        }).thenApply(rows -> {
            dispatch(stored);
            return id;
        });
    }

    /** Whether the request of this id is still waiting to be invoked. */
    public boolean pending(String id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM async_invocations WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    private void dispatch(Stored stored) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        stored.headers().forEach(h -> headers.add(h.get(0), h.get(1)));
        headers.remove(CALLBACK_HEADER);
        headers.set(InternalHeaders.ACTIVATION_ID, stored.id());
        Invocation invocation = new Invocation(HttpMethod.valueOf(stored.method()), stored.uri(), headers,
                Buffer.buffer(Base64.getDecoder().decode(stored.body())));
        caller.call(stored.function(), invocation).thenAccept(answer -> {
            if (answer.error() != null && answer.status() == 503) {
                retries.schedule(() -> dispatch(stored), BUSY_RETRY.toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
            db.write(c -> {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM async_invocations WHERE id = ?")) {
                    ps.setString(1, stored.id());
                    return ps.executeUpdate();
                }
            }).thenCompose(v -> callback(stored, answer));
        });
    }

    private CompletionStage<?> callback(Stored stored, FunctionCaller.Answer answer) {
        if (stored.callback() == null || stored.callback().isBlank()) {
            return CompletableFuture.completedFuture(null);
        }
        return callbacks.send(stored.id(), stored.callback(), answer);
    }

    private static String json(Stored stored) {
        try {
            return Documents.json().writeValueAsString(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a request", e);
        }
    }

    private static Stored read(String json) {
        try {
            return Documents.json().readValue(json, Stored.class);
        } catch (JsonProcessingException e) {
            throw new StoreException("a stored asynchronous request cannot be read: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public void close() {
        retries.shutdownNow();
        callbacks.close();
    }

    /** The 202's body for activation {@code id}. */
    public static Map<String, Object> accepted(String id) {
        return Map.of("activationId", id);
    }
}
