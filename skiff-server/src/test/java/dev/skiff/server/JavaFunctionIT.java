package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Java functions through the real server: compiled at deploy, served by the real Java worker. */
class JavaFunctionIT {
    private static final String GREETER = """
            package com.example;

            import dev.skiff.function.Context;
            import dev.skiff.function.Request;
            import dev.skiff.function.SkiffFunction;
            import java.util.Map;

            public class Greeter implements SkiffFunction {
                public Object handle(Request request, Context context) {
                    context.setHeader("X-Function", context.functionName());
                    return Map.of("greeting", "%s", "path", request.path(), "name", request.bodyAsString());
                }
            }
            """;

    @RegisterExtension
    static final TestServer server = new TestServer();

    @Test
    void deploy_javaSource_isCompiledAndAnswersAtItsUrl() throws IOException {
        String hello = Files.readString(TestServer.repoFile("examples/java-hello/Hello.java"));
        JsonNode deployed = server.deploy(java("hello-java", "Hello", "Hello.java", hello));

        assertThat(deployed.at("/status/latestReadyRevision").asText()).isEqualTo("hello-java-00001");
        HttpResponse<String> answer = server.send("POST", "/function/hello-java", "Ada", "text/plain");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(TestServer.read(answer.body()).get("message").asText()).isEqualTo("Hello, Ada!");
        assertThat(answer.headers().firstValue("X-Skiff-Revision")).hasValue("hello-java-00001");
    }

    @Test
    void skiffFunction_seesThePathAndSetsHeaders() {
        server.deploy(java("greeter", "com.example.Greeter", "Greeter.java", GREETER.formatted("hi")));

        HttpResponse<String> answer = server.send("PUT", "/function/greeter/a/b?x=1", "Bob", "text/plain");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("X-Function")).hasValue("greeter");
        JsonNode body = TestServer.read(answer.body());
        assertThat(body.get("path").asText()).isEqualTo("/a/b");
        assertThat(body.get("name").asText()).isEqualTo("Bob");
    }

    @Test
    void skiffExample_answersJsonFromARecordAndSetsTheStatus() throws IOException {
        String greeter = Files.readString(TestServer.repoFile("examples/java-skiff/Greeter.java"));
        server.deploy(java("example-greeter", "com.example.Greeter", "Greeter.java", greeter));

        HttpResponse<String> answer = server.send("GET", "/function/example-greeter/x?name=Ada", null, null);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("X-Greeted-By")).hasValue("example-greeter");
        assertThat(TestServer.read(answer.body())).isEqualTo(TestServer.read(
                "{\"message\": \"Hello, Ada!\", \"method\": \"GET\", \"path\": \"/x\"}"));
        assertThat(server.send("GET", "/function/example-greeter", null, null).statusCode()).isEqualTo(400);
    }

    @Test
    void compileError_answers422WithFileAndLine_andThePreviousRevisionKeepsServing() {
        server.deploy(java("kept", "com.example.Greeter", "Greeter.java", GREETER.formatted("first")));

        String broken = GREETER.formatted("second").replace("return Map.of(", "return Map.of(;");
        HttpResponse<String> failed = server.send("PUT", "/api/v1/functions/kept",
                TestServer.json(java("kept", "com.example.Greeter", "Greeter.java", broken)));

        assertThat(failed.statusCode()).as(failed.body()).isEqualTo(422);
        assertThat(TestServer.read(failed.body()).get("message").asText()).contains("Greeter.java:11: error:");
        HttpResponse<String> still = server.send("POST", "/function/kept", "x", "text/plain");
        assertThat(TestServer.read(still.body()).get("greeting").asText()).isEqualTo("first");
        assertThat(still.headers().firstValue("X-Skiff-Revision")).hasValue("kept-00001");
    }

    @Test
    void exception_answers500() {
        String failing = """
                import java.util.function.Function;

                public class Failing implements Function<String, Object> {
                    public Object apply(String body) {
                        throw new UnsupportedOperationException("not today");
                    }
                }
                """;
        server.deploy(java("failing", "Failing", "Failing.java", failing));

        HttpResponse<String> answer = server.send("POST", "/function/failing", "{}");

        assertThat(answer.statusCode()).isEqualTo(500);
        assertThat(TestServer.read(answer.body()).get("message").asText()).isEqualTo("UnsupportedOperationException: not today");
    }

    /*
     * A sandboxed JVM sees no cgroup files: before, it sized its heap by the host's memory (a
     * quarter of 24 GiB here, 6 GiB) whatever the function's limit, grew past the limit before it
     * collected, and was killed for memory. It is told its limit now.
     */
    @Test
    void aJavaWorkersHeap_isSizedByItsMemoryLimit_notTheHosts() {
        String source = """
                import dev.skiff.function.Context;
                import dev.skiff.function.Request;
                import dev.skiff.function.SkiffFunction;

                public class Heap implements SkiffFunction {
                    public Object handle(Request request, Context context) {
                        return Long.toString(Runtime.getRuntime().maxMemory());
                    }
                }
                """;
        Function function = java("heap", "Heap", "Heap.java", source);
        server.deploy(function.withSpec(function.spec().toBuilder()
                .resources(new dev.skiff.api.ResourceRequirements(null, java.util.Map.of("memory", "256Mi"))).build()));

        long maxHeap = Long.parseLong(server.send("POST", "/function/heap", "").body().strip());

        assertThat(maxHeap).isPositive().isLessThan(256L << 20);
    }

    private static Function java(String name, String handler, String file, String source) {
        return Function.of(name, FunctionSpec.builder()
                .runtime("java")
                .handler(handler)
                .source(Source.text(file, source))
                .build());
    }
}
