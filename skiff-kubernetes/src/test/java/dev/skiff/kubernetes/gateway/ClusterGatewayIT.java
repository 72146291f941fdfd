package dev.skiff.kubernetes.gateway;

import dev.skiff.kubernetes.testing.KubeletStandIn;
import dev.skiff.kubernetes.testing.FunctionEdits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.FunctionStatus;
import dev.skiff.api.ScaleSpec;
import dev.skiff.api.Source;
import dev.skiff.api.TrafficTarget;
import dev.skiff.kubernetes.model.FunctionResource;
import dev.skiff.kubernetes.operator.ClusterCapabilities;
import dev.skiff.kubernetes.operator.SkiffOperator;
import dev.skiff.kubernetes.translate.TranslationConfig;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway over HTTP against the mock API server: the operator makes the function's Deployments
 * (at zero replicas), a local HTTP server stands in for each revision's pods, and the test plays the
 * kubelet by marking pods ready. The gateway's clock is the real one plus an offset the test moves to
 * let a revision idle past its windows without waiting.
 */
@EnableKubernetesMockClient(crud = true)
class ClusterGatewayIT {
    private static final String NAMESPACE = "test";
    private KubernetesClient client;
    private SkiffOperator operator;
    private KubeletStandIn kubelet;
    private ClusterGateway gateway;
    private final Map<String, HttpServer> pods = new ConcurrentHashMap<>();
    private final List<String> wokenFromZero = new CopyOnWriteArrayList<>();
    private final AtomicLong clockOffset = new AtomicLong();
    private int closedPort;
    private final java.util.concurrent.CountDownLatch slowAnswers = new java.util.concurrent.CountDownLatch(1);
    private final HttpClient http = HttpClient.newHttpClient();

    /** Records the scale-ups from zero the backend asks for on the way to the real Deployments. */
    private final class CountingReplicas implements Replicas {
        private final Replicas real = new DeploymentReplicas(client);

        @Override
        public int wanted(String namespace, String revision) {
            return real.wanted(namespace, revision);
        }

        @Override
        public int ready(String namespace, String revision) {
            return real.ready(namespace, revision);
        }

        @Override
        public void scale(String namespace, String revision, int replicas) {
            if (replicas > 0 && real.wanted(namespace, revision) == 0) {
                wokenFromZero.add(revision + "=" + replicas);
            }
            real.scale(namespace, revision, replicas);
        }
    }

