package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
import dev.skiff.testkit.http.RawHttp;
import dev.skiff.testkit.server.TestFunctions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How the management routes read bodies: by media type (415 naming the type to send), within a
 * limit per route (413 as soon as the declared or streamed size passes it), never buffering more.
 */
class RequestBodiesIT {
    private static final long MB = 1 << 20;

    @RegisterExtension
    static final TestServer server = new TestServer();

    @BeforeAll
    static void deploy() {
        server.deploy(TestFunctions.python("stable", "def handle(req):\n    return 'stable v1'\n"));
    }

    private static JsonNode error(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = TestServer.read(response.body());
        assertThat(body.get("error").asText()).isEqualTo(code);
        return body;
    }

    @Test
    void functionDocumentSentAsAForm_is415NamingTheTypeToSend() {
        Function big = Function.of("formed", FunctionSpec.builder().runtime("python3").handler("main.handle")
                .source(Source.text("main.py", "def handle(req):\n    return 'x'\n# " + "x".repeat(9000) + "\n")).build());

        JsonNode body = error(server.send("POST", "/api/v1/functions", TestServer.json(big), "application/x-www-form-urlencoded"),
                415, "UnsupportedMediaType");

        assertThat(body.get("message").asText()).contains("application/json").doesNotContain("Exception");
        assertThat(server.send("GET", "/api/v1/functions/formed", null).statusCode()).isEqualTo(404);
    }

    @Test
    void documentSentAsTextPlainOrMultipart_is415() {
        error(server.send("PUT", "/api/v1/functions/stable/scale", "{\"minScale\": 1}", "text/plain"), 415, "UnsupportedMediaType");
        error(server.send("POST", "/api/v1/volumes", "{\"name\": \"v\"}", "multipart/form-data; boundary=x"),
                415, "UnsupportedMediaType");
    }

    @Test
    void yamlAndJsonWithParameters_areStillRead() {
        HttpResponse<String> yaml = server.send("PUT", "/api/v1/functions/stable/scale", "minScale: 0\n", "application/yaml");
        assertThat(yaml.statusCode()).as(yaml.body()).isEqualTo(200);
        HttpResponse<String> json = server.send("PUT", "/api/v1/functions/stable/scale", "{\"minScale\": 0}",
                "application/json; charset=utf-8");
        assertThat(json.statusCode()).as(json.body()).isEqualTo(200);
    }

    @Test
    void declaredBodyOverTheRoutesLimit_is413AtOnce_beforeAnyOfItIsSent() throws IOException {
        try (RawHttp raw = new RawHttp(server.server().port())) {
            raw.send("POST /api/v1/functions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + server.token() + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + 300 * MB + "\r\n\r\n");
            RawHttp.Response answer = raw.read();

            assertThat(answer.status()).isEqualTo(413);
            assertThat(TestServer.read(answer.body()).get("error").asText()).isEqualTo("PayloadTooLarge");
            assertThat(TestServer.read(answer.body()).get("message").asText()).contains(Long.toString(32 * MB));
            assertThat(answer.headers()).containsEntry("connection", "close");
        }
    }

    @Test
    void streamedBodyOverTheRoutesLimit_is413() throws IOException {
        try (RawHttp raw = new RawHttp(server.server().port())) {
            String chunk = "x".repeat(64 * 1024);
            StringBuilder request = new StringBuilder("PUT /api/v1/functions/stable/scale HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + server.token() + "\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
            for (int i = 0; i < 17; i++) {
                request.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
            }
            raw.send(request.append("0\r\n\r\n").toString());

            RawHttp.Response answer = raw.read();
            assertThat(answer.status()).isEqualTo(413);
            assertThat(TestServer.read(answer.body()).get("message").asText()).contains(Long.toString(MB));
        }
    }

    @Test
    @Timeout(300)
    void eightHugeBodiesAtOnce_onADocumentRoute_areRefused_andTheServersMemoryDoesNotGrowByThem() throws Exception {
        long grown = grownWhileSending("/api/v1/brokers", 8, 300 * MB);

        assertThat(grown).as("the server's resident memory grew by %d MB", grown / MB).isLessThan(100 * MB);
        assertThat(server.send("POST", "/function/stable", "").body()).isEqualTo("stable v1");
    }

    @Test
    @Timeout(300)
    void eightHugeFunctionDocumentsAtOnce_areRefused_andTheServerHoldsAtMostTheirLimit() throws Exception {
        long grown = grownWhileSending("/api/v1/functions", 8, 300 * MB);

        assertThat(grown).as("the server's resident memory grew by %d MB", grown / MB).isLessThan(8 * 2 * 32 * MB);
        assertThat(server.send("POST", "/function/stable", "").body()).isEqualTo("stable v1");
    }

    /** Sends {@code count} chunked bodies of {@code size} bytes at once; how much the JVM's resident memory grew. */
    private static long grownWhileSending(String path, int count, long size) throws Exception {
        long before = residentBytes();
        ExecutorService senders = Executors.newFixedThreadPool(count);
        try {
            List<Future<Long>> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                sent.add(senders.submit(() -> streamChunked(path, size)));
            }
            for (Future<Long> each : sent) {
                assertThat(each.get()).as("bytes the server let in before it refused").isLessThan(size);
            }
        } finally {
            senders.shutdownNow();
        }
        return residentBytes() - before;
    }

    @Test
    void asyncCallOverTheFunctionsLimit_is413NamingIt_andNothingIsQueued() {
        Function small = Function.of("small-async", FunctionSpec.builder().runtime("python3").handler("main.handle")
                .source(Source.text("main.py", "def handle(req):\n    return len(req)\n")).maxRequestSize("1Ki").build());
        server.deploy(small);

        JsonNode body = error(server.send("POST", "/async-function/small-async", "x".repeat(2048), "text/plain"),
                413, "PayloadTooLarge");
        assertThat(body.get("message").asText()).contains("small-async").contains("1024");

        HttpResponse<String> form = server.send("POST", "/async-function/small-async", "a=1", "application/x-www-form-urlencoded");
        assertThat(form.statusCode()).as("a function takes a form as its bytes").isEqualTo(202);
    }

    /**
     * Sends {@code total} bytes of chunked body to {@code path} until the server stops reading;
     * answers how many it took (all of them if it never stopped).
     */
    private static long streamChunked(String path, long total) throws IOException {
        byte[] chunk = new byte[(int) MB];
        long written = 0;
        try (Socket socket = new Socket("127.0.0.1", server.server().port())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + server.token() + "\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            try {
                while (written < total) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    written += chunk.length;
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException closed) {
                return written;
            }
            InputStream in = socket.getInputStream();
            in.readAllBytes();
            return written;
        }
    }

    /** This JVM's resident memory, the server's included (it runs in the test's process). */
    static long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
