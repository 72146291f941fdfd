package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.Function;
import dev.skiff.testkit.http.RawHttp;
import dev.skiff.testkit.server.TestFunctions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client that sends {@code Expect: 100-continue} (curl does for bodies over 1 MiB) is told to go on
 * before it sends its body, gets the function's final answer, not an instance's interim one, and is
 * refused before sending anything when its declared body is over the limit.
 */
class ExpectContinueIT {
    @RegisterExtension
    static final TestServer server = new TestServer();

    @BeforeAll
    static void deploy() {
        server.deploy(TestFunctions.python("measure", "def handle(req):\n    return len(req)\n"));
    }

    private static String head(String method, String path, int length) {
        return method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + server.token() + "\r\nContent-Type: application/json\r\nContent-Length: " + length
                + "\r\nExpect: 100-continue\r\n\r\n";
    }

    @Test
    void invocation_isToldToContinue_thenAnsweredByTheFunction() throws IOException {
        String body = "\"" + "a".repeat(5000) + "\"";
        try (RawHttp raw = new RawHttp(server.server().port())) {
            raw.send(head("POST", "/function/measure", body.length()));
            assertThat(raw.readHead().status()).as("the interim answer, before the body is sent").isEqualTo(100);

            RawHttp.Response answer = raw.send(body).read();

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("5000");
            assertThat(answer.headers()).containsEntry("x-skiff-revision", "measure-00001");
        }
    }

    @Test
    void managementRoute_isToldToContinue_thenAnswered() throws IOException {
        Function scaled = TestFunctions.python("continued", "def handle(req):\n    return 'ok'\n");
        String body = TestServer.json(scaled);
        try (RawHttp raw = new RawHttp(server.server().port())) {
            raw.send(head("POST", "/api/v1/functions", body.getBytes(StandardCharsets.UTF_8).length));
            assertThat(raw.readHead().status()).isEqualTo(100);

            RawHttp.Response answer = raw.send(body).read();

            assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        }
    }

    @Test
    void declaredBodyOverTheLimit_isRefusedWithoutAskingForIt() throws IOException {
        try (RawHttp raw = new RawHttp(server.server().port())) {
            raw.send(head("PUT", "/api/v1/functions/measure/scale", 5 << 20));

            assertThat(raw.read().status()).isEqualTo(413);
        }
    }
}
