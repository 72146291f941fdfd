package dev.skiff.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Documents;
import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Namespaces;
import dev.skiff.api.Revision;
import dev.skiff.api.TrafficTarget;
import dev.skiff.api.Volume;
import dev.skiff.core.credentials.ServerCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLParameters;

/**
 * Talks to a Skiff server's HTTP API; every error answer becomes an {@link ApiException}. Close it when
 * done: a JVM exiting with an open HttpClient lingers about 300 ms.
 */
public final class SkiffClient implements FunctionStore {
    private static final String FUNCTIONS = "/api/v1/functions";
    private static final String VOLUMES = "/api/v1/volumes";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final URI base;
    private final String namespace;
    private final String authorization;
    private final HttpClient http;

    /** A client of the server at {@code base} (no trailing slash), with no token. */
    public SkiffClient(URI base) {
        this(base, new ServerCredentials(null, null), null);
    }

    /**
     * A client of the server at {@code base} presenting {@code credentials}: its token on every
     * request, and for {@code https}, its certificate file as the only trust (the system's when none).
     */
    public SkiffClient(URI base, ServerCredentials credentials) {
        this(base, credentials, null);
    }

    /**
     * Such a client working in {@code namespace} (null: default): its {@code /api/v1/...} calls go to
     * {@code /api/v1/namespaces/NS/...} and its invocations to {@code /function/NAME.NS}.
     */
    public SkiffClient(URI base, ServerCredentials credentials, String namespace) {
        this.base = base;
        this.namespace = Namespaces.orDefault(namespace);
        this.authorization = credentials.token() == null ? null : "Bearer " + credentials.token();
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT);
        if ("http".equalsIgnoreCase(base.getScheme())) {
            builder.sslContext(new NoTlsContext()).sslParameters(new SSLParameters());
        } else if (credentials.certificateAuthority() != null) {
            builder.sslContext(PemTrust.of(Path.of(credentials.certificateAuthority())));
        }
        this.http = builder.build();
    }

    /** True when this client sends a token. */
    public boolean hasToken() {
        return authorization != null;
    }

    /** The server's base URI. */
    public URI base() {
        return base;
    }

    /** Creates a function: POST; an {@link ApiException} with status 409 if it exists. */
    @Override
    public JsonNode create(Function function) throws IOException, InterruptedException {
        return send(json("POST", FUNCTIONS, function));
    }

    /** Replaces a function's spec, making a new revision: PUT. */
    @Override
    public JsonNode replace(Function function) throws IOException, InterruptedException {
        return send(json("PUT", functionPath(function.name()), function));
    }

    /** Every function: {@code {"items": [...]}}. */
    @Override
    public JsonNode list() throws IOException, InterruptedException {
        return send(api(FUNCTIONS).GET().build());
    }

    /** One function. */
    @Override
    public JsonNode get(String name) throws IOException, InterruptedException {
        return send(api(functionPath(name)).GET().build());
    }

    /** Deletes a function and answers it as it was. */
    @Override
    public JsonNode delete(String name) throws IOException, InterruptedException {
        return send(api(functionPath(name)).DELETE().build());
    }

    /** A function's revisions, newest first, with their traffic and activity: {@code {"items": [...]}}. */
    public JsonNode revisions(String name) throws IOException, InterruptedException {
        return send(api(functionPath(name) + "/revisions").GET().build());
    }

    @Override
    public List<Revision> revisionSpecs(String name) throws IOException, InterruptedException {
        List<Revision> revisions = new java.util.ArrayList<>();
        for (JsonNode item : send(api(functionPath(name) + "/revisions?source=full").GET().build()).path("items")) {
            revisions.add(new Revision(item.path("name").asText(), name, item.path("number").asInt(),
                    Documents.json().treeToValue(item.path("spec"), FunctionSpec.class), item.path("created").asText(null)));
        }
        return revisions;
    }

    @Override
    public JsonNode setTraffic(String name, List<TrafficTarget> traffic) throws IOException, InterruptedException {
        return send(jsonBody("PUT", functionPath(name) + "/traffic", Map.of("traffic", traffic)));
    }

    /** Sends all traffic back to the previous revision; answers the function. */
    public JsonNode rollback(String name) throws IOException, InterruptedException {
        return send(api(functionPath(name) + "/rollback").POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    @Override
    public JsonNode scale(String name, Integer minScale, Integer maxScale) throws IOException, InterruptedException {
        Map<String, Integer> bounds = new LinkedHashMap<>();
        if (minScale != null) {
            bounds.put("minScale", minScale);
        }
        if (maxScale != null) {
            bounds.put("maxScale", maxScale);
        }
        return send(jsonBody("PUT", functionPath(name) + "/scale", bounds));
    }

    @Override
    public Optional<JsonNode> revisionActivity(String name) throws IOException, InterruptedException {
        return Optional.of(revisions(name));
    }

    /** The function's address on this server. */
    @Override
    public String pendingUrl(String name) {
        return base + "/function/" + Namespaces.key(namespace, name);
    }

    /** A function's log as a stream: the last {@code tail} lines, then new ones when {@code follow}. */
    public InputStream logs(String name, int tail, boolean follow) throws IOException, InterruptedException {
        String path = functionPath(name) + "/logs?tail=" + tail + (follow ? "&follow=true" : "");
        HttpResponse<InputStream> response = http.send(request(inNamespace(path)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() / 100 != 2) {
            try (InputStream body = response.body()) {
                throw error(response.statusCode(), new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return response.body();
    }

    /** Calls a function at {@code /function/{name}{path}}; the answer is the function's, whatever its status. */
    public HttpResponse<InputStream> invoke(String name, String method, String path, List<Header> headers, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body);
        int at = name.indexOf('@');
        String target = at < 0 ? encode(Namespaces.key(namespace, name))
                : encode(Namespaces.key(namespace, name.substring(0, at))) + "@" + encode(name.substring(at + 1));
        HttpRequest.Builder builder = request("/function/" + target + path).method(method, publisher);
        for (Header header : headers) {
            builder.header(header.name(), header.value());
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** Creates a volume, under the server's data directory or, given {@code path}, on that existing directory. */
    public JsonNode createVolume(Volume volume) throws IOException, InterruptedException {
        String body = Documents.json().writeValueAsString(volume);
        return send(api(VOLUMES).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    }

    /** Every volume: {@code {"items": [...]}}. */
    public JsonNode volumes() throws IOException, InterruptedException {
        return send(api(VOLUMES).GET().build());
    }

    /** Deletes a volume and answers it as it was; 409 while a function mounts it. */
    public JsonNode deleteVolume(String name) throws IOException, InterruptedException {
        return send(api(VOLUMES + "/" + encode(name)).DELETE().build());
    }

    /** Writes {@code content} to the file {@code path} (relative, {@code /}-separated) in the volume. */
    public JsonNode upload(String volume, String path, Path content) throws IOException, InterruptedException {
        return send(api(filesPath(volume, path)).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofFile(content)).build());
    }

    /**
     * A file's bytes, or a directory's JSON listing, from the volume; the answer's
     * {@code X-Skiff-Entry-Type} header says which.
     */
    public HttpResponse<byte[]> download(String volume, String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(api(filesPath(volume, path)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() / 100 != 2) {
            throw error(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        }
        return response;
    }

    /** Sends {@code body} (JSON text, or null for none) to an API path and answers the JSON; errors as {@link ApiException}. */
    public JsonNode call(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8);
        return send(api(path).header("Content-Type", "application/json").method(method, publisher).build());
    }

    /** POSTs raw bytes with a content type to a path (a topic's messages, a broker's events) and answers the JSON. */
    public JsonNode post(String path, String contentType, byte[] body) throws IOException, InterruptedException {
        return send(api(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    /** Calls a function asynchronously at {@code /async-function/{name}{path}}: 202 and its activation id. */
    public JsonNode invokeAsync(String name, String method, String path, List<Header> headers, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body);
        HttpRequest.Builder builder = api("/async-function/" + encode(Namespaces.key(namespace, name)) + path)
                .method(method, publisher);
        for (Header header : headers) {
            builder.header(header.name(), header.value());
        }
        return send(builder.build());
    }

    /** A path segment, percent-encoded. */
    public static String segment(String value) {
        return encode(value);
    }

    /** Stops the HTTP client's threads, once the answers read so far are complete. */
    @Override
    public void close() {
        http.close();
    }

    /**
     * The error an answer's body describes: Skiff's {@code {"error", "message"}} JSON, else the status and the
     * body's first line.
     */
    public static ApiException error(int status, String body) {
        try {
            JsonNode json = Documents.json().readTree(body);
            if (json != null && json.hasNonNull("message")) {
                return new ApiException(status, json.path("error").asText(null), json.get("message").asText());
            }
        } catch (JsonProcessingException e) {
            // Not Skiff's JSON (a proxy's page, or a function's own answer): fall through to the text.
        }
        String line = body == null ? "" : body.strip().lines().findFirst().orElse("");
        return new ApiException(status, null, "HTTP " + status + (line.isEmpty() ? "" : ": " + line));
    }

    private HttpRequest json(String method, String path, Function function) throws JsonProcessingException {
        return jsonBody(method, path, function);
    }

    private HttpRequest jsonBody(String method, String path, Object value) throws JsonProcessingException {
        String body = Documents.json().writeValueAsString(value);
        return api(path)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
    }

    private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() / 100 != 2) {
            throw error(response.statusCode(), response.body());
        }
        return ServerDocuments.parse(response.body());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path));
        return authorization == null ? builder : builder.header("Authorization", authorization);
    }

    private HttpRequest.Builder api(String path) {
        return request(inNamespace(path)).header("Accept", "application/json");
    }

    /** {@code path} in this client's namespace: {@code /api/v1/X} becomes {@code /api/v1/namespaces/NS/X} but for cluster-wide resources. */
    private String inNamespace(String path) {
        String prefix = "/api/v1/";
        if (namespace.equals(Namespaces.DEFAULT) || !path.startsWith(prefix)) {
            return path;
        }
        String rest = path.substring(prefix.length());
        boolean clusterWide = rest.startsWith("namespaces") || rest.startsWith("tokens") || rest.startsWith("whoami");
        return clusterWide ? path : prefix + "namespaces/" + encode(namespace) + "/" + rest;
    }

    private static String functionPath(String name) {
        return FUNCTIONS + "/" + encode(name);
    }

    private static String filesPath(String volume, String path) {
        StringBuilder url = new StringBuilder(VOLUMES + "/" + encode(volume) + "/files");
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                url.append('/').append(encode(segment));
            }
        }
        return url.toString();
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** One request header given with {@code -H 'Name: value'}. */
    public record Header(String name, String value) {}
}
