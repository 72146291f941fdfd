package dev.skiff.kubernetes.operator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * fabric8's CRUD mock API server where Skiff's gateway scales a Deployment at the worst moment: once
 * armed, the next write of a Deployment finds it scaled to {@link #scaledTo()} replicas since the
 * writer read it, as when the gateway wakes a revision while the operator reconciles.
 */
final class GatewayScaleRace extends KubernetesCrudDispatcher {
    private static final Pattern DEPLOYMENT = Pattern.compile("^/apis/apps/v1/namespaces/[^/]+/deployments/[^/?]+(\\?.*)?$");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final AtomicInteger armed = new AtomicInteger();

    /** The next write of a Deployment comes after it was scaled to {@code replicas}. */
    void scaleBeforeNextWrite(int replicas) {
        armed.set(replicas);
    }

    /** The replicas the race scaled to, 0 once it has run. */
    int scaledTo() {
        return armed.get();
    }

    @Override
    public MockResponse handleUpdate(RecordedRequest request) {
        int replicas = armed.get();
        if (replicas > 0 && DEPLOYMENT.matcher(request.getPath()).matches() && armed.compareAndSet(replicas, 0)) {
            String path = request.getPath().replaceFirst("\\?.*$", "");
            Map.Entry<AttributeSet, String> stored = findResource(getKey(path));
            try {
                ObjectNode scaled = (ObjectNode) JSON.readTree(stored.getValue());
                ((ObjectNode) scaled.path("spec")).put("replicas", replicas);
                super.handleUpdate(new RecordedRequest(request.getHttpVersion(), HttpMethod.PUT, path, request.getHeaders(),
                        new Buffer(scaled.toString().getBytes(StandardCharsets.UTF_8))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return super.handleUpdate(request);
    }
}
