package dev.skiff.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Documents;
import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.ScaleSpec;
import dev.skiff.api.Source;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The few calls of Skiff's REST API (docs/api.md) the benchmarks make, over java.net.http. */
public final class SkiffApi {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private final String base;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /** A client of the server at {@code http://127.0.0.1:<port>}, presenting {@code token}. */
    public SkiffApi(int port, String token) {
        this.base = "http://127.0.0.1:" + port;
        this.authorization = "Bearer " + token;
    }

    /** A python3 function whose handler is {@code main.handle} in {@code source}, with this concurrency. */
    public static Function python(String name, String source, int concurrency) {
        return Function.of(name, FunctionSpec.builder()
                .runtime("python3")
                .handler("main.handle")
                .source(Source.text("main.py", source))
                .concurrency(concurrency)
                .build());
    }

    /** A function of any runtime whose single-file source is {@code filename}, with the default concurrency. */
    public static Function of(String name, String runtime, String handler, String filename, String source) {
        return Function.of(name, FunctionSpec.builder()
                .runtime(runtime)
                .handler(handler)
                .source(Source.text(filename, source))
                .build());
    }

    /** The same function, scaling to zero after {@code graceSeconds} idle (and the shortest stable window, 6 s). */
    public static Function scalingToZero(Function function, int graceSeconds) {
        return function.withSpec(function.spec().toBuilder().scale(ScaleSpec.bounds(0, null).withGrace(graceSeconds).withStableWindow(6)).build());
    }

    /** Deploys a new function; returns once its first instance is ready. */
    public void create(Function function) throws IOException, InterruptedException {
        send("POST", "/api/v1/functions", Documents.json().writeValueAsString(function), 201);
    }

    /** Replaces a function's spec with a new revision; returns once it is ready and serves. */
    public void replace(Function function) throws IOException, InterruptedException {
        send("PUT", "/api/v1/functions/" + function.name(), Documents.json().writeValueAsString(function), 200);
    }

    /** Replaces a function's traffic table with {@code table}, a JSON array of traffic targets. */
    public void traffic(String name, String table) throws IOException, InterruptedException {
        put("/api/v1/functions/" + name + "/traffic", "{\"traffic\": " + table + "}");
    }

    /** A PUT of a JSON body that must answer 200. */
    public void put(String path, String json) throws IOException, InterruptedException {
        send("PUT", path, json, 200);
    }

    /** Creates a resource from its JSON in {@code /api/v1/<collection>} (brokers, triggers...); it must answer 201. */
    public void createResource(String collection, String json) throws IOException, InterruptedException {
        send("POST", "/api/v1/" + collection, json, 201);
    }

    /** A bodiless POST that must answer 200. */
    public void post(String path) throws IOException, InterruptedException {
        send("POST", path, null, 200);
    }

    /** Deletes a function and stops its instances. */
    public void delete(String name) throws IOException, InterruptedException {
        send("DELETE", "/api/v1/functions/" + name, null, 200);
    }

    /** The instances of a function now. */
    public List<InstanceInfo> instances(String name) throws IOException, InterruptedException {
        JsonNode items = Documents.json().readTree(send("GET", "/api/v1/functions/" + name + "/instances", null, 200))
                .path("items");
        List<InstanceInfo> instances = new ArrayList<>();
        for (JsonNode item : items) {
            instances.add(new InstanceInfo(item.path("port").asInt(), item.path("pid").asLong(), item.path("state").asText(),
                    item.hasNonNull("socket") ? Optional.of(Path.of(item.get("socket").asText())) : Optional.empty()));
        }
        return instances;
    }

    /** The body of a GET of {@code path}, which must answer 200. */
    public String get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, 200);
    }

    /** Writes {@code bytes} to {@code path} in {@code volume} through the file API; it must answer 200 or 201. */
    public void upload(String volume, String path, byte[] bytes) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/volumes/" + volume + "/files/" + path))
                .timeout(TIMEOUT).header("Authorization", authorization)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 && response.statusCode() != 201) {
            throw new IOException("PUT " + path + " in volume " + volume + " answered " + response.statusCode() + ": "
                    + response.body());
        }
    }

    /** Whether the server answers {@code /readyz} with 200; warms this client's connection too. */
    public boolean ready() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/readyz")).timeout(TIMEOUT).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    }

    private String send(String method, String path, String json, int expected) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                .header("Authorization", authorization);
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IOException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /**
     * One instance as the API lists it.
     *
     * @param port the loopback port the worker listens on
     * @param pid the worker's process id
     * @param state Ready or Stopped
     * @param socket the Unix socket the gateway reaches it on, if the worker made one
     */
    public record InstanceInfo(int port, long pid, String state, Optional<Path> socket) {}
}
