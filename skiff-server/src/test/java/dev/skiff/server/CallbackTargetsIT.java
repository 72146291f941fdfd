package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.server.activations.CallbackReceiver;
import dev.skiff.testkit.server.TestFunctions;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An asynchronous call's {@code X-Callback-Url} may not point at the server's own host, the cloud's
 * metadata address or a private network (server-side request forgery): such a call is refused with
 * 400 before anything is queued, unless the server allows the host ({@code --allow-callback-host}).
 */
class CallbackTargetsIT {
    private static final String ANSWER = "def handle(req):\n    return 'done'\n";

    @RegisterExtension
    static final TestServer server = new TestServer();
    private static CallbackReceiver receiver;

    @BeforeAll
    static void deploy() {
        receiver = CallbackReceiver.start();
        server.deploy(TestFunctions.python("answer", ANSWER));
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    /** POSTs to {@code /async-function/NAME} with this callback. */
    static HttpResponse<String> async(TestServer on, String function, String callback) {
        return on.send(on.request("/async-function/" + function).header("X-Callback-Url", callback)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
    }

    /** The message of a 400 ValidationFailed answer. */
    static String refusal(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = TestServer.read(response.body());
        assertThat(body.get("error").asText()).isEqualTo("ValidationFailed");
        return body.get("message").asText();
    }

    @Test
    void asyncCall_callbackToLoopbackAddress_is400AndNothingIsQueuedOrSent() {
        server.deploy(TestFunctions.python("untouched", ANSWER));

        String message = refusal(async(server, "untouched", receiver.url("/done")));

        assertThat(message).contains("X-Callback-Url", "127.0.0.1", "loopback", "--allow-callback-host");
        assertThat(server.send("POST", "/function/untouched", "{}").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> items("untouched").size() > 0);
        assertThat(items("untouched")).as("only the synchronous call was made").hasSize(1);
        assertThat(receiver.waiting()).isZero();
    }

    @Test
    void asyncCall_callbackToANameOfLoopback_is400() {
        String message = refusal(async(server, "answer", "http://localhost:" + receiver.port() + "/done"));

        assertThat(message).contains("localhost", "loopback");
        assertThat(receiver.waiting()).isZero();
    }

    @Test
    void asyncCall_callbackToCloudMetadata_is400() {
        assertThat(refusal(async(server, "answer", "http://169.254.169.254/latest/meta-data/"))).contains("link-local");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://10.1.2.3/", "http://172.16.0.1/", "http://192.168.1.1/", "http://100.64.0.1/",
        "http://0.0.0.0:8080/", "http://[::1]:8080/", "http://[::ffff:127.0.0.1]/", "http://[fd00::1]/",
        "http://[fe80::1]/", "https://224.0.0.1/", "http://255.255.255.255/", "http://[::]/"})
    void asyncCall_callbackToAForbiddenAddress_is400(String callback) {
        assertThat(refusal(async(server, "answer", callback))).contains("X-Callback-Url", "--allow-callback-host");
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "ftp://example.com/result", "gopher://example.com:70/"})
    void asyncCall_callbackNotHttp_is400(String callback) {
        assertThat(refusal(async(server, "answer", callback))).contains("is not an http or https URL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://exa mple.com/", "not a url", "http://[zz::1]/"})
    void asyncCall_callbackNotAUrl_is400(String callback) {
        assertThat(refusal(async(server, "answer", callback))).contains("is not a URL");
    }

    @Test
    void allowedHost_callbackArrives_redirectIsNotFollowed_andTheActivationRecordsEachDelivery(@TempDir Path dir)
            throws InterruptedException {
        try (TestServer allowing = TestServer.start(ServerConfig.ephemeral(dir).withAllowedCallbackHosts(List.of("127.0.0.1")));
             CallbackReceiver own = CallbackReceiver.start()) {
            allowing.deploy(TestFunctions.python("answer", ANSWER));

            String id = accepted(async(allowing, "answer", own.url("/done?n=1")));
            CallbackReceiver.Received received = own.next(Duration.ofSeconds(60));
            assertThat(received).isNotNull();
            assertThat(received).isEqualTo(new CallbackReceiver.Received("/done?n=1", "127.0.0.1:" + own.port(), id, "done"));
            JsonNode callback = recordedCallback(allowing, id);
            assertThat(callback.get("outcome").asText()).isEqualTo("delivered");
            assertThat(callback.get("statusCode").asInt()).isEqualTo(204);
            assertThat(callback.get("url").asText()).isEqualTo(own.url("/done?n=1"));

            String redirected = accepted(async(allowing, "answer", own.url("/redirect")));
            assertThat(own.next(Duration.ofSeconds(60))).extracting(CallbackReceiver.Received::path).isEqualTo("/redirect");
            assertThat(recordedCallback(allowing, redirected).get("statusCode").asInt()).isEqualTo(302);
            assertThat(own.waiting()).as("the redirect's target was not called").isZero();

            assertThat(refusal(async(allowing, "answer", "http://localhost:" + own.port() + "/done")))
                    .as("only the host named is allowed").contains("localhost", "loopback");
        }
    }

    private static String accepted(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return TestServer.read(response.body()).get("activationId").asText();
    }

    /** The {@code callback} of activation {@code id}'s record, once there. */
    private static JsonNode recordedCallback(TestServer on, String id) {
        await().atMost(Duration.ofSeconds(30)).until(() -> on.send("GET", "/api/v1/activations/" + id, null).body()
                .contains("\"callback\""));
        return TestServer.read(on.send("GET", "/api/v1/activations/" + id, null).body()).get("callback");
    }

    private static JsonNode items(String function) {
        return TestServer.read(server.send("GET", "/api/v1/activations?function=" + function, null).body()).get("items");
    }
}
