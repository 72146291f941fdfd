package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.Function;
import dev.skiff.testkit.http.RawHttp;
import dev.skiff.testkit.http.TestHttpClient;
import dev.skiff.testkit.server.TestFunctions;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Invocation: public by default, as on Knative and OpenFaaS; a function deployed with
 * {@code auth: token} answers only callers with a token (any role), on the fast path, Vert.x's path,
 * asynchronous calls and the agent's {@code /invoke} alike. A Skiff token is never handed to a
 * function, nor stored with a queued call; any other Authorization header is the function's own.
 */
class InvokeTokensIT {
    private static final String ECHO = """
            def handler(event, context):
                return 'auth=' + str(event['extensions']['request'].headers.get('authorization'))
            """;

    @RegisterExtension
    static final TestServer server = new TestServer();

    private static String invoker;

    @BeforeAll
    static void deploy() {
        server.deploy(TestFunctions.python("open-echo", "main.handler", ECHO));
        Function locked = TestFunctions.python("locked-echo", "main.handler", ECHO);
        server.deploy(Function.of("locked-echo", locked.spec().toBuilder().auth("token").build()));
        invoker = server.createToken("caller", "invoker");
    }

    private static RawHttp.Response raw(String path, String authorization) throws IOException {
        try (RawHttp raw = new RawHttp(server.server().port())) {
            return raw.send("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                    + "Content-Length: 2\r\nConnection: close\r\n\r\n{}").read();
        }
    }

    @Test
    void aPublicFunction_answersAnyone() throws IOException, InterruptedException {
        HttpResponse<String> answer = server.anonymous().post("/function/open-echo", "{}", "application/json");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("auth=None");
    }

    @Test
    void aFunctionRequiringATokens_refusesCallersWithout_orWithAWrongOne() throws IOException, InterruptedException {
        long pipelinedBefore = server.server().answeredOnPipeline();
        HttpResponse<String> none = server.anonymous().post("/function/locked-echo", "{}", "application/json");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.body()).contains("locked-echo").contains("auth: token");
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"skiff\"");

        assertThat(raw("/function/locked-echo", "Bearer skiff_wrong").status()).isEqualTo(401);
        assertThat(raw("/function/locked-echo/sub/path?x=1", null).status()).isEqualTo(401);
        assertThat(raw("/function/locked-echo", "Basic dXNlcjpwYXNz").status()).isEqualTo(401);
        assertThat(server.server().answeredOnPipeline()).isEqualTo(pipelinedBefore);
    }

    @Test
    void aFunctionRequiringATokens_answersAnInvokersToken_onTheFastPath_withoutPassingItOn() throws IOException {
        long pipelinedBefore = server.server().answeredOnPipeline();

        RawHttp.Response answer = raw("/function/locked-echo", "Bearer " + invoker);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("auth=None");
        assertThat(server.server().answeredOnPipeline()).isGreaterThan(pipelinedBefore);
    }

    @Test
    void aSkiffTokenSentToAPublicFunction_isNotPassedOn_butTheFunctionsOwnAuthorizationIs() throws IOException {
        assertThat(raw("/function/open-echo", "Bearer " + server.token()).body()).isEqualTo("auth=None");
        assertThat(raw("/function/open-echo", "Bearer app-token-123").body()).isEqualTo("auth=Bearer app-token-123");
    }

    @Test
    void anAsynchronousCall_isCheckedAsASynchronousOne_andItsQueuedCallHoldsNoToken() throws Exception {
        assertThat(raw("/async-function/locked-echo", null).status()).isEqualTo(401);

        RawHttp.Response accepted = raw("/async-function/locked-echo", "Bearer " + invoker);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String id = TestHttpClient.read(accepted.body()).get("activationId").asText();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                server.send("GET", "/api/v1/activations/" + id, null).body().contains("\"success\""));
        assertThat(server.send("GET", "/api/v1/activations/" + id, null).body()).contains("auth=None");
        assertThat(TestServer.databaseText(server.dataDir())).doesNotContain(invoker);
    }

    @Test
    void theAgentsInvoke_callsAFunctionRequiringATokens_forACallerWithOne() throws IOException, InterruptedException {
        HttpResponse<String> answer = server.http().withToken(invoker).send("POST", "/invoke",
                "{\"id\": \"locked-echo\", \"payload\": {}}", "application/json");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("auth=None");
    }

    @Test
    void turningAuthOn_asksForTokensAtOnce_evenWhileAnOldPublicRevisionIsTagged() throws IOException, InterruptedException {
        server.deploy(TestFunctions.python("turning", "main.handler", ECHO));
        Function update = TestFunctions.python("turning", "main.handler", ECHO + "\n# v2\n");
        HttpResponse<String> updated = server.send("PUT", "/api/v1/functions/turning", TestServer.json(
                Function.of("turning", update.spec().toBuilder().auth("token").build())));
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        HttpResponse<String> traffic = server.send("PUT", "/api/v1/functions/turning/traffic",
                "{\"traffic\": [{\"revisionName\": \"turning-00002\", \"percent\": 100},"
                        + " {\"revisionName\": \"turning-00001\", \"percent\": 0, \"tag\": \"old\"}]}");
        assertThat(traffic.statusCode()).as(traffic.body()).isEqualTo(200);

        assertThat(server.anonymous().post("/function/turning", "{}", null).statusCode()).isEqualTo(401);
        assertThat(server.anonymous().post("/function/turning@old", "{}", null).statusCode()).isEqualTo(401);
        assertThat(server.http().withToken(invoker).post("/function/turning@old", "{}", null).statusCode()).isEqualTo(200);
    }

    @Test
    void aBadAuthValue_isRefusedWithTheValuesItTakes() throws IOException, InterruptedException {
        Function bad = TestFunctions.python("bad-auth", "main.handler", ECHO);
        HttpResponse<String> refused = server.send("POST", "/api/v1/functions",
                TestServer.json(Function.of("bad-auth", bad.spec().toBuilder().auth("password").build())));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("spec.auth").contains("public").contains("token");
    }
}
