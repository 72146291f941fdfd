package dev.skiff.server.http;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;

/** Runs control-plane work (deploys, database, files) on a virtual thread, completing back on the caller's context. */
final class Blocking {
    private Blocking() {}

    static <T> Future<T> call(Callable<T> work) {
        Context context = Vertx.currentContext();
        Promise<T> promise = Promise.promise();
        Thread.ofVirtual().name("control").start(() -> {
            try {
                T result = work.call();
                context.runOnContext(v -> promise.complete(result));
            } catch (Throwable failure) {
                context.runOnContext(v -> promise.fail(failure));
            }
        });
        return promise.future();
    }
}
