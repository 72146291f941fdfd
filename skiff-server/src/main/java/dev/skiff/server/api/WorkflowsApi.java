package dev.skiff.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Quote;
import dev.skiff.api.ValidationException;
import dev.skiff.server.workflows.WorkflowService;
import dev.skiff.server.workflows.WorkflowSubmission;
import io.vertx.ext.web.RoutingContext;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /api/v1/workflows}, in the request's namespace ({@link NamespacePaths}): submitted from
 * {@code {metadata: {name}, spec: {workflow, function, map, rundir, runId, parallelism, retries}}},
 * listed, shown with their jobs, cancelled and retried.
 */
public final class WorkflowsApi {
    private static final String EXAMPLE = "{\"metadata\": {\"name\": \"montage-1\"}, \"spec\": {\"workflow\": \"...\", "
            + "\"function\": \"montage\", \"rundir\": \"/mnt/data/run1\"}}";
    private final WorkflowService workflows;

    /** The API over these workflows. */
    public WorkflowsApi(WorkflowService workflows) {
        this.workflows = workflows;
    }

    /** {@code POST /api/v1/workflows}: 201 the workflow, running. */
    public void create(RoutingContext ctx) {
        Blocking.reply(ctx, 201, () -> WorkflowDocuments.of(workflows.create(NamespacePaths.of(ctx),
                submission(ObjectBodies.read(Bodies.text(ctx), EXAMPLE)))));
    }

    /** {@code GET /api/v1/workflows}: the namespace's workflows, newest first, without jobs. */
    public void list(RoutingContext ctx) {
        Blocking.reply(ctx, 200, () -> Map.of("items", workflows.list(NamespacePaths.of(ctx)).stream()
                .map(WorkflowDocuments::of).toList()));
    }

    /** {@code GET /api/v1/workflows/:name}: one, with its jobs. */
    public void get(RoutingContext ctx) {
        Blocking.reply(ctx, 200, () -> WorkflowDocuments.of(workflows.get(NamespacePaths.of(ctx), name(ctx))));
    }

    /** {@code POST /api/v1/workflows/:name/cancel}: nothing new starts; 409 when it finished. */
    public void cancel(RoutingContext ctx) {
        Blocking.reply(ctx, 200, () -> WorkflowDocuments.of(workflows.cancel(NamespacePaths.of(ctx), name(ctx))));
    }

    /** {@code POST /api/v1/workflows/:name/retry}: runs again what did not succeed; 409 when running or succeeded. */
    public void retry(RoutingContext ctx) {
        Blocking.reply(ctx, 200, () -> WorkflowDocuments.of(workflows.retry(NamespacePaths.of(ctx), name(ctx))));
    }

    private static String name(RoutingContext ctx) {
        return NamespacePaths.name(ctx, ctx.pathParam("name"), "workflow");
    }

    private static WorkflowSubmission submission(JsonNode body) {
        JsonNode name = body.path("metadata").path("name");
        if (!name.isMissingNode() && !name.isTextual()) {
            throw ValidationException.of("metadata.name", "must be a string");
        }
        JsonNode spec = body.path("spec");
        if (!spec.isObject()) {
            throw ValidationException.of("spec", "is required, e.g. " + EXAMPLE);
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> entries = spec.path("map").fields(); entries.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = entries.next();
            if (!entry.getValue().isTextual()) {
                throw ValidationException.of("spec.map." + Quote.plain(entry.getKey(), Quote.MAX_SHOWN), "must be a function's name");
            }
            map.put(entry.getKey(), entry.getValue().asText());
        }
        return new WorkflowSubmission(name.isTextual() ? name.asText() : null, text(spec, "workflow"), text(spec, "function"),
                map, text(spec, "rundir"), text(spec, "runId"),
                number(spec, "parallelism", WorkflowSubmission.DEFAULT_PARALLELISM), number(spec, "retries", 0));
    }

    private static String text(JsonNode spec, String field) {
        JsonNode node = spec.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw ValidationException.of("spec." + field, "must be a string");
        }
        return node.asText();
    }

    private static int number(JsonNode spec, String field, int otherwise) {
        JsonNode node = spec.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return otherwise;
        }
        if (!node.isInt()) {
            throw ValidationException.of("spec." + field, "must be a whole number");
        }
        return node.asInt();
    }
}
