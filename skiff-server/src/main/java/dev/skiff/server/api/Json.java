package dev.skiff.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.skiff.api.Documents;
import dev.skiff.server.errors.Errors;
import io.vertx.core.http.HttpServerResponse;

/** Writes JSON answers with the same mapper resources are read with. */
public final class Json {
    private Json() {}

    /** Ends the response with {@code status} and {@code body} as JSON. */
    public static void write(HttpServerResponse response, int status, Object body) {
        String json;
        try {
            json = Documents.json().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            Errors.write(response, e);
            return;
        }
        response.setStatusCode(status).putHeader("Content-Type", "application/json").end(json);
    }
}
