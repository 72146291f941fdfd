package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** nodejs functions deployed and invoked through the real server, with real node workers and npm. */
class NodeFunctionIT {
    private static final String HELLO = """
            exports.handle = async (req, ctx) => {
              console.log('hello called with', JSON.stringify(req));
              return { message: 'Hello, ' + (req.name || 'World') + '!', path: ctx.path, x: ctx.query.x,
                       function: ctx.functionName, revision: ctx.revision };
            };
            """;
    private static final String GREET = """
            const { greet } = require('greet');
            exports.handle = (req, ctx) => { ctx.status(201); return greet(req.name); };
            """;

    /** Where the tests keep local npm packages, which builds may read ({@code --package-dir}). */
    private static final Path PACKAGES = packages();

    @RegisterExtension
    static final TestServer server = new TestServer(config -> config.withPackageDirs(List.of(PACKAGES)));

    @Test
    void deploy_answersAtItsUrl_withPathQueryAndContext() {
        JsonNode deployed = server.deploy(node("node-hello", HELLO, null));

        assertThat(deployed.at("/status/latestReadyRevision").asText()).isEqualTo("node-hello-00001");
        assertThat(deployed.at("/spec/source/filename").asText()).isEqualTo("hello.js");
        HttpResponse<String> answer = server.send("POST", "/function/node-hello/a/b?x=1", "{\"name\":\"Node\"}");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("X-Skiff-Revision")).hasValue("node-hello-00001");
        assertThat(TestServer.read(answer.body())).isEqualTo(TestServer.read("""
                {"message": "Hello, Node!", "path": "/a/b", "x": ["1"], "function": "node-hello", "revision": "node-hello-00001"}"""));
        HttpRequest get = server.request("/function/node-hello?name=Query").GET().build();
        assertThat(TestServer.read(server.send(get).body()).get("message").asText()).isEqualTo("Hello, Query!");
    }

    @Test
    void dependencies_areInstalled_andAFailedInstallIs422_whileThePreviousRevisionServes() throws IOException {
        Path greet = Files.createDirectories(PACKAGES.resolve("greet"));
        Files.writeString(greet.resolve("package.json"), "{\"name\": \"greet\", \"version\": \"1.0.0\"}");
        Files.writeString(greet.resolve("index.js"), "exports.greet = (name) => 'hi ' + name;\n");
        server.deploy(node("node-greet", GREET, "{\"dependencies\": {\"greet\": \"file:" + greet + "\"}}"));
        HttpResponse<String> greeted = server.send("POST", "/function/node-greet", "{\"name\":\"Ada\"}");
        assertThat(greeted.statusCode()).isEqualTo(201);
        assertThat(greeted.body()).isEqualTo("hi Ada");

        String missing = PACKAGES.resolve("missing").toString();
        HttpResponse<String> failed = server.send("PUT", "/api/v1/functions/node-greet",
                TestServer.json(node("node-greet", GREET, "{\"dependencies\": {\"greet\": \"file:" + missing + "\"}}")));

        assertThat(failed.statusCode()).as(failed.body()).isEqualTo(422);
        JsonNode error = TestServer.read(failed.body());
        assertThat(error.get("error").asText()).isEqualTo("DeployFailed");
        assertThat(error.get("message").asText()).contains("npm error").contains(missing);
        HttpResponse<String> still = server.send("POST", "/function/node-greet", "{\"name\":\"Bob\"}");
        assertThat(still.body()).isEqualTo("hi Bob");
        assertThat(still.headers().firstValue("X-Skiff-Revision")).hasValue("node-greet-00001");
    }

    @Test
    void syntaxError_is422NamingFileAndLine() {
        HttpResponse<String> failed = server.send("POST", "/api/v1/functions",
                TestServer.json(node("node-broken", "exports.handle = (req) => {\n  return 1;\n}}\n", null)));

        assertThat(failed.statusCode()).as(failed.body()).isEqualTo(422);
        assertThat(TestServer.read(failed.body()).get("message").asText())
                .contains("SyntaxError: Unexpected token '}' (hello.js:3)");
        assertThat(server.send("GET", "/api/v1/functions/node-broken", null).statusCode()).isEqualTo(404);
    }

    @Test
    void badHandlerAndRequirements_are400() {
        Function badHandler = Function.of("node-bad", FunctionSpec.builder()
                .runtime("nodejs")
                .handler("hello")
                .source(Source.text("hello.js", HELLO))
                .build());
        HttpResponse<String> response = server.send("POST", "/api/v1/functions", TestServer.json(badHandler));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("spec.handler");
        response = server.send("POST", "/api/v1/functions", TestServer.json(node("node-bad", HELLO, "greet==1.0")));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("spec.requirements").contains("package.json");
    }

    /** A nodejs function {@code hello.handle} whose one-file source is named by the runtime's defaults. */
    private static Path packages() {
        try {
            Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "node-packages");
            // An operator's package directory: readable by the sandbox's user.
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            return dir;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Function node(String name, String source, String requirements) {
        return Function.of(name, FunctionSpec.builder()
                .runtime("nodejs")
                .handler("hello.handle")
                .source(Source.text(null, source))
                .requirements(requirements)
                .build());
    }
}