    @BeforeEach
    void start() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        operator = SkiffOperator.create(client, ClusterCapabilities.PLAIN, TranslationConfig.DEFAULT, Set.of(),
                Clock.systemUTC());
        operator.start();
        kubelet = KubeletStandIn.follow(client, NAMESPACE);
        client.resource(function(spec("def handle(req): return 1"))).create();
        loadedAndAtZero("hello-00001");
        startPod("hello-00001");
        startPod("hello-00002");
        java.util.function.BiFunction<String, String, Optional<FunctionResource>> functions = (namespace, name) ->
                Optional.ofNullable(client.resources(FunctionResource.class).inNamespace(namespace).withName(name).get());
        KubernetesBackend backend = new KubernetesBackend(new CountingReplicas(), functions);
        gateway = ClusterGateway.start("127.0.0.1", 0, new ClusterGateway.Wiring(NAMESPACE, backend, functions,
                target -> URI.create("http://127.0.0.1:" + (pods.containsKey(target.revision())
                        ? pods.get(target.revision()).getAddress().getPort() : closedPort)),
                () -> System.nanoTime() + clockOffset.get(), () -> true));
    }

    /**
     * Waits until {@code revision} loaded (the kubelet stand-in made its first pod ready) and went to zero,
     * then pauses the stand-in: from there on the test plays the kubelet.
     */
    private void loadedAndAtZero(String revision) {
        kubelet.resume();
        awaitStatus(s -> revision.equals(s.latestReadyRevision()));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Deployment d = client.apps().deployments().inNamespace(NAMESPACE).withName(revision).get();
            return d.getSpec().getReplicas() == 0 && d.getStatus() != null
                    && Integer.valueOf(0).equals(d.getStatus().getReadyReplicas());
        });
        kubelet.pause();
    }

    @AfterEach
    void stop() {
        kubelet.close();
        slowAnswers.countDown();
        gateway.close();
        operator.close();
        pods.values().forEach(pod -> pod.stop(0));
    }

    private static FunctionSpec spec(String code) {
        return FunctionSpec.builder().runtime("python3").handler("hello.handle").source(Source.text("hello.py", code))
                .scale(new ScaleSpec(0, 3, null, null, 6, null, null, 10)).build();
    }

    private static FunctionResource function(FunctionSpec spec) {
        FunctionResource function = new FunctionResource();
        function.setMetadata(new ObjectMetaBuilder().withName("hello").withNamespace(NAMESPACE).build());
        function.setSpec(spec);
        return function;
    }

    private FunctionStatus awaitStatus(Predicate<FunctionStatus> condition) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            FunctionResource f = client.resources(FunctionResource.class).inNamespace(NAMESPACE).withName("hello").get();
            return f.getStatus();
        }, status -> status != null && condition.test(status));
    }

    /** A stand-in for a revision's pods: answers 201 with what it received and who it is. */
    private void startPod(String revision) throws IOException {
        HttpServer pod = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        pod.createContext("/slow", exchange -> {
            try {
                slowAnswers.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        pod.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String echo = revision + " " + exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("X-Test") + " " + body;
            byte[] answer = echo.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("X-Pod", revision);
            exchange.sendResponseHeaders(201, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        pod.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        pod.start();
        pods.put(revision, pod);
    }

    private int replicas(String revision) {
        return client.apps().deployments().inNamespace(NAMESPACE).withName(revision).get().getSpec().getReplicas();
    }

    /** What the kubelet does once the pods it was asked for pass their readiness probe. */
    private void podsBecomeReady(String revision, int ready) {
        // The gateway may scale the Deployment meanwhile: an edit based on an older version is retried.
        await().atMost(Duration.ofSeconds(10)).ignoreExceptionsInstanceOf(KubernetesClientException.class).until(() -> {
            client.apps().deployments().inNamespace(NAMESPACE).withName(revision).editStatus(d -> {
                d.setStatus(new DeploymentStatusBuilder().withReadyReplicas(ready).withReplicas(ready).build());
                return d;
            });
            return true;
        });
    }

    private CompletableFuture<HttpResponse<String>> send(String method, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .header("X-Test", "yes").method(method, HttpRequest.BodyPublishers.ofString(body)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) {
        return send("GET", path, "").join();
    }

    @Test
    void requests_atZero_wakeTheRevisionOnce_areForwardedWhenAPodIsReady_andItIdlesBackToZero() {
        assertThat(replicas("hello-00001")).isZero();

        List<CompletableFuture<HttpResponse<String>>> answers = IntStream.range(0, 3)
                .mapToObj(i -> send("POST", "/function/hello/orders/" + i + "?x=1", "body" + i)).toList();

        await().atMost(Duration.ofSeconds(10)).until(() -> replicas("hello-00001") >= 1);
        assertThat(answers).as("held while no pod is ready").noneMatch(CompletableFuture::isDone);
        podsBecomeReady("hello-00001", 1);

        for (int i = 0; i < 3; i++) {
            HttpResponse<String> answer = answers.get(i).join();
            assertThat(answer.statusCode()).isEqualTo(201);
            assertThat(answer.body()).isEqualTo("hello-00001 POST /orders/" + i + "?x=1 yes body" + i);
            assertThat(answer.headers().firstValue("X-Skiff-Revision")).hasValue("hello-00001");
            assertThat(answer.headers().firstValue("X-Pod")).hasValue("hello-00001");
        }
        assertThat(wokenFromZero).as("woken once for the concurrent requests").containsExactly("hello-00001=1");

        clockOffset.addAndGet(Duration.ofMinutes(2).toNanos());
        await().atMost(Duration.ofSeconds(10)).until(() -> replicas("hello-00001") == 0);
    }

    @Test
    void requests_withATrafficSplitAndATag_goToTheRevisionsTheTableNames() {
        FunctionEdits.edit(client, NAMESPACE, "hello", f -> {
            f.setSpec(spec("def handle(req): return 2"));
        });
        loadedAndAtZero("hello-00002");
        FunctionEdits.edit(client, NAMESPACE, "hello", f -> {
            f.setSpec(spec("def handle(req): return 2").withTraffic(List.of(
                    TrafficTarget.revision("hello-00001", 100), TrafficTarget.tag("canary", "hello-00002"))));
        });
        awaitStatus(s -> s.traffic() != null && s.traffic().size() == 2);
        podsBecomeReady("hello-00001", 1);
        podsBecomeReady("hello-00002", 1);

        for (int i = 0; i < 5; i++) {
            assertThat(get("/function/hello").headers().firstValue("X-Skiff-Revision")).hasValue("hello-00001");
        }
        HttpResponse<String> canary = get("/function/hello@canary/path");

        assertThat(canary.statusCode()).isEqualTo(201);
        assertThat(canary.headers().firstValue("X-Skiff-Revision")).hasValue("hello-00002");
        assertThat(canary.body()).startsWith("hello-00002 GET /path ");
    }

    @Test
    void requests_forAnUnknownFunctionOrTag_areAnswered404AsJson() {
        HttpResponse<String> function = get("/function/nope");
        HttpResponse<String> tag = get("/function/hello@nope");
        HttpResponse<String> elsewhere = get("/api/v1/functions");

        assertThat(List.of(function, tag, elsewhere)).allSatisfy(answer -> {
            assertThat(answer.statusCode()).isEqualTo(404);
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(answer.body()).contains("\"error\":\"NotFound\"");
        });
        assertThat(function.body()).contains("no function test/nope");
        assertThat(wokenFromZero).isEmpty();
    }

    @Test
    void requests_whoseRevisionDoesNotAnswer_areAnswered502() {
        podsBecomeReady("hello-00001", 1);
        pods.remove("hello-00001").stop(0);

        HttpResponse<String> answer = get("/function/hello");

        assertThat(answer.statusCode()).isEqualTo(502);
        assertThat(answer.body()).contains("\"error\":\"InstanceFailed\"").contains("hello-00001");
    }

    @Test
    void requests_pastTheFunctionsTimeout_areAnswered504() {
        FunctionEdits.edit(client, NAMESPACE, "hello", f -> {
            f.setSpec(spec("def handle(req): return 1").toBuilder().timeoutSeconds(1).build());
        });
        loadedAndAtZero("hello-00002");
        podsBecomeReady("hello-00002", 1);

        HttpResponse<String> answer = get("/function/hello/slow");

        assertThat(answer.statusCode()).isEqualTo(504);
        assertThat(answer.body()).contains("\"error\":\"Timeout\"").contains("within 1 s");
    }

    @Test
    void metrics_countTheForwardedCalls_underTheEmbeddedServersNames() {
        podsBecomeReady("hello-00001", 1);
        for (int i = 0; i < 3; i++) {
            assertThat(get("/function/hello").statusCode()).isEqualTo(201);
        }

        HttpResponse<String> metrics = get("/metrics");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(metrics.body())
                .contains("skiff_requests_total{function=\"hello\",revision=\"hello-00001\",code=\"201\"} 3\n")
                .contains("skiff_request_duration_seconds_count{function=\"hello\",revision=\"hello-00001\"} 3\n")
                .contains("skiff_requests_in_flight{function=\"hello\",revision=\"hello-00001\"} 0\n")
                .contains("# TYPE skiff_instances gauge");
    }

    @Test
    void healthAndReadiness_answer200() {
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
        assertThat(get("/readyz").statusCode()).isEqualTo(200);
    }
}
