package dev.skiff.server.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
import dev.skiff.testkit.server.ServerHarness;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code spec.network: none}: the function's sandbox gets no network at all, only its namespace's
 * loopback; the gateway still reaches it on its Unix socket. Before, every function had outbound
 * access, and nothing could take it away. Such a function never comes from the pool, whose
 * workers are connected when they start.
 */
class SandboxOfflineIT {
    private static final String SEALED = "sealed";

    @RegisterExtension
    static final SandboxServer server = new SandboxServer();

    @BeforeAll
    static void deploy() {
        // The pool has a worker waiting, which an outbound function would take.
        await().atMost(Duration.ofSeconds(60)).until(() -> server.send("GET", "/metrics", null).body().lines()
                .filter(line -> line.startsWith("skiff_pool_waiting_workers{runtime=\"python3\"}"))
                .anyMatch(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) >= 1));
        server.deploy(Function.of(SEALED, Hostile.spec().network(FunctionSpec.NETWORK_NONE).build()));
    }

    private static JsonNode probe(String probe, Object... args) {
        return Hostile.probe(server, SEALED, probe, args);
    }

    @Test
    void itsOnlyInterface_isLoopback_andItIsNotPooled() {
        List<String> interfaces = new ArrayList<>();
        probe("interfaces").get("interfaces").forEach(name -> interfaces.add(name.asText()));

        assertThat(interfaces).containsExactly("lo");
        assertThat(server.instances(SEALED).get(0).get("pooled").asBoolean()).isFalse();
    }

    @Test
    void theInternet_isUnreachable() {
        assertThat(probe("connect", "host", "1.1.1.1", "port", 53).get("outcome").asText()).isEqualTo("ENETUNREACH");
        assertThat(probe("connect", "host", "192.0.2.1", "port", 80).get("outcome").asText()).isEqualTo("ENETUNREACH");
    }

    @Test
    void theFunctionEndpoint_isUnreachableToo() {
        JsonNode listening = probe("listening");
        int endpoint = listening.get("endpoint").asInt();

        assertThat(probe("connect", "host", "127.0.0.1", "port", endpoint).get("outcome").asText()).isEqualTo("ECONNREFUSED");
    }

    @Test
    void aJavaFunction_whichListensOnTcpOnly_isRefusedWithAClearMessage() {
        Function java = Function.of("sealed-java", FunctionSpec.builder().runtime("java").handler("Hello")
                .source(Source.text("Hello.java", """
                        public class Hello implements dev.skiff.function.SkiffFunction {
                            public Object handle(dev.skiff.function.Request r, dev.skiff.function.Context c) { return "hi"; }
                        }
                        """)).network(FunctionSpec.NETWORK_NONE).build());

        HttpResponse<String> answer = server.send("POST", "/api/v1/functions", ServerHarness.json(java));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(422);
        assertThat(answer.body()).contains("spec.network: none leaves the instance no network")
                .contains("python3, nodejs or command");
    }

    @Test
    void anUnknownNetwork_is400() {
        Function odd = Function.of("odd-network", Hostile.spec().network("host").build());

        HttpResponse<String> answer = server.send("POST", "/api/v1/functions", ServerHarness.json(odd));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(answer.body()).contains("spec.network").contains("'host' is not one of outbound");
    }

    @Test
    void describe_showsTheNetwork() {
        JsonNode function = ServerHarness.read(server.send("GET", "/api/v1/functions/" + SEALED, null).body());

        assertThat(function.at("/spec/network").asText()).isEqualTo("none");
    }
}
