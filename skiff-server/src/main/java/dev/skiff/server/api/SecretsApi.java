package dev.skiff.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Function;
import dev.skiff.api.Quote;
import dev.skiff.server.errors.ErrorCode;
import dev.skiff.server.errors.SkiffException;
import dev.skiff.server.secrets.SecretService;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code /api/v1/secrets}, in the request's namespace ({@link NamespacePaths}): made and replaced
 * from a Kubernetes-shaped document ({@code data}: base64 values, {@code stringData}: text values),
 * listed and described with their keys, ages and users, deleted. No answer, and no error, ever holds
 * a value: a body that does not parse is refused without quoting it.
 */
public final class SecretsApi {
    private static final Set<String> FIELDS = Set.of("apiVersion", "kind", "metadata", "data", "stringData", "type");
    private static final String EXAMPLE = "{\"metadata\": {\"name\": \"db\"}, \"stringData\": {\"password\": \"...\"}}";
    private final SecretService secrets;

    /** The API over these secrets. */
    public SecretsApi(SecretService secrets) {
        this.secrets = secrets;
    }

    /** {@code POST /api/v1/secrets}: 201 the secret (without its values). */
    public void create(RoutingContext ctx) {
        Blocking.reply(ctx, 201, () -> {
            JsonNode body = ObjectBodies.readQuotingNothing(Bodies.text(ctx), EXAMPLE);
            JsonNode name = body.path("metadata").path("name");
            if (!name.isTextual()) {
                throw new SkiffException(ErrorCode.VALIDATION_FAILED, "metadata.name is required, e.g. " + EXAMPLE);
            }
            return document(secrets.create(NamespacePaths.of(ctx), name.asText(), values(body)));
        });
    }

    /** {@code PUT /api/v1/secrets/:name}: replaces its keys and values; new instances read them. */
    public void update(RoutingContext ctx) {
        Blocking.reply(ctx, 200, () -> {
            JsonNode body = ObjectBodies.readQuotingNothing(Bodies.text(ctx), EXAMPLE);
            String name = NamespacePaths.name(ctx, ctx.pathParam("name"), "secret");
            JsonNode named = body.path("metadata").path("name");
            if (named.isTextual() && !named.asText().equals(name)) {
                throw new SkiffException(ErrorCode.VALIDATION_FAILED, "metadata.name " + Quote.value(named.asText())
                        + " is not the path's secret " + Quote.value(name));
            }
            return document(secrets.update(NamespacePaths.of(ctx), name, values(body)));
        });
    }

    /** {@code GET /api/v1/secrets}: the namespace's secrets, without values. */
    public void list(RoutingContext ctx) {
        Blocking.reply(ctx, 200, () -> Map.of("items", secrets.list(NamespacePaths.of(ctx)).stream()
                .map(SecretsApi::document).toList()));
    }

    /** {@code GET /api/v1/secrets/:name}: one, without values. */
    public void get(RoutingContext ctx) {
        Blocking.reply(ctx, 200, () -> document(secrets.get(NamespacePaths.of(ctx),
                NamespacePaths.name(ctx, ctx.pathParam("name"), "secret"))));
    }

    /** {@code DELETE /api/v1/secrets/:name[?force=true]}: 409 while functions name it, unless forced. */
    public void delete(RoutingContext ctx) {
        boolean force = "true".equalsIgnoreCase(ctx.queryParams().get("force"));
        Blocking.reply(ctx, 200, () -> document(secrets.delete(NamespacePaths.of(ctx),
                NamespacePaths.name(ctx, ctx.pathParam("name"), "secret"), force)));
    }

    private static Map<String, byte[]> values(JsonNode body) {
        for (Iterator<String> fields = body.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!FIELDS.contains(field)) {
                throw new SkiffException(ErrorCode.VALIDATION_FAILED, Quote.value(field) + " is not a field of a secret; "
                        + "it has metadata.name, data (base64 values) and stringData (text values)");
            }
        }
        Map<String, byte[]> values = new TreeMap<>();
        JsonNode data = body.path("data");
        for (Iterator<Map.Entry<String, JsonNode>> entries = data.fields(); entries.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = entries.next();
            if (!entry.getValue().isTextual()) {
                throw new SkiffException(ErrorCode.VALIDATION_FAILED, "data." + Quote.plain(entry.getKey(), Quote.MAX_SHOWN)
                        + " must be a base64 string");
            }
            try {
                values.put(entry.getKey(), Base64.getDecoder().decode(entry.getValue().asText().strip()));
            } catch (IllegalArgumentException e) {
                throw new SkiffException(ErrorCode.VALIDATION_FAILED, "data." + Quote.plain(entry.getKey(), Quote.MAX_SHOWN)
                        + " is not base64 (use stringData for text)");
            }
        }
        JsonNode text = body.path("stringData");
        for (Iterator<Map.Entry<String, JsonNode>> entries = text.fields(); entries.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = entries.next();
            if (!entry.getValue().isTextual()) {
                throw new SkiffException(ErrorCode.VALIDATION_FAILED, "stringData." + Quote.plain(entry.getKey(), Quote.MAX_SHOWN)
                        + " must be a string");
            }
            if (values.put(entry.getKey(), entry.getValue().asText().getBytes(StandardCharsets.UTF_8)) != null) {
                throw new SkiffException(ErrorCode.VALIDATION_FAILED, "key " + Quote.plain(entry.getKey(), Quote.MAX_SHOWN)
                        + " is in both data and stringData");
            }
        }
        return values;
    }

    /**
     * The body as JSON (when it starts with a brace, strictly) or YAML; a parse error is told without
     * the parser's words, which quote the text around it, and that text may be a secret value.
     */

    private static Map<String, Object> document(SecretService.View view) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", view.name());
        metadata.put("namespace", view.namespace());
        metadata.put("creationTimestamp", view.created());
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("updated", view.updated());
        status.put("usedBy", view.usedBy());
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("apiVersion", Function.API_VERSION);
        document.put("kind", "Secret");
        document.put("metadata", metadata);
        document.put("keys", view.keys());
        document.put("status", status);
        return document;
    }
}
