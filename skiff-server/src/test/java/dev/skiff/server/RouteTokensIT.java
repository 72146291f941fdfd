package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.testkit.http.TestHttpClient;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every management route against no token, a token that is not the server's, a token whose role is
 * one short, and the role it needs. Before tokens, anyone who reached the port owned the server.
 * The right role's requests name things that do not exist or send empty documents, so they answer
 * 404 or 400 and change nothing: what counts is that they are not 401 or 403.
 */
class RouteTokensIT {
    @RegisterExtension
    static final TestServer server = new TestServer();

    private static String developer;
    private static String invoker;

    /** One route: what it is called with, and the least role that may call it. */
    record Call(String method, String path, String body, String contentType, String role) {
        @Override
        public String toString() {
            return method + " " + path + " (" + role + ")";
        }
    }

    static Stream<Call> routes() {
        String json = "application/json";
        return Stream.of(
                new Call("POST", "/api/v1/functions", "{}", json, "developer"),
                new Call("GET", "/api/v1/functions", null, null, "developer"),
                new Call("GET", "/api/v1/functions/nope", null, null, "developer"),
                new Call("PUT", "/api/v1/functions/nope", "{}", json, "developer"),
                new Call("DELETE", "/api/v1/functions/nope", null, null, "developer"),
                new Call("GET", "/api/v1/functions/nope/revisions", null, null, "developer"),
                new Call("GET", "/api/v1/functions/nope/instances", null, null, "developer"),
                new Call("PUT", "/api/v1/functions/nope/traffic", "{}", json, "developer"),
                new Call("POST", "/api/v1/functions/nope/rollback", null, null, "developer"),
                new Call("PUT", "/api/v1/functions/nope/scale", "{}", json, "developer"),
                new Call("GET", "/api/v1/functions/nope/logs", null, null, "developer"),
                new Call("POST", "/api/v1/volumes", "{}", json, "developer"),
                new Call("GET", "/api/v1/volumes", null, null, "developer"),
                new Call("GET", "/api/v1/volumes/nope", null, null, "developer"),
                new Call("DELETE", "/api/v1/volumes/nope", null, null, "developer"),
                new Call("PUT", "/api/v1/volumes/nope/files/a.txt", "x", "application/octet-stream", "developer"),
                new Call("GET", "/api/v1/volumes/nope/files", null, null, "developer"),
                new Call("GET", "/api/v1/volumes/nope/files/a.txt", null, null, "developer"),
                new Call("POST", "/brokers/nope/events", "{}", json, "invoker"),
                new Call("POST", "/api/v1/brokers", "{}", json, "developer"),
                new Call("GET", "/api/v1/brokers", null, null, "developer"),
                new Call("GET", "/api/v1/brokers/nope", null, null, "developer"),
                new Call("DELETE", "/api/v1/brokers/nope", null, null, "developer"),
                new Call("POST", "/api/v1/topics", "{}", json, "developer"),
                new Call("GET", "/api/v1/topics", null, null, "developer"),
                new Call("DELETE", "/api/v1/topics/nope", null, null, "developer"),
                new Call("POST", "/api/v1/topics/nope/messages", "{}", json, "invoker"),
                new Call("POST", "/api/v1/triggers", "{}", json, "developer"),
                new Call("GET", "/api/v1/triggers", null, null, "developer"),
                new Call("DELETE", "/api/v1/triggers/nope", null, null, "developer"),
                new Call("POST", "/api/v1/crontriggers", "{}", json, "developer"),
                new Call("GET", "/api/v1/crontriggers", null, null, "developer"),
                new Call("GET", "/api/v1/crontriggers/nope", null, null, "developer"),
                new Call("DELETE", "/api/v1/crontriggers/nope", null, null, "developer"),
                new Call("GET", "/api/v1/deadletters", null, null, "developer"),
                new Call("POST", "/api/v1/deadletters/nope/replay", null, null, "developer"),
                new Call("POST", "/api/v1/deadletters/replay", null, null, "developer"),
                new Call("GET", "/api/v1/activations", null, null, "developer"),
                new Call("GET", "/api/v1/activations/nope", null, null, "developer"),
                new Call("POST", "/api/v1/tokens", "{}", json, "admin"),
                new Call("GET", "/api/v1/tokens", null, null, "admin"),
                new Call("DELETE", "/api/v1/tokens/nope", null, null, "admin"),
                new Call("GET", "/api/v1/whoami", null, null, "invoker"),
                new Call("POST", "/deploy", "{}", json, "developer"),
                new Call("POST", "/invoke", "{}", json, "invoker"),
                new Call("GET", "/functions", null, null, "invoker"),
                new Call("GET", "/metrics", null, null, "invoker"),
                new Call("GET", "/api/v1/no-such-route", null, null, "invoker"));
    }

