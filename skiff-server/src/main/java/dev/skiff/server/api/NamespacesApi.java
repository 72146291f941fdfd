package dev.skiff.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Function;
import dev.skiff.api.Quantity;
import dev.skiff.api.Quote;
import dev.skiff.server.auth.TokenRecord;
import dev.skiff.server.control.FunctionService;
import dev.skiff.server.control.NamespaceContents;
import dev.skiff.server.control.NamespaceService;
import dev.skiff.server.control.VolumeService;
import dev.skiff.server.errors.ErrorCode;
import dev.skiff.server.errors.SkiffException;
import io.vertx.ext.web.RoutingContext;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /api/v1/namespaces}: made and deleted by an admin, listed and described (with their usage)
 * for the tokens that reach them; and {@code /api/v1/namespaces/NS/functions/...}, rerouted to the
 * functions API with the namespace kept ({@link NamespacePaths}).
 */
public final class NamespacesApi {
    private static final String EXAMPLE = "{\"metadata\": {\"name\": \"team-a\"}, \"spec\": {\"maxFunctions\": 10}}";
    private static final Set<String> SPEC_FIELDS = Set.of("maxFunctions", "maxInFlight", "maxInstances", "maxMemory");
    /** The collections that live in namespaces so far. */
    private static final Set<String> NAMESPACED = Set.of("functions", "activations", "volumes", "brokers", "topics",
            "triggers", "crontriggers", "deadletters", "secrets", "workflows");
    private final NamespaceService namespaces;
    private final FunctionService functions;
    private final VolumeService volumes;
    private final NamespaceContents events;

    /** The API over these namespaces; a forced delete deletes their events, functions and volumes through the services. */
    public NamespacesApi(NamespaceService namespaces, FunctionService functions, VolumeService volumes,
                         NamespaceContents events) {
        this.namespaces = namespaces;
        this.functions = functions;
        this.volumes = volumes;
        this.events = events;
    }

    /**
     * {@code POST /api/v1/namespaces} {@code {"metadata": {"name"}, "spec": {"maxFunctions", "maxInFlight",
     * "maxInstances", "maxMemory"}}}: 201.
     */
    public void create(RoutingContext ctx) {
        Blocking.reply(ctx, 201, () -> {
            JsonNode body = ObjectBodies.read(Bodies.text(ctx), EXAMPLE);
            JsonNode name = body.path("metadata").path("name");
            if (!name.isTextual()) {
                throw new SkiffException(ErrorCode.VALIDATION_FAILED, "metadata.name is required, e.g. "
                        + "{\"metadata\": {\"name\": \"team-a\"}, \"spec\": {\"maxFunctions\": 10}}");
            }
            return document(namespaces.create(name.asText(), quotas(body.path("spec"))));
        });
    }

    /** {@code PUT /api/v1/namespaces/:namespace} {@code {"spec": {...}}}: replaces its quotas (a missing one: no limit). */
    public void update(RoutingContext ctx) {
        Blocking.reply(ctx, 200, () -> {
            JsonNode body = ObjectBodies.read(Bodies.text(ctx), EXAMPLE);
            JsonNode name = body.path("metadata").path("name");
            if (name.isTextual() && !name.asText().equals(ctx.pathParam("namespace"))) {
                throw new SkiffException(ErrorCode.VALIDATION_FAILED, "metadata.name " + Quote.value(name.asText())
                        + " is not the path's namespace");
            }
            return document(namespaces.update(ctx.pathParam("namespace"), quotas(body.path("spec"))));
        });
    }

