package dev.skiff.kubernetes.pods;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
import dev.skiff.api.VolumeMount;
import dev.skiff.kubernetes.build.FunctionImage;
import dev.skiff.kubernetes.translate.Deployments;
import dev.skiff.kubernetes.translate.FunctionRevision;
import dev.skiff.kubernetes.translate.SourceConfigMaps;
import dev.skiff.kubernetes.translate.TranslationConfig;
import dev.skiff.runtimes.admission.FunctionAdmission;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Skiff's pods as a kubelet runs them (issue 22): for each runtime and each kind of source, the
 * translation's ConfigMap and Deployment are mounted and run by {@link EmulatedPod} with the runtime
 * image's own scripts from {@code deploy/images}, and the function answers a request. The ConfigMap's
 * {@code binaryData} reaches the init container decoded, as the kubelet delivers it.
 */
class KubeletEmulationIT {
    private static final FunctionAdmission ADMISSION = FunctionAdmission.builtIn();
    private static final String HELLO_PY = """
            def handle(req):
                return {"message": "Hello, " + req.get("name", "World") + "!"}
            """;
    private static Path repo;
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @BeforeAll
    static void findRepository() {
        Path here = Path.of("").toAbsolutePath();
        while (here != null && !Files.isDirectory(here.resolve("deploy/images"))) {
            here = here.getParent();
        }
        assertThat(here).as("the repository holding deploy/images").isNotNull();
        repo = here;
    }

    private static FunctionRevision revision(String name, FunctionSpec.Builder spec) {
        return FunctionRevision.of("default", name, name + "-00001", ADMISSION.admit(name, spec.build()));
    }

    /** The revision's pod started: its init container run, then its function container listening. */
    private EmulatedPod started(FunctionRevision revision, String runtime, Map<String, String> env, int port)
            throws Exception {
        EmulatedPod pod = prepared(revision, runtime);
        EmulatedPod.Exit init = pod.runInit(podSpec(revision).getInitContainers().getFirst());
        assertThat(init.status()).as(init.output()).isZero();
        pod.start(podSpec(revision).getContainers().getFirst(), env, port);
        return pod;
    }

    private EmulatedPod prepared(FunctionRevision revision, String runtime) throws IOException {
        ConfigMap source = SourceConfigMaps.desired(revision).orElseThrow();
        return EmulatedPod.of(podSpec(revision), Map.of(source.getMetadata().getName(), source),
                RuntimeImage.of(repo, runtime), dir.resolve(revision.function()));
    }

    private static PodSpec podSpec(FunctionRevision revision) {
        return Deployments.desired(revision, TranslationConfig.DEFAULT, 1).getSpec().getTemplate().getSpec();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private String post(int port, String path, String json) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return answer.body();
    }

