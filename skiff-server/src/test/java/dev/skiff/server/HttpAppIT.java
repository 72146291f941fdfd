package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.VolumeMount;
import dev.skiff.testkit.server.TestFunctions;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** HTTP apps: a real Flask app deployed with the http runtime, served through the gateway, and apps that fail to start. */
class HttpAppIT {
    private static final String ECHO = """
            import os
            from flask import Flask, jsonify, request
            app = Flask(__name__)

            @app.route("/", defaults={"path": ""}, methods=["GET", "POST", "PUT"])
            @app.route("/<path:path>", methods=["GET", "POST", "PUT"])
            def echo(path):
                return jsonify(method=request.method, path=request.path, query=request.query_string.decode(),
                               header=request.headers.get("X-Test"), body=request.get_data(as_text=True)), 201

            app.run(host="127.0.0.1", port=int(os.environ["PORT"]))
            """;

    @RegisterExtension
    static final TestServer server = new TestServer();

    @Test
    void flaskAddTwo_answersTheQueryAndTheForm_andKeepsItsHistoryOnAVolume() throws IOException {
        assertThat(server.send("POST", "/api/v1/volumes", "{\"name\": \"add-two-data\"}").statusCode()).isEqualTo(201);
        String app = Files.readString(TestServer.repoFile("examples/flask-add-two/app.py"));
        server.deploy(TestFunctions.httpApp("add-two", "app.py", app, List.of("python3", "app.py"),
                List.of(new VolumeMount("add-two-data", "/data", null))));

        HttpResponse<String> query = server.send("GET", "/function/add-two/add_two?x=3", null);
        HttpResponse<String> form = server.send("POST", "/function/add-two/add_two", "x=40",
                "application/x-www-form-urlencoded");
        HttpResponse<String> history = server.send("GET", "/function/add-two/history", null);

        assertThat(query.statusCode()).as(query.body()).isEqualTo(200);
        assertThat(query.body()).isEqualTo("5");
        assertThat(form.body()).isEqualTo("42");
        assertThat(TestServer.read(history.body()).get("results").toString()).isEqualTo("[\"3 + 2 = 5\",\"40 + 2 = 42\"]");
        assertThat(server.send("GET", "/api/v1/volumes/add-two-data/files/results.txt", null).body())
                .isEqualTo("3 + 2 = 5\n40 + 2 = 42\n");
    }

    @Test
    void httpApp_seesPathQueryHeadersAndBodyAsTheClientSentThem() {
        server.deploy(TestFunctions.httpApp("echo-app", "echo.py", ECHO, List.of("python3", "echo.py"), List.of()));

        HttpResponse<String> response = server.send(server.request("/function/echo-app/a/b%20c?x=1&y=two")
                .header("X-Test", "kept").PUT(HttpRequest.BodyPublishers.ofString("raw body")).build());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode echo = TestServer.read(response.body());
        assertThat(echo.get("method").asText()).isEqualTo("PUT");
        assertThat(echo.get("path").asText()).isEqualTo("/a/b c");
        assertThat(echo.get("query").asText()).isEqualTo("x=1&y=two");
        assertThat(echo.get("header").asText()).isEqualTo("kept");
        assertThat(echo.get("body").asText()).isEqualTo("raw body");
        assertThat(response.headers().firstValue("X-Skiff-Revision")).contains("echo-app-00001");
    }

    @Test
    void deploy_appThatExitsEarly_failsWithItsStatusAndLastLines() {
        String app = "print('no config found', flush=True)\nraise SystemExit(4)\n";

        HttpResponse<String> response = server.send("POST", "/api/v1/functions", TestServer.json(
                TestFunctions.httpApp("exits-early", "app.py", app, List.of("python3", "app.py"), List.of())));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        assertThat(TestServer.read(response.body()).get("message").asText())
                .contains("exited with status 4").contains("no config found");
    }

    @Test
    void deploy_httpWithoutCommand_is400NamingTheField() {
        HttpResponse<String> response = server.send("POST", "/api/v1/functions", TestServer.json(
                TestFunctions.httpApp("no-command", "app.py", "pass\n", null, List.of())));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("spec.command").doesNotContain("spec.handler");
    }
}
