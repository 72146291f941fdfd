package dev.skiff.server.api;

import dev.skiff.server.errors.Errors;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;

/**
 * Runs control-plane work (deploys, database, files, process waits) on its own platform thread,
 * completing back on the caller's context. Not a virtual thread: pipe reads and
 * {@code Process.waitFor} pin a virtual thread's carrier (on JDK 21 to 23 {@code Object.wait} does
 * too), and on a two-core machine two pinned carriers stall every other virtual thread.
 */
public final class Blocking {
    private Blocking() {}

    /** Runs {@code work} on a platform thread of its own; the future completes on the caller's context. */
    public static <T> Future<T> call(Callable<T> work) {
        Context context = Vertx.currentContext();
        Promise<T> promise = Promise.promise();
        Thread.ofPlatform().daemon().name("skiff-control").start(() -> {
            try {
                T result = work.call();
                context.runOnContext(v -> promise.complete(result));
            } catch (Throwable failure) {
                context.runOnContext(v -> promise.fail(failure));
            }
        });
        return promise.future();
    }

    /**
     * Runs an API call's {@code work} off the event loop and answers with its result as JSON and
     * {@code status}, or with the failure's {@code {error, message}}.
     */
    public static void reply(RoutingContext ctx, int status, Callable<Object> work) {
        call(work).onComplete(ar -> {
            if (ar.succeeded()) {
                Json.write(ctx.response(), status, ar.result());
            } else {
                Errors.write(ctx.response(), ar.cause());
            }
        });
    }
}
