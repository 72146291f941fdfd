package dev.skiff.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A kubeless {@code kubeless.io/v1beta1 Function} document translated to a Skiff Function: its code
 * ({@code spec.function}, by {@code function-content-type}, verified against {@code checksum}), handler,
 * runtime, deps, timeout, and the env and resources of its deployment's first container. Pure; the CLI
 * uses it for {@code skiff deploy -f}, and the operator could for kubeless resources.
 */
public final class KubelessFunction {
    /** The API group of kubeless's resources. */
    public static final String GROUP = "kubeless.io";

    private static final String CONTAINER = "/deployment/spec/template/spec/containers/0";
    private static final String ENV_FIELD = "spec.deployment.spec.template.spec.containers[0].env";
    private static final Set<String> KUBELESS_LABELS = Set.of("created-by", "function");

    private KubelessFunction() {}

    /** True when {@code document} is a kubeless Function ({@code apiVersion: kubeless.io/...}, {@code kind: Function}). */
    public static boolean is(JsonNode document) {
        return document.path("apiVersion").asText("").startsWith(GROUP + "/")
                && "Function".equals(document.path("kind").asText());
    }

    /**
     * The Skiff Function {@code document} describes.
     *
     * @throws ValidationException naming the kubeless field at fault: a missing name or code, a {@code url}
     *     content type (nothing is fetched), an unknown one, a checksum that does not match, a bad timeout
     */
    public static Function toFunction(JsonNode document) {
        JsonNode spec = document.path("spec");
        String name = text(document.at("/metadata/name"));
        if (name == null) {
            throw ValidationException.of("metadata.name", "a kubeless Function needs a name");
        }
        if (!spec.isObject()) {
            throw ValidationException.of("spec", "a kubeless Function needs a spec (function, handler, runtime)");
        }
        Source source = source(spec);
        FunctionSpec translated = FunctionSpec.builder()
                .runtime(text(spec.path("runtime")))
                .handler(text(spec.path("handler")))
                .source(source)
                .requirements(text(spec.path("deps")))
                .timeoutSeconds(timeout(spec.path("timeout")))
                .env(env(spec.at(CONTAINER + "/env")))
                .resources(resources(spec.at(CONTAINER + "/resources")))
                .build();
        ObjectMeta metadata = new ObjectMeta(name, text(document.at("/metadata/namespace")),
                labels(document.at("/metadata/labels")), null, null, null);
        return new Function(Function.API_VERSION, Function.KIND, metadata, translated, null);
    }

    /** The code of {@code spec.function} as its content type says, checked against {@code spec.checksum}. */
    private static Source source(JsonNode spec) {
        String content = text(spec.path("function"));
        if (content == null) {
            throw ValidationException.of("spec.function", "a kubeless Function needs its code in spec.function");
        }
        String type = text(spec.path("function-content-type"));
        String kind = type == null ? "text" : type.toLowerCase(Locale.ROOT);
        Source source = switch (kind) {
            case "text" -> new Source(null, content, Source.ContentType.TEXT.label());
            case "base64" -> new Source(null, content, Source.ContentType.BASE64.label());
            case "base64+zip" -> new Source(null, content, Source.ContentType.ZIP.label());
            case "url", "url+zip" -> throw ValidationException.of("spec.function-content-type", "'" + type
                    + "': Skiff does not fetch code from the network; download it and deploy it with --from-file,"
                    + " or put it in spec.function as text, base64 or base64+zip");
            default -> throw ValidationException.of("spec.function-content-type", "'" + type
                    + "' is not a kubeless content type Skiff reads: give text, base64 or base64+zip");
        };
        verify(text(spec.path("checksum")), bytes(source));
        return source;
    }

    private static byte[] bytes(Source source) {
        try {
            return source.bytes();
        } catch (IllegalArgumentException e) {
            throw ValidationException.of("spec.function", "is not valid base64 (" + e.getMessage() + ")");
        }
    }

    /** Checks {@code checksum} ({@code sha256:HEX}), when there is one, against the code's bytes. */
    private static void verify(String checksum, byte[] code) {
        if (checksum == null) {
            return;
        }
        int colon = checksum.indexOf(':');
        if (colon < 0 || !"sha256".equalsIgnoreCase(checksum.substring(0, colon))) {
            throw ValidationException.of("spec.checksum", "'" + checksum + "' is not sha256:HEX");
        }
        String expected = checksum.substring(colon + 1).strip().toLowerCase(Locale.ROOT);
        String actual = sha256(code);
        if (!actual.equals(expected)) {
            throw ValidationException.of("spec.checksum", "the code's sha256 is " + actual + ", not " + expected
                    + " as the document says: spec.function changed since the checksum was taken");
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    /** {@code spec.timeout}, seconds as a string or a number; null when absent or empty. */
    private static Integer timeout(JsonNode timeout) {
        String value = text(timeout);
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw ValidationException.of("spec.timeout", "'" + value + "' is not a number of seconds");
        }
    }

    /** The container's {@code env} list as a map; a variable from a secret or field reference is refused. */
    private static Map<String, String> env(JsonNode env) {
        if (env.isMissingNode() || env.isNull()) {
            return null;
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (JsonNode variable : env) {
            String name = text(variable.path("name"));
            if (name == null) {
                throw ValidationException.of(ENV_FIELD, "a variable has no name");
            }
            if (variable.has("valueFrom")) {
                throw ValidationException.of(ENV_FIELD, name + ": valueFrom is not"
                        + " translated; put the value in a Skiff secret and deploy with --secret-env NAME");
            }
            map.put(name, variable.path("value").asText(""));
        }
        return map.isEmpty() ? null : map;
    }

    /** The container's {@code resources} (requests and limits); null when it has none. */
    private static ResourceRequirements resources(JsonNode resources) {
        Map<String, String> requests = quantities(resources.path("requests"));
        Map<String, String> limits = quantities(resources.path("limits"));
        return requests == null && limits == null ? null : new ResourceRequirements(requests, limits);
    }

    private static Map<String, String> quantities(JsonNode node) {
        if (!node.isObject() || node.isEmpty()) {
            return null;
        }
        Map<String, String> map = new LinkedHashMap<>();
        node.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    /** The document's labels without the two kubeless sets on every function. */
    private static Map<String, String> labels(JsonNode labels) {
        Map<String, String> map = new LinkedHashMap<>();
        labels.properties().forEach(e -> {
            if (!KUBELESS_LABELS.contains(e.getKey())) {
                map.put(e.getKey(), e.getValue().asText());
            }
        });
        return map.isEmpty() ? null : map;
    }

    /** The node's text, or null when it is absent, null or empty. */
    private static String text(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() || node.asText().isEmpty() ? null : node.asText();
    }
}
