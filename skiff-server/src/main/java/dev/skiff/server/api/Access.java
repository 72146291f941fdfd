package dev.skiff.server.api;

import dev.skiff.api.Quote;
import dev.skiff.server.auth.Role;
import dev.skiff.server.auth.TokenRecord;
import dev.skiff.server.auth.TokenSecrets;
import dev.skiff.server.auth.Tokens;
import dev.skiff.server.errors.ErrorCode;
import dev.skiff.server.errors.SkiffException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.Set;

/**
 * The token checks of the management routes, after the {@link BrowserGuard}'s and before a route
 * reads its body: {@link #authenticate} answers 401 to a request without a valid token, and each
 * route's {@link #needs} answers 403 when the token's role does not allow the route. Open, with no
 * token: the agent's {@code /health}; asynchronous invocation (whose function decides, as the
 * gateway does for synchronous ones); {@code /metrics} with {@code --metrics-public}; the agent's
 * API with {@code --agent-api-open}.
 */
public final class Access {
    private static final String TOKEN = "skiff.token";
    private static final Set<String> AGENT_PATHS = Set.of("/deploy", "/invoke", "/functions");

    private final Tokens tokens;
    private final boolean metricsPublic;
    private final boolean agentApiOpen;

    /** Checks against {@code tokens}; {@code metricsPublic} and {@code agentApiOpen} open those routes. */
    public Access(Tokens tokens, boolean metricsPublic, boolean agentApiOpen) {
        this.tokens = tokens;
        this.metricsPublic = metricsPublic;
        this.agentApiOpen = agentApiOpen;
    }

    /**
     * The first check of every route: lets an open route on (knowing its caller when it sent a valid
     * Skiff token), else a request with a valid token (401 otherwise).
     */
    void authenticate(RoutingContext ctx) {
        String authorization = ctx.request().getHeader("Authorization");
        if (open(ctx.request().path())) {
            if (TokenSecrets.carriesSkiffToken(authorization) && tokens.check(authorization) instanceof Tokens.Accepted known) {
                ctx.put(TOKEN, known.token());
            }
            ctx.next();
            return;
        }
        switch (tokens.check(authorization)) {
            case Tokens.Accepted accepted -> {
                ctx.put(TOKEN, accepted.token());
                ctx.next();
            }
            case Tokens.Refused refused -> Bodies.refuse(ctx, new SkiffException(ErrorCode.UNAUTHORIZED, refused.message()));
        }
    }

    /**
     * A route's first handler: lets on a token whose role covers {@code role} and that reaches the
     * request's namespace ({@link NamespacePaths}; 403 otherwise), and any request on a route
     * {@link #authenticate} let through without one (an open route).
     */
    Handler<RoutingContext> needs(Role role) {
        return ctx -> {
            Optional<TokenRecord> token = token(ctx);
            String namespace = NamespacePaths.of(ctx);
            if (token.isPresent() && !token.get().role().covers(role)) {
                Bodies.refuse(ctx, forbidden(token.get(), role, ctx.request().method() + " " + ctx.request().path()));
            } else if (token.isPresent() && !token.get().reaches(namespace)) {
                Bodies.refuse(ctx, new SkiffException(ErrorCode.FORBIDDEN, "the token " + Quote.value(token.get().name())
                        + " reaches the namespace(s) " + String.join(", ", token.get().namespaces()) + ", not " + namespace));
            } else {
                ctx.next();
            }
        };
    }

    /** As {@link #needs}, in any namespace: for routes about the token itself or listing what it reaches. */
    Handler<RoutingContext> needsAnywhere(Role role) {
        return ctx -> {
            Optional<TokenRecord> token = token(ctx);
            if (token.isEmpty() || token.get().role().covers(role)) {
                ctx.next();
            } else {
                Bodies.refuse(ctx, forbidden(token.get(), role, ctx.request().method() + " " + ctx.request().path()));
            }
        };
    }

    /** The token the request presented, if it presented one (not on an open route). */
    static Optional<TokenRecord> token(RoutingContext ctx) {
        return Optional.ofNullable(ctx.get(TOKEN));
    }

    /** The 403 for {@code token} doing {@code what}, which needs {@code role}. */
    static SkiffException forbidden(TokenRecord token, Role role, String what) {
        return new SkiffException(ErrorCode.FORBIDDEN, "the token " + Quote.value(token.name()) + " has the role "
                + token.role().text() + "; " + Quote.plain(what, Quote.MAX_SHOWN) + " needs the role " + role.text()
                + (role == Role.ADMIN ? "" : " or admin"));
    }

    private boolean open(String path) {
        if (path == null) {
            return false;
        }
        return path.equals("/health") || path.startsWith("/async-function/")
                || metricsPublic && path.equals("/metrics")
                || agentApiOpen && AGENT_PATHS.contains(path);
    }
}
