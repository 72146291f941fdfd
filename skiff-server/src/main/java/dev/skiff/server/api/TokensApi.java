package dev.skiff.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Quote;
import dev.skiff.server.auth.Role;
import dev.skiff.server.auth.TokenRecord;
import dev.skiff.server.auth.Tokens;
import dev.skiff.server.errors.ErrorCode;
import dev.skiff.server.errors.SkiffException;
import io.vertx.ext.web.RoutingContext;
import java.util.Iterator;
import dev.skiff.api.Namespaces;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/v1/tokens}: makes (answering the secret, once), lists (never a secret) and revokes
 * tokens. Admin only (the route table says so).
 */
public final class TokensApi {
    private static final Set<String> FIELDS = Set.of("name", "role", "namespaces");
    private final Tokens tokens;
    private final java.util.function.Predicate<String> namespaceExists;

    /** The API over {@code tokens}; a token may name only namespaces {@code namespaceExists} knows. */
    public TokensApi(Tokens tokens, java.util.function.Predicate<String> namespaceExists) {
        this.tokens = tokens;
        this.namespaceExists = namespaceExists;
    }

    /** {@code POST /api/v1/tokens} {@code {"name", "role"}}: 201 with the token's record and its secret, {@code token}. */
    public void create(RoutingContext ctx) {
        Blocking.reply(ctx, 201, () -> {
            JsonNode body = body(Bodies.text(ctx));
            String name = body.path("name").isTextual() ? body.get("name").asText() : null;
            if (name == null) {
                throw new SkiffException(ErrorCode.VALIDATION_FAILED, "name is required: the token's name, e.g. {\"name\": "
                        + "\"ci\", \"role\": \"developer\"}");
            }
            String roleText = body.path("role").isTextual() ? body.get("role").asText() : null;
            Role role = Role.parse(roleText).orElseThrow(() -> new SkiffException(ErrorCode.VALIDATION_FAILED,
                    "role is required, one of " + Role.names() + (roleText == null ? "" : "; not " + Quote.value(roleText))));
            Tokens.Created created = tokens.create(name, role, namespaces(body.get("namespaces"), role));
            Map<String, Object> answer = view(created.token());
            answer.put("token", created.secret());
            return answer;
        });
    }

    /** {@code GET /api/v1/tokens}: every token's name, role, creation and last use. */
    public void list(RoutingContext ctx) {
        Blocking.reply(ctx, 200, () -> Map.of("items", tokens.list().stream().map(TokensApi::view).toList()));
    }

    /** {@code GET /api/v1/whoami}: the token the request presented (any role; the route is never open). */
    public void whoami(RoutingContext ctx) {
        Json.write(ctx.response(), 200, view(Access.token(ctx).orElseThrow()));
    }

    /** {@code DELETE /api/v1/tokens/:name}: revokes it at once; answers it as it was. */
    public void revoke(RoutingContext ctx) {
        Blocking.reply(ctx, 200, () -> view(tokens.revoke(ctx.pathParam("name"))));
    }

    private static Map<String, Object> view(TokenRecord token) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", token.name());
        view.put("role", token.role().text());
        view.put("created", token.created().toString());
        view.put("lastUsed", token.lastUsed() == null ? null : token.lastUsed().toString());
        view.put("namespaces", token.role() == Role.ADMIN ? List.of("*") : token.namespaces());
        return view;
    }

    /** The namespaces a new token reaches: those given (each must exist), else default for a developer or invoker token. */
    private List<String> namespaces(JsonNode given, Role role) {
        if (given == null || given.isNull()) {
            return role == Role.ADMIN ? List.of() : List.of(Namespaces.DEFAULT);
        }
        if (!given.isArray()) {
            throw new SkiffException(ErrorCode.VALIDATION_FAILED, "namespaces must be a list of namespace names");
        }
        List<String> names = new java.util.ArrayList<>();
        for (JsonNode item : given) {
            String name = item.isTextual() ? item.asText() : null;
            String problem = Namespaces.problem(name);
            if (problem != null) {
                throw new SkiffException(ErrorCode.VALIDATION_FAILED, "namespaces: " + problem);
            }
            if (!namespaceExists.test(name)) {
                throw new SkiffException(ErrorCode.VALIDATION_FAILED, "namespaces: there is no namespace " + Quote.value(name));
            }
            names.add(name);
        }
        return names;
    }

    private static JsonNode body(String text) {
        JsonNode body = ObjectBodies.read(text, "{\"name\": \"ci\", \"role\": \"developer\"}");
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!FIELDS.contains(field)) {
                throw new SkiffException(ErrorCode.VALIDATION_FAILED, "unknown field " + Quote.value(field)
                        + ": a token has a name, a role and namespaces");
            }
        }
        return body;
    }
}
