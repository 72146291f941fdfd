package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;

/** Assertions on the server's error answers shared by the strict-input tests. */
final class StrictAnswers {
    private StrictAnswers() {}

    /** Asserts {@code response} is a JSON error with {@code status} and {@code code}; its message. */
    static String error(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = TestServer.read(response.body());
        assertThat(body.get("error").asText()).as(response.body()).isEqualTo(code);
        return body.get("message").asText();
    }

    /** Asserts {@code response} is 400 ValidationFailed; its message. */
    static String invalid(HttpResponse<String> response) {
        return error(response, 400, "ValidationFailed");
    }

    /** Asserts that no function {@code name} was stored. */
    static void assertNoFunction(TestServer server, String name) {
        assertThat(server.send("GET", "/api/v1/functions/" + name, null).statusCode()).isEqualTo(404);
    }
}
