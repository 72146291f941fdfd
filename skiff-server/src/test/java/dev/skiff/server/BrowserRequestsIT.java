package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.testkit.http.RawHttp;
import dev.skiff.testkit.server.TestFunctions;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A web page the user opens must not drive Skiff on 127.0.0.1. Before, a {@code text/plain} POST
 * from a foreign origin deployed a function (a cross-site request), and so did one naming a foreign
 * Host (DNS rebinding: a page's own name resolved to 127.0.0.1); a DELETE with a foreign Host
 * succeeded. Now the management routes refuse both with 403 before anything else; the probes and
 * the functions' own URLs, public as on Knative, still answer anyone.
 */
class BrowserRequestsIT {
    private static final String PAGE = "http://attacker.example";

    @RegisterExtension
    static final TestServer server = new TestServer(config -> config.withAllowedHosts(List.of("skiff.example.org")));

    @BeforeAll
    static void deploy() {
        server.deploy(TestFunctions.python("kept", "def handle(req):\n    return 'kept'\n"));
    }

    private static RawHttp.Response send(String method, String path, String headers, String body) throws IOException {
        try (RawHttp raw = new RawHttp(server.server().port())) {
            String content = body == null ? "" : body;
            // Every request carries the admin token: the browser checks hold whatever the token (a page could
            // not send one, but nothing here leans on that).
            return raw.send(method + " " + path + " HTTP/1.1\r\n" + headers + "Authorization: Bearer " + server.token()
                    + "\r\nContent-Length: "
                    + content.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n"
                    + content).read();
        }
    }

    private static String own() {
        return "127.0.0.1:" + server.server().port();
    }

    private static String deployment(String name) {
        return TestServer.json(TestFunctions.python(name, "def handle(req):\n    return 'pwned'\n"));
    }

    private static void assertForbidden(RawHttp.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(403);
        JsonNode error = TestServer.read(response.body());
        assertThat(error.get("error").asText()).isEqualTo("Forbidden");
    }

    @Test
    void aDeployNamingAForeignHost_isRefused_andNothingIsDeployed() throws IOException {
        assertForbidden(send("POST", "/api/v1/functions", "Host: attacker.example:" + server.server().port()
                + "\r\nContent-Type: application/json\r\n", deployment("rebound")));

        assertThat(server.send("GET", "/api/v1/functions/rebound", null).statusCode()).isEqualTo(404);
    }

    @Test
    void aDeployFromAForeignPage_isRefused_whateverItsContentType() throws IOException {
        for (String type : List.of("text/plain", "application/json")) {
            assertForbidden(send("POST", "/api/v1/functions", "Host: " + own() + "\r\nOrigin: " + PAGE
                    + "\r\nContent-Type: " + type + "\r\n", deployment("crossed")));
        }
        assertForbidden(send("POST", "/deploy", "Host: " + own() + "\r\nOrigin: " + PAGE
                + "\r\nContent-Type: text/plain\r\n", "{\"id\": \"crossed\", \"handler\": \"def handle(req): return 1\"}"));

        assertThat(server.send("GET", "/api/v1/functions/crossed", null).statusCode()).isEqualTo(404);
    }

    @Test
    void aDeleteNamingAForeignHost_orSentCrossSite_isRefused_andTheFunctionStays() throws IOException {
        assertForbidden(send("DELETE", "/api/v1/functions/kept", "Host: attacker.example\r\n", null));
        assertForbidden(send("DELETE", "/api/v1/functions/kept", "Host: " + own() + "\r\nSec-Fetch-Site: cross-site\r\n", null));

        assertThat(server.send("POST", "/function/kept", "").body()).isEqualTo("kept");
    }

    @Test
    void readingTheApiFromAForeignPage_isRefusedToo() throws IOException {
        assertForbidden(send("GET", "/api/v1/functions", "Host: attacker.example\r\n", null));
        assertForbidden(send("GET", "/metrics", "Host: " + own() + "\r\nOrigin: " + PAGE + "\r\n", null));
    }

    @Test
    void theServersOwnPage_anAllowedName_andTheCli_areAnswered() throws IOException {
        RawHttp.Response sameOrigin = send("POST", "/api/v1/functions", "Host: " + own() + "\r\nOrigin: http://" + own()
                + "\r\nContent-Type: application/json\r\n", deployment("same-origin"));
        RawHttp.Response allowedName = send("GET", "/api/v1/functions/kept", "Host: skiff.example.org:"
                + server.server().port() + "\r\n", null);

        assertThat(sameOrigin.status()).as(sameOrigin.body()).isEqualTo(201);
        assertThat(allowedName.status()).as(allowedName.body()).isEqualTo(200);
        assertThat(server.send("GET", "/api/v1/functions/kept", null).statusCode()).as("no Origin: the CLI, curl").isEqualTo(200);
    }

    @Test
    void probesAndTheFunctionsOwnUrls_answerAnyone() throws IOException {
        for (String path : List.of("/healthz", "/readyz", "/health")) {
            assertThat(send("GET", path, "Host: attacker.example\r\nOrigin: " + PAGE + "\r\n", null).status()).as(path)
                    .isEqualTo(200);
        }
        RawHttp.Response invoked = send("POST", "/function/kept", "Host: attacker.example\r\nOrigin: " + PAGE
                + "\r\nContent-Type: text/plain\r\n", "x");

        assertThat(invoked.status()).isEqualTo(200);
        assertThat(invoked.body()).isEqualTo("kept");
    }
}
