package dev.skiff.testkit.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Documents;
import dev.skiff.testkit.http.TestHttpClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real server on a free port with a data directory of its own, and a plain HTTP client for it: the
 * harness every test through the real server uses. Registered as a JUnit extension
 * ({@code @RegisterExtension static final ...}) it starts before a class's tests in a new temporary
 * directory and is stopped, and the directory deleted, after them; a test may also start one on a
 * directory of its own. What starts the server is the subclass's {@link Launcher}, so the harness does
 * not depend on the server module.
 *
 * @param <S> the running server
 */
public class ServerHarness<S extends AutoCloseable> implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
    /** How long one request may take: a deploy that installs packages or compiles takes a while. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);
    private final ToIntFunction<S> port;
    private Launcher<S> launcher;
    private Path dataDir;
    private boolean ownsDataDir;
    private S server;
    private TestHttpClient http;

    /** Starts a server keeping its state in a data directory; it listens on a free port. */
    @FunctionalInterface
    public interface Launcher<S> {
        /** The running server. */
        S start(Path dataDir);
    }

    /** A harness whose servers {@code launcher} starts and {@code port} says the port of. */
    protected ServerHarness(Launcher<S> launcher, ToIntFunction<S> port) {
        this.launcher = launcher;
        this.port = port;
    }

    /** Starts the server on {@code dir}, which the caller owns; returns this harness. */
    protected final ServerHarness<S> startOn(Path dir) {
        dataDir = dir;
        server = launcher.start(dir);
        http = new TestHttpClient("http://127.0.0.1:" + port.applyAsInt(server), REQUEST_TIMEOUT, adminToken(dir));
        return this;
    }

    /** The server's admin token, from its data directory's {@code admin-token}; null when it has none. */
    private static String adminToken(Path dir) {
        Path file = dir.resolve("admin-token");
        try {
            return Files.exists(file) ? Files.readString(file).strip() : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        ownsDataDir = true;
        startOn(Files.createTempDirectory("skiff-it"));
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        close();
        if (ownsDataDir) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** Stops the server and starts a new one on the same data directory (on a new port). */
    public void restart() {
        restart(launcher);
    }

    /** Stops the server and starts one with {@code next} on the same data directory, which later restarts use too. */
    public void restart(Launcher<S> next) {
        close();
        launcher = next;
        startOn(dataDir);
    }

    /** The running server. */
    public S server() {
        return server;
    }

    /** The server's data directory. */
    public Path dataDir() {
        return dataDir;
    }

    /** The client, bound to the server's URL, sending the server's admin token. */
    public TestHttpClient http() {
        return http;
    }

    /** A client of the server sending no token at all. */
    public TestHttpClient anonymous() {
        return http.withToken(null);
    }

    /** The server's admin token. */
    public String token() {
        return http.token();
    }

    /** The full URL of {@code pathAndQuery} on the server. */
    public String url(String pathAndQuery) {
        return http.uri(pathAndQuery).toString();
    }

    /** A request builder for {@code pathAndQuery} on the server. */
    public HttpRequest.Builder request(String pathAndQuery) {
        return http.request(pathAndQuery);
    }

    /** Sends {@code method path} with a JSON {@code body} (none when null). */
    public HttpResponse<String> send(String method, String path, String body) {
        return send(method, path, body, "application/json");
    }

    /** Sends {@code method path} with {@code body} as {@code contentType} (no header when null). */
    public HttpResponse<String> send(String method, String path, String body, String contentType) {
        return send(http.request(method, path, body, contentType));
    }

    /** Sends {@code request} and reads its body as text. */
    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates {@code function} (any resource Jackson writes as a Function) and asserts it worked; its JSON. */
    public JsonNode deploy(Object function) {
        HttpResponse<String> response = send("POST", "/api/v1/functions", json(function));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return read(response.body());
    }

    /** The function's instances, as {@code GET /api/v1/functions/{name}/instances} lists them. */
    public JsonNode instances(String function) {
        return read(send("GET", "/api/v1/functions/" + function + "/instances", null).body()).get("items");
    }

    /** {@code value} as JSON, as the API writes it. */
    public static String json(Object value) {
        try {
            return Documents.json().writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code json} read into a tree. */
    public static JsonNode read(String json) {
        return TestHttpClient.read(json);
    }

    /** A file of the repository, which must exist (tests run in their module's directory). */
    public static Path repoFile(String path) {
        Path file = Path.of("..").toAbsolutePath().normalize().resolve(path);
        assertThat(file).exists();
        return file;
    }

    /** Stops the server. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (Exception e) {
            throw new IllegalStateException("the server did not stop cleanly", e);
        }
    }
}
