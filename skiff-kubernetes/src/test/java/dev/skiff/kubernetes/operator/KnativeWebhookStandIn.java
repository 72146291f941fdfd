package dev.skiff.kubernetes.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * fabric8's CRUD mock API server with a stand-in for Knative Serving's webhooks, where they matter to
 * Skiff: creating a Knative Service records its creator and last modifier in annotations, and an
 * update (or patch) that changes or drops {@code serving.knative.dev/creator} is refused as Knative
 * refuses it ("annotation value is immutable"); and, as Knative's defaulting webhook fills in the
 * spec, the revision template's {@code enableServiceLinks} is set to false when absent, so the
 * Service read back differs from the one written. The real webhooks do much more (every default,
 * the rest of the validation); these are the parts that broke Skiff's updates on a real cluster.
 */
final class KnativeWebhookStandIn extends KubernetesCrudDispatcher {
    /** The annotation Knative sets on create and refuses to see changed. */
    static final String CREATOR = "serving.knative.dev/creator";
    /** The annotation Knative sets on every write of the spec. */
    static final String LAST_MODIFIER = "serving.knative.dev/lastModifier";
    /** Who the stand-in says made each write. */
    static final String USER = "system:serviceaccount:skiff-system:skiff-operator";
    private static final Pattern SERVICE = Pattern.compile("^/apis/serving\\.knative\\.dev/v1/namespaces/[^/]+/services(/[^/?]+)?(\\?.*)?$");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public MockResponse handleCreate(RecordedRequest request) {
        if (!SERVICE.matcher(request.getPath()).matches()) {
            return super.handleCreate(request);
        }
        ObjectNode body = body(request.getUtf8Body());
        annotations(body).put(CREATOR, USER).put(LAST_MODIFIER, USER);
        return super.handleCreate(withBody(request, defaulted(body)));
    }

    @Override
    public MockResponse handleUpdate(RecordedRequest request) {
        if (!SERVICE.matcher(request.getPath()).matches()) {
            return super.handleUpdate(request);
        }
        ObjectNode body = body(request.getUtf8Body());
        String stored = creator(stored(request.getPath()));
        if (stored != null && !stored.equals(annotations(body).path(CREATOR).asText(null))) {
            return refusal();
        }
        annotations(body).put(LAST_MODIFIER, USER);
        return super.handleUpdate(withBody(request, defaulted(body)));
    }

    @Override
    public MockResponse handlePatch(RecordedRequest request) {
        if (!SERVICE.matcher(request.getPath()).matches()) {
            return super.handlePatch(request);
        }
        String before = stored(request.getPath());
        MockResponse response = super.handlePatch(request);
        String after = stored(request.getPath());
        if (before != null && !Objects.equals(creator(before), creator(after))) {
            ObjectNode restored = body(before);
            ((ObjectNode) restored.path("metadata")).put("resourceVersion", body(after).path("metadata").path("resourceVersion").asText());
            super.handleUpdate(withBody(new RecordedRequest(request.getHttpVersion(),
                    io.fabric8.mockwebserver.dsl.HttpMethod.PUT, request.getPath(), request.getHeaders(), new Buffer()), restored));
            return refusal();
        }
        return response;
    }

    /** {@code body} with the default Knative's webhook gives the template: no service links. */
    private static ObjectNode defaulted(ObjectNode body) {
        JsonNode template = body.path("spec").path("template").path("spec");
        if (template instanceof ObjectNode pod && !pod.has("enableServiceLinks")) {
            pod.put("enableServiceLinks", false);
        }
        return body;
    }

    private String stored(String path) {
        Map.Entry<AttributeSet, String> found = findResource(getKey(path.replaceFirst("\\?.*$", "")));
        return found == null ? null : found.getValue();
    }

    private static String creator(String json) {
        return json == null ? null : body(json).path("metadata").path("annotations").path(CREATOR).asText(null);
    }

    private static ObjectNode annotations(ObjectNode body) {
        ObjectNode metadata = body.has("metadata") ? (ObjectNode) body.get("metadata") : body.putObject("metadata");
        return metadata.has("annotations") && metadata.get("annotations").isObject()
                ? (ObjectNode) metadata.get("annotations") : metadata.putObject("annotations");
    }

    private static ObjectNode body(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            return (ObjectNode) node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RecordedRequest withBody(RecordedRequest request, ObjectNode body) {
        return new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(), request.getHeaders(),
                new Buffer(body.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** Knative's answer to a write that changes the creator, as its admission webhook words it. */
    private static MockResponse refusal() {
        String message = "admission webhook \"validation.webhook.serving.knative.dev\" denied the request: "
                + "validation failed: annotation value is immutable: metadata.annotations." + CREATOR;
        ObjectNode status = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Status").put("status", "Failure")
                .put("message", message).put("reason", "BadRequest").put("code", 400);
        return new MockResponse().setResponseCode(400).setBody(status.toString());
    }
}
