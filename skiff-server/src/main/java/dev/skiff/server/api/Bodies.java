package dev.skiff.server.api;

import dev.skiff.server.errors.ErrorCode;
import dev.skiff.server.errors.Errors;
import dev.skiff.server.errors.SkiffException;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Reads a management route's body under the route's rule before its handler runs: its media type
 * (415 naming the type to send otherwise), then its size, refused with 413 as soon as the declared
 * length or the bytes read pass the route's limit, so no more than the limit is ever held; the
 * connection is closed after such a refusal instead of reading the rest. Form bodies are never
 * decoded: a route reads bytes.
 */
final class Bodies {
    /** The largest document on a route that takes a function and its inline source: 32 MiB (a 24 MB zip). */
    static final long SOURCE_DOCUMENT_LIMIT = 32L << 20;
    /** The largest document on every other route: 1 MiB. */
    static final long DOCUMENT_LIMIT = 1L << 20;
    /** The largest event or topic message accepted: 6 MiB, as a function's default request limit. */
    static final long DATA_LIMIT = 6L << 20;
    private static final String BODY = "skiff.body";
    private static final Predicate<String> NOT_A_FORM =
            type -> !type.equals("application/x-www-form-urlencoded") && !type.equals("multipart/form-data");
    private static final Function<String, String> DATA_REFUSAL = type -> "this route reads the body's bytes as they "
            + "are; send them with the data's own Content-Type (e.g. application/json or application/octet-stream), "
            + "not a form's " + type;

    private Bodies() {}

    /** A JSON or YAML document of at most {@code limit} bytes. */
    static Handler<RoutingContext> document(long limit) {
        return reader(limit, MediaTypes::isDocument, type -> "this route reads a JSON or YAML document: send it with "
                + "Content-Type: application/json (or application/yaml), not " + type);
    }

    /** Data of any media type but a form's, of at most {@code limit} bytes (event ingress, topic messages). */
    static Handler<RoutingContext> data(long limit) {
        return reader(limit, NOT_A_FORM, DATA_REFUSAL);
    }



    /** The body read by {@link #document} or {@link #data}, as text. */
    static String text(RoutingContext ctx) {
        return buffer(ctx).toString();
    }

    /** The body read by {@link #document} or {@link #data}; empty when none was sent. */
    static Buffer buffer(RoutingContext ctx) {
        Buffer body = ctx.get(BODY);
        return body == null ? Buffer.buffer() : body;
    }

    /** Refuses the request with {@code failure} and closes the connection once that is written, leaving the body unread. */
    static void refuse(RoutingContext ctx, SkiffException failure) {
        if (!ctx.response().ended() && !ctx.response().closed()) {
            ctx.request().pause();
            ctx.response().putHeader("Connection", "close").endHandler(v -> ctx.request().connection().close());
            Errors.write(ctx.response(), failure);
        }
    }

    /** The 413 for a body over {@code limit} bytes. */
    static SkiffException tooLarge(long limit) {
        return new SkiffException(ErrorCode.PAYLOAD_TOO_LARGE, "the body is over this route's limit of " + limit + " bytes"
                + (limit >= SOURCE_DOCUMENT_LIMIT ? "; deploy larger code from a volume or as an image (skiff build)" : ""));
    }

    /** Answers {@code 100 Continue} when the client waits for it before it sends the body (curl does past 1 MiB). */
    static void continueIfAsked(RoutingContext ctx) {
        if (ctx.request().headers().contains("Expect", "100-continue", true)) {
            ctx.response().writeContinue();
        }
    }

    /** The request's declared length, or -1 when it declares none (or a malformed one). */
    static long declaredLength(HttpServerRequest request) {
        String header = request.getHeader("Content-Length");
        try {
            return header == null ? -1 : Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Handler<RoutingContext> reader(long limit, Predicate<String> accepts, Function<String, String> refusal) {
        return ctx -> read(ctx, limit, accepts, refusal, () -> tooLarge(limit), body -> {
            ctx.put(BODY, body);
            ctx.next();
        });
    }

    /**
     * Reads the body under these rules and hands it to {@code then}; refuses with 415 when
     * {@code accepts} refuses its media type ({@code refusal} says why), with {@code tooLarge} past {@code limit}.
     */
    static void read(RoutingContext ctx, long limit, Predicate<String> accepts, Function<String, String> refusal,
                     Supplier<SkiffException> tooLarge, Handler<Buffer> then) {
        HttpServerRequest request = ctx.request();
        String type = MediaTypes.of(request.getHeader("Content-Type"));
        if (!accepts.test(type)) {
            refuse(ctx, new SkiffException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, refusal.apply(type)));
            return;
        }
        if (declaredLength(request) > limit) {
            refuse(ctx, tooLarge.get());
            return;
        }
        continueIfAsked(ctx);
        // Chunks are kept as they come and joined once at the end: a buffer grown chunk by chunk would copy
        // the body over and over, and the copies' garbage costs more memory than the body itself.
        List<Buffer> chunks = new ArrayList<>();
        long[] size = {0};
        request.handler(chunk -> {
            size[0] += chunk.length();
            if (size[0] > limit) {
                request.handler(null);
                chunks.clear();
                refuse(ctx, tooLarge.get());
            } else {
                chunks.add(chunk);
            }
        });
        request.endHandler(v -> {
            if (!ctx.response().ended()) {
                Buffer body = Buffer.buffer((int) size[0]);
                chunks.forEach(body::appendBuffer);
                then.handle(body);
            }
        });
        request.resume();
    }
}
