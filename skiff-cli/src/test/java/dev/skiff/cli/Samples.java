package dev.skiff.cli;

import dev.skiff.api.Condition;
import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.FunctionStatus;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.ScaleSpec;
import dev.skiff.api.Source;
import dev.skiff.api.TrafficTarget;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Functions as the server answers them, for tests. */
final class Samples {
    private Samples() {}

    /** A deployed, ready function created five minutes before {@link CliRunner#NOW}. */
    static Function ready(String name) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("GREETING", "hi");
        env.put("LEVEL", "debug");
        FunctionSpec spec = FunctionSpec.builder()
                .runtime("python3")
                .handler("hello.handle")
                .source(Source.text("hello.py", "def handle(req):\n    return 'hi'\n"))
                .requirements("requests==2.32.3\nflask\n")
                .env(env)
                .timeoutSeconds(60)
                .maxRequestSize("6Mi")
                .concurrency(1)
                .scale(new ScaleSpec(0, 0, 1, 70, 60, 10, 200, 30))
                .build();
        FunctionStatus status = new FunctionStatus(
                List.of(Condition.ready("2026-11-22T07:55:30Z")),
                "http://127.0.0.1:8080/function/" + name,
                name + "-00002",
                name + "-00002",
                2L,
                List.of(TrafficTarget.latest(100).resolved(name + "-00002", null)));
        return Function.of(name, spec)
                .withMetadata(ObjectMeta.named(name).withServerFields(2, "2026-11-22T07:55:00Z"))
                .withStatus(status);
    }

    /** A function whose last deploy failed: Ready=False, still serving its first revision. */
    static Function failing(String name) {
        Function ready = ready(name);
        FunctionStatus status = new FunctionStatus(
                List.of(Condition.notReady("DeployFailed", "SyntaxError: invalid syntax (hello.py, line 3)",
                        "2026-11-20T08:00:00Z")),
                ready.status().url(),
                name + "-00003",
                name + "-00001",
                3L,
                List.of(TrafficTarget.latest(100).resolved(name + "-00001", null)));
        return ready.withStatus(status);
    }

    /** The SHA-256 of {@code text}'s UTF-8 bytes in hex, as kubeless's {@code checksum} takes it. */
    static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
