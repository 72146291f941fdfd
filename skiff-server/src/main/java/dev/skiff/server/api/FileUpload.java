package dev.skiff.server.api;

import dev.skiff.server.errors.ErrorCode;
import dev.skiff.server.errors.Errors;
import dev.skiff.server.errors.SkiffException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.nio.channels.WritableByteChannel;

/**
 * Streams a request's body into a file, so an upload costs the server a write buffer, not the
 * file's size in memory: the body goes to a temporary file beside the target, which replaces the
 * target only once the whole body arrived within the limit. The target opens the temporary file
 * itself (without following links, so none planted in a volume redirects the write) and hands over
 * the open channel, which {@link ChannelWriter} writes. Any media type is taken but a form's (a form
 * would be stored with its encoding); a body over the limit answers 413 as soon as it is declared or
 * read, and the connection is closed.
 */
final class FileUpload {
    /** The largest file one upload writes: 1 GiB. */
    static final long LIMIT = 1L << 30;

    private FileUpload() {}

    /** Where an upload goes; every method blocks and runs off the event loop. */
    interface Target {
        /** Checks the target and makes what it needs; the temporary file to write, beside it, open. */
        WritableByteChannel prepare();

        /** Closes the written temporary file and puts it in place; the answer for {@code size} bytes. */
        Object commit(long size);

        /** Closes and removes the temporary file of an upload that failed. */
        void discard();
    }

    /** Prepares the target, streams the body into its temporary file, commits it, and answers 201 with the commit's answer. */
    static void receive(RoutingContext ctx, Target target) {
        HttpServerRequest request = ctx.request();
        String type = MediaTypes.of(request.getHeader("Content-Type"));
        if (type.equals("application/x-www-form-urlencoded") || type.equals("multipart/form-data")) {
            Bodies.refuse(ctx, new SkiffException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send the file's bytes as "
                    + "application/octet-stream (curl --data-binary @FILE -H 'Content-Type: application/octet-stream'), "
                    + "not as a form (" + type + ")"));
            return;
        }
        if (Bodies.declaredLength(request) > LIMIT) {
            Bodies.refuse(ctx, Bodies.tooLarge(LIMIT));
            return;
        }
        request.pause();
        Blocking.call(target::prepare).onComplete(prepared -> {
            if (prepared.failed()) {
                Bodies.refuse(ctx, Errors.classify(prepared.cause()));
                return;
            }
            Bodies.continueIfAsked(ctx);
            copy(request, new ChannelWriter(ctx.vertx(), prepared.result()))
                    .compose(size -> Blocking.call(() -> target.commit(size)))
                    .onSuccess(answer -> Json.write(ctx.response(), 201, answer))
                    .onFailure(failure -> {
                        Blocking.call(() -> {
                            target.discard();
                            return null;
                        });
                        if (request.isEnded()) {
                            Errors.write(ctx.response(), failure);
                        } else {
                            Bodies.refuse(ctx, Errors.classify(failure));
                        }
                    });
        });
    }

    /** Writes the body through {@code writer} (pausing the request while too much waits); the bytes written. */
    private static Future<Long> copy(HttpServerRequest request, ChannelWriter writer) {
        long[] written = {0};
        Promise<Long> done = Promise.promise();
        writer.outcome().onFailure(failure -> {
            request.handler(null);
            done.tryFail(failure);
        });
        request.handler(chunk -> {
            written[0] += chunk.length();
            if (written[0] > LIMIT) {
                request.handler(null);
                done.tryFail(Bodies.tooLarge(LIMIT));
                return;
            }
            writer.write(chunk);
            if (writer.full()) {
                request.pause();
                writer.whenDrained(request::resume);
            }
        });
        request.exceptionHandler(done::tryFail);
        request.endHandler(v -> writer.end().onComplete(ended -> {
            if (ended.succeeded()) {
                done.tryComplete(written[0]);
            } else {
                done.tryFail(ended.cause());
            }
        }));
        request.resume();
        return done.future();
    }
}