    @BeforeAll
    static void makeTokens() {
        developer = create("dev", "developer");
        invoker = create("inv", "invoker");
    }

    private static String create(String name, String role) {
        return server.createToken(name, role);
    }

    private static HttpResponse<String> send(Call call, String token) throws IOException, InterruptedException {
        return server.http().withToken(token).send(call.method(), call.path(), call.body(), call.contentType());
    }

    private static String tokenOneShort(String role) {
        return switch (role) {
            case "admin" -> developer;
            case "developer" -> invoker;
            default -> null;
        };
    }

    private static String tokenOf(String role) {
        return switch (role) {
            case "admin" -> server.token();
            case "developer" -> developer;
            default -> invoker;
        };
    }

    @ParameterizedTest
    @MethodSource("routes")
    void withoutAToken_theRouteAnswers401_withABearerChallenge(Call call) throws IOException, InterruptedException {
        HttpResponse<String> response = send(call, null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(TestHttpClient.json(response).get("error").asText()).isEqualTo("Unauthorized");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"skiff\"");
    }

    @ParameterizedTest
    @MethodSource("routes")
    void withATokenThatIsNotTheServers_theRouteAnswers401(Call call) throws IOException, InterruptedException {
        HttpResponse<String> response = send(call, "skiff_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.body()).contains("not valid");
    }

    @ParameterizedTest
    @MethodSource("routes")
    void withARoleOneShort_theRouteAnswers403_namingTheRoleItNeeds(Call call) throws IOException, InterruptedException {
        String token = tokenOneShort(call.role());
        if (token == null) {
            assertThat(call.role()).isEqualTo("invoker");
            return;
        }
        HttpResponse<String> response = send(call, token);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(TestHttpClient.json(response).get("message").asText()).contains("needs the role " + call.role());
    }

    @ParameterizedTest
    @MethodSource("routes")
    void withTheRoleItNeeds_theRouteIsReached(Call call) throws IOException, InterruptedException {
        HttpResponse<String> response = send(call, tokenOf(call.role()));

        assertThat(response.statusCode()).as(call + ": " + response.body()).isNotIn(401, 403);
    }

    @Test
    void theProbesAndTheAgentsHealth_answerWithoutAToken() throws IOException, InterruptedException {
        for (String probe : List.of("/healthz", "/readyz", "/health")) {
            assertThat(server.anonymous().get(probe).statusCode()).as(probe).isEqualTo(200);
        }
    }

    @Test
    void theChecksComeInOrder_hostFirst_thenToken_thenRole_thenContentType() throws IOException, InterruptedException {
        String form = "application/x-www-form-urlencoded";
        // No token and a form body: 401, not 415 (a caller learns nothing of a route before it is let in).
        assertThat(server.anonymous().send("POST", "/api/v1/functions", "a=b", form).statusCode()).isEqualTo(401);
        // An invoker's form body to a developer route: 403.
        assertThat(server.http().withToken(invoker).send("POST", "/api/v1/functions", "a=b", form).statusCode())
                .isEqualTo(403);
        // A developer's text/plain body: 415, naming the type to send.
        HttpResponse<String> plain = server.http().withToken(developer).send("POST", "/api/v1/functions", "{}", "text/plain");
        assertThat(plain.statusCode()).isEqualTo(415);
        assertThat(plain.body()).contains("application/json");
        // A foreign Host with the admin token: 403 before the token is looked at (RawHttp sends the Host given).
        try (dev.skiff.testkit.http.RawHttp raw = new dev.skiff.testkit.http.RawHttp(server.server().port())) {
            dev.skiff.testkit.http.RawHttp.Response response = raw.send("GET /api/v1/functions HTTP/1.1\r\nHost: evil.example\r\n"
                    + "Authorization: Bearer " + server.token() + "\r\nConnection: close\r\n\r\n").read();
            assertThat(response.status()).isEqualTo(403);
            assertThat(response.body()).contains("does not answer to the host name");
        }
    }

    @Test
    void aRevokedToken_isRefusedOnItsNextRequest() throws IOException, InterruptedException {
        String doomed = create("doomed", "developer");
        assertThat(server.http().withToken(doomed).get("/api/v1/functions").statusCode()).isEqualTo(200);

        HttpResponse<String> revoked = server.http().send("DELETE", "/api/v1/tokens/doomed", null, null);
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);

        HttpResponse<String> after = server.http().withToken(doomed).get("/api/v1/functions");
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(server.http().send("DELETE", "/api/v1/tokens/doomed", null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void theTokenList_showsNamesRolesAndUse_neverASecret() throws IOException, InterruptedException {
        String listed = create("listed", "invoker");
        server.http().withToken(listed).get("/api/v1/whoami");

        HttpResponse<String> list = server.http().get("/api/v1/tokens");

        assertThat(list.body()).doesNotContain(listed).doesNotContain(server.token()).doesNotContain(developer)
                .doesNotContain("skiff_");
        JsonNode entry = null;
        for (JsonNode item : TestHttpClient.json(list).get("items")) {
            if (item.get("name").asText().equals("listed")) {
                entry = item;
            }
        }
        assertThat(entry).isNotNull();
        assertThat(entry.get("role").asText()).isEqualTo("invoker");
        assertThat(entry.get("created").asText()).isNotBlank();
        assertThat(entry.get("lastUsed").isTextual()).isTrue();
        assertThat(TestHttpClient.json(server.http().get("/api/v1/whoami")).get("role").asText()).isEqualTo("admin");
    }

    @Test
    void badTokenRequests_getClearErrors_andMakeNothing() throws IOException, InterruptedException {
        HttpResponse<String> noRole = server.http().send("POST", "/api/v1/tokens", "{\"name\": \"x\"}", "application/json");
        assertThat(noRole.statusCode()).isEqualTo(400);
        assertThat(noRole.body()).contains("admin, developer, invoker");
        HttpResponse<String> badRole = server.http().send("POST", "/api/v1/tokens", "{\"name\": \"x\", \"role\": \"root\"}",
                "application/json");
        assertThat(badRole.statusCode()).isEqualTo(400);
        HttpResponse<String> badName = server.http().send("POST", "/api/v1/tokens", "{\"name\": \"a b\", \"role\": \"admin\"}",
                "application/json");
        assertThat(badName.statusCode()).isEqualTo(400);
        HttpResponse<String> typo = server.http().send("POST", "/api/v1/tokens", "{\"name\": \"x\", \"roles\": \"admin\"}",
                "application/json");
        assertThat(typo.statusCode()).isEqualTo(400);
        assertThat(typo.body()).contains("roles");
        HttpResponse<String> twice = server.http().send("POST", "/api/v1/tokens", "{\"name\": \"dev\", \"role\": \"admin\"}",
                "application/json");
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(server.http().get("/api/v1/tokens").body()).doesNotContain("\"x\"");
        // dev is still a developer: the refused create changed nothing.
        assertThat(TestHttpClient.json(server.http().withToken(developer).get("/api/v1/whoami")).get("role").asText())
                .isEqualTo("developer");
    }
}
