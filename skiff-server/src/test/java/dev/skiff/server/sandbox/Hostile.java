package dev.skiff.server.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
import dev.skiff.testkit.server.ServerHarness;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The hostile function of the sandbox tests ({@code hostile.py}, beside this class): each request
 * names a probe, an attempt to reach something, and its arguments, and the function answers what
 * happened: {@code {"outcome": "ok", ...}} when it got through, else the errno's name
 * ({@code ENOENT}, {@code EACCES}, {@code EROFS}, {@code EPERM}, {@code ECONNREFUSED}, {@code ENOSPC}).
 */
final class Hostile {
    private static final String SOURCE = load();

    private Hostile() {}

    /** A python3 function running the probes, to which a test adds volumes or limits. */
    static FunctionSpec.Builder spec() {
        return FunctionSpec.builder().runtime("python3").handler("main.handle").source(Source.text("main.py", SOURCE));
    }

    /** A python3 function running the probes, with nothing else. */
    static Function function(String name) {
        return Function.of(name, spec().build());
    }

    /**
     * What {@code function} answered to {@code probe} with {@code args} (name, value, name, value...);
     * the invocation itself must succeed.
     */
    static JsonNode probe(ServerHarness<?> server, String function, String probe, Object... args) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("probe", probe);
        for (int i = 0; i < args.length; i += 2) {
            request.put((String) args[i], args[i + 1]);
        }
        HttpResponse<String> answer = server.send("POST", "/function/" + function, ServerHarness.json(request));
        assertThat(answer.statusCode()).as(probe + " " + request + ": " + answer.body()).isEqualTo(200);
        return ServerHarness.read(answer.body());
    }

    /** The outcome of {@link #probe}: "ok", or what stopped the attempt. */
    static String outcome(ServerHarness<?> server, String function, String probe, Object... args) {
        return probe(server, function, probe, args).get("outcome").asText();
    }

    private static String load() {
        try (InputStream in = Hostile.class.getResourceAsStream("hostile.py")) {
            if (in == null) {
                throw new IllegalStateException("hostile.py is missing from the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
