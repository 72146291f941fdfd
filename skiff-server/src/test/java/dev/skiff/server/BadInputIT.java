package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
import dev.skiff.testkit.server.TestFunctions;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every kind of bad input gets a clear JSON error with the right status, and loses nothing stored. */
class BadInputIT {
    private static final String STABLE = "def handle(req):\n    return 'stable v1'\n";

    @RegisterExtension
    static final TestServer server = new TestServer();

    @BeforeAll
    static void deploy() {
        server.deploy(TestFunctions.python("stable", STABLE));
    }

    private static JsonNode error(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = TestServer.read(response.body());
        assertThat(body.get("error").asText()).isEqualTo(code);
        return body;
    }

    private static HttpResponse<String> create(Function function) {
        return server.send("POST", "/api/v1/functions", TestServer.json(function));
    }

    private static void assertStableUnchanged() {
        assertThat(server.send("POST", "/function/stable", "").body()).isEqualTo("stable v1");
        JsonNode revisions = TestServer.read(server.send("GET", "/api/v1/functions/stable/revisions", null).body());
        assertThat(revisions.get("items")).hasSize(1);
        JsonNode function = TestServer.read(server.send("GET", "/api/v1/functions/stable", null).body());
        assertThat(function.at("/metadata/generation").asLong()).isEqualTo(1);
    }

    @Test
    void create_nameNotADnsLabel_is400() {
        JsonNode body = error(create(TestFunctions.python("Hello_World", STABLE)), 400, "ValidationFailed");
        assertThat(body.get("message").asText()).contains("metadata.name").contains("DNS-1123");
    }

    @Test
    void create_unknownRuntime_is400NamingTheKnownOnes() {
        Function cobol = Function.of("old", FunctionSpec.builder()
                .runtime("cobol")
                .handler("main.handle")
                .source(Source.text("main.cbl", "x"))
                .build());
        JsonNode body = error(create(cobol), 400, "ValidationFailed");
        assertThat(body.get("message").asText()).contains("unknown runtime 'cobol'").contains("python3");
    }

    @Test
    void create_python27_is400SayingPython2IsNotInstalled_andStoresNothing() {
        Function python2 = Function.of("get-python", FunctionSpec.builder()
                .runtime("python2.7")
                .handler("test.foobar")
                .source(Source.text("test.py", "def foobar(event, context):\n    print event\n"))
                .build());
        JsonNode body = error(create(python2), 400, "ValidationFailed");
        assertThat(body.get("message").asText()).contains("spec.runtime").contains("Python 2 is not installed")
                .contains("port the handler to Python 3");
        assertThat(server.send("GET", "/api/v1/functions/get-python", null).statusCode()).isEqualTo(404);
        HttpResponse<String> update = server.send("PUT", "/api/v1/functions/stable", TestServer.json(Function.of("stable",
                FunctionSpec.builder().runtime("python27").handler("stable.handle").source(Source.text("stable.py", STABLE))
                        .build())));
        assertThat(error(update, 400, "ValidationFailed").get("message").asText()).contains("Python 2 is not installed");
        assertStableUnchanged();
    }

    @Test
    void update_syntaxError_is422NamingFileAndLine_andTheOldRevisionServes() {
        HttpResponse<String> response = server.send("PUT", "/api/v1/functions/stable",
                TestServer.json(TestFunctions.python("stable", "def handle(req):\n    return (\n")));

        JsonNode body = error(response, 422, "DeployFailed");
        assertThat(body.get("message").asText()).contains("SyntaxError").contains("main.py").contains("line");
        assertStableUnchanged();
    }

    @Test
    void create_missingHandlerFunction_is422() {
        JsonNode body = error(create(TestFunctions.python("nohandler", "def other(req):\n    return 1\n")), 422, "DeployFailed");
        assertThat(body.get("message").asText()).contains("handle");
        assertThat(server.send("GET", "/api/v1/functions/nohandler", null).statusCode()).isEqualTo(404);
    }

    @Test
    void update_requirementThatCannotInstall_is422WithPipsMessage_andTheOldRevisionServes() {
        Function broken = Function.of("stable", FunctionSpec.builder()
                .runtime("python3")
                .handler("main.handle")
                .source(Source.text("main.py", STABLE))
                .requirements("/nonexistent/skiff-no-such-package.whl")
                .build());

        JsonNode body = error(server.send("PUT", "/api/v1/functions/stable", TestServer.json(broken)), 422, "DeployFailed");
        assertThat(body.get("message").asText()).contains("skiff-no-such-package");
        assertStableUnchanged();
    }

    @Test
    void create_malformedJson_is400() {
        error(server.send("POST", "/api/v1/functions", "{\"metadata\": "), 400, "MalformedRequest");
        error(server.send("POST", "/api/v1/functions", "", "application/yaml"), 400, "MalformedRequest");
        error(server.send("POST", "/deploy", "not json at all"), 400, "MalformedRequest");
    }

    @Test
    void create_unknownField_is400NamingIt() {
        String document = "{\"metadata\":{\"name\":\"typo\"},\"spec\":{\"runtime\":\"python3\",\"handlr\":\"main.handle\"}}";
        JsonNode body = error(server.send("POST", "/api/v1/functions", document), 400, "ValidationFailed");
        assertThat(body.get("message").asText()).contains("spec.handlr").contains("unknown field");
    }

    @Test
    void create_existingFunction_is409() {
        error(create(TestFunctions.python("stable", STABLE)), 409, "AlreadyExists");
        assertStableUnchanged();
    }

    @Test
    void invoke_bodyOverTheLimit_is413() {
        Function small = Function.of("small", FunctionSpec.builder()
                .runtime("python3")
                .handler("main.handle")
                .source(Source.text("main.py", "def handle(req):\n    return 'ok'\n"))
                .maxRequestSize("1Ki")
                .build());
        server.deploy(small);

        error(server.send("POST", "/function/small", "x".repeat(2048)), 413, "PayloadTooLarge");
        assertThat(server.send("POST", "/function/small", "x".repeat(1000)).body()).isEqualTo("ok");
    }

    @Test
    void invoke_unknownFunction_is404() {
        assertThat(error(server.send("POST", "/function/nope", "{}"), 404, "NotFound").get("message").asText())
                .contains("nope");
        error(server.send("GET", "/api/v1/functions/nope", null), 404, "NotFound");
        error(server.send("GET", "/no/such/route", null), 404, "NotFound");
    }

    @Test
    void invoke_handlerRaises_is500WithTheErrorAndTheTracebackInTheLogs() {
        server.deploy(TestFunctions.python("raiser", "def handle(req):\n    return 1 / 0\n"));

        JsonNode body = error(server.send("POST", "/function/raiser", "{}"), 500, "FunctionError");
        assertThat(body.get("message").asText()).contains("ZeroDivisionError");
        assertThat(server.send("GET", "/api/v1/functions/raiser/logs", null).body()).contains("Traceback");
    }

    @Test
    void logs_badTail_is400() {
        error(server.send("GET", "/api/v1/functions/stable/logs?tail=lots", null), 400, "ValidationFailed");
    }
}
