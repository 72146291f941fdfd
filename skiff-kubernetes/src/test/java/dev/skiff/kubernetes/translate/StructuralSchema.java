package dev.skiff.kubernetes.translate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules an API server applies to a CustomResourceDefinition's {@code openAPIV3Schema} before it
 * takes it (Kubernetes' "structural schema"): every node says its type (unless it is
 * {@code x-kubernetes-int-or-string} or keeps unknown fields), {@code properties} only on objects,
 * {@code items} on every array, never {@code properties} beside {@code additionalProperties}, no
 * {@code $ref} or other keywords a CRD cannot use, an object at the root, and {@code metadata} that
 * says nothing but the name's type.
 */
final class StructuralSchema {
    private static final Set<String> FORBIDDEN = Set.of("$ref", "definitions", "dependencies", "patternProperties",
            "$schema", "id", "additionalItems");

    private StructuralSchema() {}

    /** Every way {@code schema} breaks the rules, each naming its path; empty when it is structural. */
    static List<String> violations(JsonNode schema) {
        List<String> violations = new ArrayList<>();
        if (!"object".equals(schema.path("type").asText())) {
            violations.add("the root is not of type object");
        }
        JsonNode metadata = schema.path("properties").path("metadata");
        if (!metadata.isMissingNode()) {
            for (Map.Entry<String, JsonNode> field : metadata.properties()) {
                if (!Set.of("type", "properties").contains(field.getKey())) {
                    violations.add("metadata: may only give name's and generateName's type, not " + field.getKey());
                }
            }
        }
        walk(schema, "", violations);
        return violations;
    }

    private static void walk(JsonNode node, String path, List<String> violations) {
        String at = path.isEmpty() ? "<root>" : path;
        for (String keyword : FORBIDDEN) {
            if (node.has(keyword)) {
                violations.add(at + ": uses " + keyword);
            }
        }
        boolean untyped = node.path("x-kubernetes-int-or-string").asBoolean(false)
                || node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        String type = node.path("type").asText("");
        if (type.isEmpty() && !untyped) {
            violations.add(at + ": has no type");
        }
        if (node.has("properties") && !"object".equals(type)) {
            violations.add(at + ": has properties but is not of type object");
        }
        if (node.has("properties") && node.has("additionalProperties")) {
            violations.add(at + ": has both properties and additionalProperties");
        }
        if ("array".equals(type) && !node.has("items")) {
            violations.add(at + ": is an array without items");
        }
        for (Map.Entry<String, JsonNode> property : node.path("properties").properties()) {
            walk(property.getValue(), path + "." + property.getKey(), violations);
        }
        if (node.path("items").isObject()) {
            walk(node.get("items"), path + "[]", violations);
        }
        if (node.path("additionalProperties").isObject()) {
            walk(node.get("additionalProperties"), path + "{}", violations);
        }
    }
}
