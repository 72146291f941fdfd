package dev.skiff.server.http;

import dev.skiff.server.ErrorCode;
import dev.skiff.server.SkiffException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import java.util.function.BooleanSupplier;

/**
 * The first handler of every request. In order: while the server is starting or stopping it answers
 * 503; invocations ({@code /function/{name}[/path]} and {@code /api/v1/functions/{name}/invoke})
 * take the fast path straight to the {@link InvokeHandler}, which reads the body itself under the
 * function's size limit; everything else goes to the router of the REST and agent APIs.
 */
public final class Front implements Handler<HttpServerRequest> {
    private static final String FUNCTION_PREFIX = "/function/";
    private static final String API_PREFIX = "/api/v1/functions/";
    private static final String INVOKE_SUFFIX = "/invoke";
    private final InvokeHandler invoke;
    private final Router router;
    private final BooleanSupplier ready;

    /** A front for these handlers; {@code ready} says whether the server serves yet. */
    public Front(InvokeHandler invoke, Router router, BooleanSupplier ready) {
        this.invoke = invoke;
        this.router = router;
        this.ready = ready;
    }

    @Override
    public void handle(HttpServerRequest request) {
        String path = request.path();
        boolean probe = path.equals("/healthz") || path.equals("/readyz");
        if (!probe && !ready.getAsBoolean()) {
            Errors.write(request.response(), new SkiffException(ErrorCode.UNAVAILABLE, "the server is starting or stopping"));
            return;
        }
        if (path.startsWith(FUNCTION_PREFIX)) {
            String rest = request.uri().substring(FUNCTION_PREFIX.length());
            int end = firstOf(rest, '/', '?');
            invoke.handle(request, rest.substring(0, end), functionUri(rest.substring(end)));
        } else if (path.startsWith(API_PREFIX) && path.endsWith(INVOKE_SUFFIX)
                && path.indexOf('/', API_PREFIX.length()) == path.length() - INVOKE_SUFFIX.length()) {
            String name = path.substring(API_PREFIX.length(), path.length() - INVOKE_SUFFIX.length());
            String query = request.query();
            invoke.handle(request, name, query == null ? "/" : "/?" + query);
        } else {
            router.handle(request);
        }
    }

    private static int firstOf(String s, char a, char b) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == a || s.charAt(i) == b) {
                return i;
            }
        }
        return s.length();
    }

    /** The function-relative URI: always starts with '/', keeps the query. */
    private static String functionUri(String rest) {
        return rest.isEmpty() ? "/" : rest.charAt(0) == '?' ? "/" + rest : rest;
    }
}
