package dev.skiff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.api.Documents;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;

/** What the event commands share: sending resources, printing lists as tables or JSON. */
final class EventCommands {
    private EventCommands() {}

    /** A resource document {@code {apiVersion, kind, metadata: {name}, spec}} with an empty spec to fill. */
    static ObjectNode resource(String kind, String name) {
        ObjectNode node = Documents.json().createObjectNode();
        node.put("apiVersion", "skiff.dev/v1alpha1");
        node.put("kind", kind);
        node.putObject("metadata").put("name", name);
        node.putObject("spec");
        return node;
    }

    /** A Trigger from a broker (or, when {@code broker} is null, a topic) to {@code function}, its delivery left to fill. */
    static ObjectNode trigger(String name, String broker, String topic, String function) {
        ObjectNode resource = resource("Trigger", name);
        ObjectNode spec = (ObjectNode) resource.get("spec");
        if (broker != null) {
            spec.put("broker", broker);
        } else {
            spec.put("topic", topic);
        }
        spec.putObject("subscriber").put("function", function);
        return resource;
    }

    /** A CronTrigger calling {@code function} on {@code schedule}, its other fields left to fill. */
    static ObjectNode cron(String name, String schedule, String function) {
        ObjectNode resource = resource("CronTrigger", name);
        ObjectNode spec = (ObjectNode) resource.get("spec");
        spec.put("schedule", schedule);
        spec.putObject("sink").put("function", function);
        return resource;
    }

    /** POSTs a resource to {@code path}. */
    static JsonNode create(SkiffCommand skiff, String path, ObjectNode resource) throws IOException, InterruptedException {
        try (SkiffClient client = skiff.client()) {
            return client.call("POST", path, resource.toString());
        }
    }

    /** Sends a request and answers the JSON. */
    static JsonNode call(SkiffCommand skiff, String method, String path) throws IOException, InterruptedException {
        try (SkiffClient client = skiff.client()) {
            return client.call(method, path, null);
        }
    }

    /** Prints {@code items} as JSON, or as a table of {@code columns} with one cell function each; a note when empty. */
    static void print(SkiffCommand skiff, JsonNode answer, OutputFormat output, List<String> columns,
                      List<Function<JsonNode, String>> cells, String emptyNote) {
        CliContext context = skiff.context();
        JsonNode items = answer.path("items");
        if (output == OutputFormat.JSON) {
            context.out().println(ServerDocuments.prettyJson(answer));
            return;
        }
        if (output == OutputFormat.YAML) {
            context.out().print(ServerDocuments.yaml(answer));
            return;
        }
        if (items.isEmpty()) {
            context.err().println(emptyNote);
            return;
        }
        Table table = new Table(columns);
        for (JsonNode item : items) {
            table.row(cells.stream().map(cell -> cell.apply(item)).toArray(String[]::new));
        }
        context.out().print(table.render());
    }

    /** {@code k=v} split in two; a usage error otherwise. */
    static String[] pair(String option, String value) {
        int eq = value.indexOf('=');
        if (eq < 1) {
            throw new CliException(option + " " + value + ": expected NAME=VALUE, e.g. type=image.converted");
        }
        return new String[] {value.substring(0, eq), value.substring(eq + 1)};
    }

    /** Adds an array under {@code field} if absent. */
    static ArrayNode array(ObjectNode node, String field) {
        return node.has(field) ? (ArrayNode) node.get(field) : node.putArray(field);
    }
}
