package dev.skiff.server.front;

import dev.skiff.core.InvocationTarget;
import dev.skiff.server.errors.ErrorCode;
import dev.skiff.server.errors.Errors;
import dev.skiff.server.errors.SkiffException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import java.util.function.BooleanSupplier;

/**
 * The first handler of every request. In order: while the server is starting or stopping it answers
 * 503; invocations ({@link InvocationTarget}) go straight to the {@link InvokeHandler}, which reads the
 * body itself under the function's size limit; everything else goes to the router of the REST and
 * agent APIs. (Most invocations never get here: {@link PipelineInvoker} answers them under Vert.x.)
 */
public final class Front implements Handler<HttpServerRequest> {
    private final InvokeHandler invoke;
    private final Router router;
    private final BooleanSupplier ready;
    private final PipelineInvoker pipeline;

    /** A front for these handlers; {@code ready} says whether the server serves yet. */
    public Front(InvokeHandler invoke, Router router, BooleanSupplier ready) {
        this.invoke = invoke;
        this.router = router;
        this.ready = ready;
        this.pipeline = new PipelineInvoker(invoke.gateway(), invoke.tokens(), ready);
    }

    /** Prepares a new connection: HTTP/1.1 ones get the {@link PipelineInvoker}. */
    void connected(HttpConnection connection) {
        pipeline.install(connection);
    }

    /** Requests the pipeline invoker has answered (the rest of the invocations went through {@link InvokeHandler}). */
    public long answeredOnPipeline() {
        return pipeline.answered();
    }

    /** Invocations the pipeline invoker is answering, which Vert.x's graceful shutdown does not see. */
    int invocationsInFlight() {
        return pipeline.inFlight();
    }

    @Override
    public void handle(HttpServerRequest request) {
        String path = request.path();
        boolean probe = path.equals("/healthz") || path.equals("/readyz");
        if (!probe && !ready.getAsBoolean()) {
            Errors.write(request.response(), new SkiffException(ErrorCode.UNAVAILABLE, "the server is starting or stopping"));
            return;
        }
        InvocationTarget target = InvocationTarget.of(path, request.query());
        if (target != null) {
            invoke.handle(request, target);
        } else {
            router.handle(request);
        }
    }
}
