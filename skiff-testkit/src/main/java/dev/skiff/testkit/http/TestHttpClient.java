package dev.skiff.testkit.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Documents;
import dev.skiff.testkit.Patience;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A plain HTTP/1.1 client for tests, bound to one base URL ({@code http://127.0.0.1:8080}): it builds
 * requests for a path, sends them, and reads JSON bodies into Jackson trees. Every request gives up
 * after {@link Patience#LIMIT} unless told otherwise.
 */
public final class TestHttpClient implements AutoCloseable {
    private final String baseUrl;
    private final Duration timeout;
    private final String token;
    private final HttpClient client;

    /** A client for the server at {@code baseUrl}, e.g. {@code http://127.0.0.1:8080}, without a trailing slash. */
    public TestHttpClient(String baseUrl) {
        this(baseUrl, Patience.LIMIT);
    }

    /** Such a client whose requests give up after {@code timeout} (a deploy that installs packages takes long). */
    public TestHttpClient(String baseUrl, Duration timeout) {
        this(baseUrl, timeout, null);
    }

    /** Such a client sending {@code Authorization: Bearer <token>} with every request (none when null). */
    public TestHttpClient(String baseUrl, Duration timeout, String token) {
        this(baseUrl, timeout, token,
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Patience.LIMIT).build());
    }

    private TestHttpClient(String baseUrl, Duration timeout, String token, HttpClient client) {
        this.baseUrl = baseUrl;
        this.timeout = timeout;
        this.token = token;
        this.client = client;
    }

    /** This client's server and connections, sending {@code other} as its token instead (none when null). */
    public TestHttpClient withToken(String other) {
        return new TestHttpClient(baseUrl, timeout, other, client);
    }

    /** The token this client sends, or null. */
    public String token() {
        return token;
    }

    /** The address of {@code pathAndQuery} on the server. */
    public URI uri(String pathAndQuery) {
        return URI.create(baseUrl + pathAndQuery);
    }

    /** A request builder for {@code pathAndQuery} on the server (a GET until told otherwise). */
    public HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(timeout);
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    /** The request {@code method path} with {@code body} (none when null) as {@code contentType} (none when null). */
    public HttpRequest request(String method, String path, String body, String contentType) {
        HttpRequest.Builder builder = request(path).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return (contentType == null ? builder : builder.header("Content-Type", contentType)).build();
    }

    /** Sends {@code request} and reads the body as text. */
    public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Sends {@code request} and reads the body as bytes. */
    public HttpResponse<byte[]> sendForBytes(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Sends {@code request} and answers once the head has arrived; the body is read from the stream. */
    public HttpResponse<InputStream> sendAsInputStream(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    }

    /** Sends {@code request} without waiting for the answer. */
    public CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest request) {
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Sends {@code method path} with {@code body} (none when null) as {@code contentType} (none when null). */
    public HttpResponse<String> send(String method, String path, String body, String contentType)
            throws IOException, InterruptedException {
        return send(request(method, path, body, contentType));
    }

    /** Sends {@code call}. */
    public HttpResponse<String> send(HttpCall call) throws IOException, InterruptedException {
        return send(request(call));
    }

    /** The request {@code call} describes. */
    public HttpRequest request(HttpCall call) {
        return request(call.method(), call.path(), call.body(), call.contentType());
    }

    /** GETs {@code path}. */
    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, null);
    }

    /** POSTs {@code body} as {@code contentType} (none when null) to {@code path}. */
    public HttpResponse<String> post(String path, String body, String contentType) throws IOException, InterruptedException {
        return send("POST", path, body, contentType);
    }

    /** Sends {@code method path} as {@link #send(String, String, String, String)} does and reads the answer's JSON body. */
    public JsonNode json(String method, String path, String body, String contentType) throws IOException, InterruptedException {
        return json(send(method, path, body, contentType));
    }

    /** The body of {@code response} as a JSON tree. */
    public static JsonNode json(HttpResponse<String> response) {
        return read(response.body());
    }

    /** {@code json} as a JSON tree, to compare with an answer's regardless of spacing and key order. */
    public static JsonNode read(String json) {
        try {
            return Documents.json().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }

    /** Stops the client at once, abandoning any request still in flight. */
    @Override
    public void close() {
        client.shutdownNow();
    }
}
