package dev.skiff.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Documents;
import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
import dev.skiff.api.VolumeMount;
import dev.skiff.server.events.EventsConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Skiff server on a free port with its own data directory, and a plain HTTP client for it.
 * Register it as {@code @RegisterExtension static final TestServer server = new TestServer();} to
 * share one server across a class's tests, or {@link #start} one on a given data directory.
 */
final class TestServer implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Duration startTimeout;
    private Path dataDir;
    private SkiffServer server;

    /** A server that starts before the class's tests, in a fresh temporary data directory. */
    TestServer() {
        this(ServerConfig.DEFAULT_START_TIMEOUT);
    }

    /** Such a server, giving each instance at most {@code startTimeout} to become ready. */
    TestServer(Duration startTimeout) {
        this.startTimeout = startTimeout;
    }

    /** Starts a server keeping its state in {@code dataDir}. */
    static TestServer start(Path dataDir) {
        return start(dataDir, EventsConfig.defaults());
    }

    /** Starts a server keeping its state in {@code dataDir}, with these events settings. */
    static TestServer start(Path dataDir, EventsConfig events) {
        TestServer test = new TestServer();
        test.dataDir = dataDir;
        test.server = SkiffServer.start(ServerConfig.ephemeral(dataDir).withEvents(events));
        return test;
    }

    /** Starts a server with {@code config}, keeping its state in the config's data directory. */
    static TestServer start(ServerConfig config) {
        TestServer test = new TestServer();
        test.dataDir = config.dataDir();
        test.server = SkiffServer.start(config);
        return test;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dataDir = Files.createTempDirectory("skiff-it");
        server = SkiffServer.start(ServerConfig.ephemeral(dataDir).withStartTimeout(startTimeout));
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        server.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /** The server's data directory. */
    Path dataDir() {
        return dataDir;
    }

    /** Stops the server and starts a new one on the same data directory (a new port). */
    void restart() {
        restart(EventsConfig.defaults());
    }

    /** Stops the server and starts a new one on the same data directory with these events settings. */
    void restart(EventsConfig events) {
        server.close();
        server = SkiffServer.start(ServerConfig.ephemeral(dataDir).withEvents(events));
    }

    SkiffServer server() {
        return server;
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    /** A file of the repository (tests run in the module's directory). */
    static Path repoFile(String path) {
        Path file = Path.of("..").toAbsolutePath().normalize().resolve(path);
        assertThat(file).exists();
        return file;
    }

    /** A python3 function whose handler is {@code main.handle} in a one-file source. */
    static Function python(String name, String source) {
        return python(name, "main.handle", source);
    }

    static Function python(String name, String handler, String source) {
        return Function.of(name, FunctionSpec.builder()
                .runtime("python3")
                .handler(handler)
                .source(Source.text("main.py", source))
                .build());
    }

    /** An HTTP app run by {@code command} from a one-file source, mounting {@code volumes}. */
    static Function httpApp(String name, String filename, String source, List<String> command, List<VolumeMount> volumes) {
        return Function.of(name, FunctionSpec.builder()
                .runtime("http")
                .source(Source.text(filename, source))
                .command(command)
                .volumes(volumes)
                .build());
    }

    /** Deploys (create) and asserts it worked. */
    JsonNode deploy(Function function) {
        HttpResponse<String> response = send("POST", "/api/v1/functions", json(function), "application/json");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return read(response.body());
    }

    /** The function's instances, as {@code GET /api/v1/functions/{name}/instances} lists them. */
    JsonNode instances(String function) {
        return read(send("GET", "/api/v1/functions/" + function + "/instances", null).body()).get("items");
    }

    HttpResponse<String> send(String method, String path, String body) {
        return send(method, path, body, "application/json");
    }

    HttpResponse<String> send(String method, String path, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(120));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return send(request.build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(120));
    }

    static String json(Object value) {
        try {
            return Documents.json().writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(String json) {
        try {
            return Documents.json().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
