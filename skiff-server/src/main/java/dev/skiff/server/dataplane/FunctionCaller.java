package dev.skiff.server.dataplane;

import dev.skiff.server.errors.Errors;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.util.concurrent.CompletableFuture;

/**
 * Invokes functions through the {@link FunctionInvoker} from threads that are not Vert.x's (trigger
 * runners, the cron scheduler, the asynchronous queue): each call runs on one event-loop context,
 * and the answer, whatever its status, or the gateway's failure, comes back as an {@link Answer}.
 */
public final class FunctionCaller {
    private final FunctionInvoker gateway;
    private final Context context;

    /** A caller through {@code gateway}, on one event-loop context of {@code vertx}. */
    public FunctionCaller(Vertx vertx, FunctionInvoker gateway) {
        this.gateway = gateway;
        this.context = vertx.getOrCreateContext();
    }

    /**
     * What a call came to.
     *
     * @param status the function's HTTP status, or the gateway's error status (404 no function, 503, 504...)
     * @param headers the answer's headers (empty on a gateway failure)
     * @param body the answer's body, or the error's JSON
     * @param error the gateway's failure message, or null when the function answered
     * @param revision the revision that answered, or null when none did
     * @param instance the id of the instance that answered, or null when none did
     */
    public record Answer(int status, MultiMap headers, Buffer body, String error, String revision, String instance) {
        /** An answer no revision gave: the gateway's failure, or none at all. */
        public Answer(int status, MultiMap headers, Buffer body, String error) {
            this(status, headers, body, error, null, null);
        }

        /** True for a 2xx answer of the function. */
        public boolean succeeded() {
            return error == null && status / 100 == 2;
        }
    }

    /** POSTs {@code body} with {@code headers} to the function's root path. */
    public CompletableFuture<Answer> post(String function, MultiMap headers, Buffer body) {
        return call(function, new Invocation(HttpMethod.POST, "/", headers, body));
    }

    /** Sends the invocation to the function. */
    public CompletableFuture<Answer> call(String function, Invocation invocation) {
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        context.runOnContext(v -> gateway.invoke(function, invocation).onComplete(ar -> {
            if (ar.succeeded()) {
                InvocationResult result = ar.result();
                answer.complete(new Answer(result.status(), result.headers(), result.body(), null, result.revision(),
                        result.instance()));
            } else {
                var failure = Errors.classify(ar.cause());
                answer.complete(new Answer(failure.code().status(), MultiMap.caseInsensitiveMultiMap(),
                        Buffer.buffer(failure.getMessage()), failure.getMessage()));
            }
        }));
        return answer;
    }
}