    private String get(int port, String path) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return answer.body();
    }

    private String answerOf(FunctionRevision revision, String runtime, Map<String, String> env) throws Exception {
        int port = freePort();
        Map<String, String> withPort = new java.util.HashMap<>(env);
        withPort.put("PORT", Integer.toString(port));
        try (EmulatedPod pod = started(revision, runtime, withPort, port)) {
            return post(port, "/", "{\"name\": \"Kube\"}");
        }
    }

    @Test
    void python_textSource_answers() throws Exception {
        FunctionRevision revision = revision("text", FunctionSpec.builder().runtime("python3").handler("hello.handle")
                .source(Source.text("hello.py", HELLO_PY)));

        assertThat(answerOf(revision, "python3", Map.of())).contains("Hello, Kube!");
    }

    @Test
    void python_zipSource_isUnpackedFromTheDecodedBinaryData() throws Exception {
        byte[] zip = SourceArchives.zip(Map.of("hello.py", HELLO_PY, "lib/__init__.py", ""));
        FunctionRevision revision = revision("zipped", FunctionSpec.builder().runtime("python3").handler("hello.handle")
                .source(Source.binary(null, zip, Source.ContentType.ZIP)));

        assertThat(answerOf(revision, "python3", Map.of())).contains("Hello, Kube!");
    }

    @Test
    void python_tarGzSource_isUnpackedFromTheDecodedBinaryData() throws Exception {
        byte[] tarGz = SourceArchives.tarGz(Map.of("pkg/hello.py", HELLO_PY, "pkg/__init__.py", ""));
        FunctionRevision revision = revision("tarred", FunctionSpec.builder().runtime("python3")
                .handler("pkg.hello.handle").source(Source.binary(null, tarGz, Source.ContentType.TAR_GZ)));

        assertThat(answerOf(revision, "python3", Map.of())).contains("Hello, Kube!");
    }

    @Test
    void nodejs_textSource_answers() throws Exception {
        FunctionRevision revision = revision("node", FunctionSpec.builder().runtime("nodejs").handler("hello.handle")
                .source(Source.text("hello.js", Files.readString(repo.resolve("examples/node-hello/hello.js")))));

        assertThat(answerOf(revision, "nodejs", Map.of())).contains("Hello, Kube!");
    }

    @Test
    void java_jarSource_isDeliveredAsTheJarItself() throws Exception {
        byte[] jar = SourceArchives.jar(repo.resolve("examples/java-hello/Hello.java"), Files.createDirectories(dir.resolve("javac")));
        FunctionRevision revision = revision("jar", FunctionSpec.builder().runtime("java").handler("Hello")
                .source(Source.binary("hello.jar", jar, Source.ContentType.BASE64)));

        assertThat(answerOf(revision, "java", javaImage())).contains("\"message\":\"Hello, ").contains("Kube");
    }

    @Test
    void java_textSource_isCompiledByTheInitContainer() throws Exception {
        FunctionRevision revision = revision("javasrc", FunctionSpec.builder().runtime("java").handler("Hello")
                .source(Source.text("Hello.java", Files.readString(repo.resolve("examples/java-hello/Hello.java")))));

        assertThat(answerOf(revision, "java", javaImage())).contains("\"message\":\"Hello, ").contains("Kube");
    }

    @Test
    void httpApp_zipDirectoryWithAVolume_servesAndWritesToTheClaim() throws Exception {
        byte[] zip = SourceArchives.zip(Map.of("app.py", Files.readString(repo.resolve("examples/flask-add-two/app.py"))));
        FunctionRevision revision = revision("add-two", FunctionSpec.builder().runtime("http")
                .command(List.of("python3", "app.py")).source(Source.binary(null, zip, Source.ContentType.ZIP))
                .volumes(List.of(new VolumeMount("add-two-data", "/data", null))));
        int port = freePort();

        try (EmulatedPod pod = started(revision, "python3", Map.of("PORT", Integer.toString(port)), port)) {
            assertThat(get(port, "/add_two?x=3")).isEqualTo("5");
            assertThat(Files.readString(pod.volume("volume-add-two-data").resolve("results.txt"))).isEqualTo("3 + 2 = 5\n");
        }
    }

    @Test
    void brokenArchive_failsTheInitContainerLoudly() throws Exception {
        FunctionRevision revision = revision("broken", FunctionSpec.builder().runtime("python3").handler("hello.handle")
                .source(Source.binary(null, "not a zip at all".getBytes(), Source.ContentType.ZIP)));

        try (EmulatedPod pod = prepared(revision, "python3")) {
            EmulatedPod.Exit init = pod.runInit(podSpec(revision).getInitContainers().getFirst());

            assertThat(init.status()).isNotZero();
            assertThat(init.output()).contains("skiff-prepare: the source is not a readable zip archive");
        }
    }

    @Test
    void emptyArchive_failsTheInitContainerInsteadOfStartingWithNoCode() throws Exception {
        FunctionRevision revision = revision("empty", FunctionSpec.builder().runtime("python3").handler("hello.handle")
                .source(Source.binary(null, SourceArchives.tarGz(Map.of()), Source.ContentType.TAR_GZ)));

        try (EmulatedPod pod = prepared(revision, "python3")) {
            EmulatedPod.Exit init = pod.runInit(podSpec(revision).getInitContainers().getFirst());

            assertThat(init.status()).isNotZero();
            assertThat(init.output()).contains("the tar.gz source holds no files");
        }
    }

    @Test
    void builtImage_zipSource_preparesTheSameCodeAsTheInitContainer() throws Exception {
        byte[] zip = SourceArchives.zip(Map.of("hello.py", HELLO_PY));
        FunctionSpec built = ADMISSION.admit("built", FunctionSpec.builder().runtime("python3").handler("hello.handle")
                .source(Source.binary(null, zip, Source.ContentType.ZIP)).build());
        Path tarball = dir.resolve("built.tar");
        FunctionImage.build(built, FunctionImage.SCRATCH, new FunctionImage.Target("built:1", tarball, false, dir.resolve("cache")));
        BuiltImage layer = BuiltImage.read(tarball, dir.resolve("layer"));
        assertThat(Files.readAllBytes(layer.files().get("/var/skiff/source/source"))).isEqualTo(zip);
        FunctionRevision revision = revision("built", FunctionSpec.builder().runtime("python3").handler("hello.handle")
                .source(Source.binary(null, zip, Source.ContentType.ZIP)).image("built:1"));
        PodSpec spec = podSpec(revision);
        assertThat(spec.getInitContainers()).isEmpty();
        int port = freePort();

        try (EmulatedPod pod = EmulatedPod.of(spec, Map.of(), RuntimeImage.of(repo, "python3").with(layer.files(), layer.env()),
                dir.resolve("built"))) {
            pod.start(spec.getContainers().getFirst(), Map.of("PORT", Integer.toString(port)), port);

            assertThat(post(port, "/", "{\"name\": \"Kube\"}")).contains("Hello, Kube!");
        }
    }

    /** The Java image's JDK: this test's own (21 or newer), where the image has Temurin 21. */
    private static Map<String, String> javaImage() {
        return Map.of("PATH", Path.of(System.getProperty("java.home"), "bin") + ":/usr/local/bin:/usr/bin:/bin");
    }
}