    private static NamespaceService.Quotas quotas(JsonNode spec) {
        for (Iterator<String> fields = spec.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!SPEC_FIELDS.contains(field)) {
                throw new SkiffException(ErrorCode.VALIDATION_FAILED, "spec." + field + " is not a quota Skiff knows; it "
                        + "knows " + String.join(", ", SPEC_FIELDS.stream().sorted().toList()));
            }
        }
        return new NamespaceService.Quotas(whole(spec, "maxFunctions"), whole(spec, "maxInFlight"),
                whole(spec, "maxInstances"), bytes(spec, "maxMemory"));
    }

    /** A size as a Kubernetes quantity ({@code "4Gi"}, {@code "512Mi"}) or a whole number of bytes. */
    private static Long bytes(JsonNode spec, String field) {
        JsonNode value = spec.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.asLong();
        }
        if (!value.isTextual()) {
            throw new SkiffException(ErrorCode.VALIDATION_FAILED, "spec." + field + " must be a size such as \"4Gi\" or \"512Mi\"");
        }
        try {
            return Quantity.resourceBytes(value.asText());
        } catch (IllegalArgumentException e) {
            throw new SkiffException(ErrorCode.VALIDATION_FAILED, "spec." + field + ": " + e.getMessage());
        }
    }

    private static Integer whole(JsonNode spec, String field) {
        JsonNode value = spec.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new SkiffException(ErrorCode.VALIDATION_FAILED, "spec." + field + " must be a whole number");
        }
        return value.asInt();
    }

    /** {@code GET /api/v1/namespaces}: those the token reaches, with their usage. */
    public void list(RoutingContext ctx) {
        Optional<TokenRecord> token = Access.token(ctx);
        Blocking.reply(ctx, 200, () -> Map.of("items", namespaces.list().stream()
                .filter(view -> token.isEmpty() || token.get().reaches(view.name())).map(NamespacesApi::document).toList()));
    }

    /** {@code GET /api/v1/namespaces/:namespace}: one, with its usage. */
    public void get(RoutingContext ctx) {
        Blocking.reply(ctx, 200, () -> document(namespaces.get(ctx.pathParam("namespace"))));
    }

    /** {@code DELETE /api/v1/namespaces/:namespace[?force=true]}: 409 while it holds functions, unless forced. */
    public void delete(RoutingContext ctx) {
        boolean force = "true".equalsIgnoreCase(ctx.queryParams().get("force"));
        Blocking.reply(ctx, 200, () -> document(namespaces.delete(ctx.pathParam("namespace"), force, events, functions::delete,
                volumes::delete)));
    }

    /** Records the namespace a path names, for the checks after it ({@link Access#needs}). */
    static void fromPath(RoutingContext ctx) {
        NamespacePaths.set(ctx, ctx.pathParam("namespace"));
        ctx.next();
    }

    /**
     * {@code /api/v1/namespaces/NS/functions...} (and volumes, activations, brokers, topics,
     * triggers, cron triggers, dead letters): the same request on {@code /api/v1/functions...} in
     * namespace {@code NS} (404 when the token reaches it and it does not exist). Tokens and namespaces
     * themselves are in no namespace: 404 saying so.
     */
    void reroute(RoutingContext ctx) {
        String namespace = ctx.pathParam("param0");
        String rest = ctx.pathParam("param1");
        if (!NAMESPACED.contains(rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest)) {
            Bodies.refuse(ctx, new SkiffException(ErrorCode.NOT_FOUND, "no route " + Quote.plain(rest, Quote.MAX_SHOWN)
                    + " in a namespace; namespaces hold " + String.join(", ", NAMESPACED.stream().sorted().toList())));
            return;
        }
        Optional<TokenRecord> token = Access.token(ctx);
        boolean reaches = token.isEmpty() || token.get().reaches(namespace);
        if (reaches && !namespaces.exists(namespace)) {
            Bodies.refuse(ctx, new SkiffException(ErrorCode.NOT_FOUND, "no namespace " + Quote.value(namespace)));
            return;
        }
        NamespacePaths.set(ctx, namespace);
        String query = ctx.request().query();
        ctx.reroute(ctx.request().method(), "/api/v1/" + rest + (query == null ? "" : "?" + query));
    }

    private static Map<String, Object> document(NamespaceService.View view) {
        Map<String, Object> spec = new LinkedHashMap<>();
        if (view.quotas().maxFunctions() != null) {
            spec.put("maxFunctions", view.quotas().maxFunctions());
        }
        if (view.quotas().maxInFlight() != null) {
            spec.put("maxInFlight", view.quotas().maxInFlight());
        }
        if (view.quotas().maxInstances() != null) {
            spec.put("maxInstances", view.quotas().maxInstances());
        }
        if (view.quotas().maxMemoryBytes() != null) {
            spec.put("maxMemory", Quantity.bytesText(view.quotas().maxMemoryBytes()));
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", view.name());
        if (view.created() != null) {
            metadata.put("creationTimestamp", view.created());
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("apiVersion", Function.API_VERSION);
        document.put("kind", "Namespace");
        document.put("metadata", metadata);
        document.put("spec", spec);
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("functions", view.functions());
        status.put("volumes", view.volumes());
        status.put("instances", view.instances());
        status.put("memory", Quantity.bytesText(view.memoryBytes()));
        document.put("status", status);
        return document;
    }
}
