package dev.skiff.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FunctionValidationTest {
    private static final Set<String> RUNTIMES = Set.of("python3");

    private static Function function(String name, FunctionSpec spec) {
        return FunctionDefaults.apply(Function.of(name, spec));
    }

    private static FunctionSpec spec() {
        return FunctionSpec.builder()
                .runtime("python3")
                .handler("hello.handle")
                .source(Source.text("hello.py", "def handle(req): pass"))
                .build();
    }

    private static List<String> fields(Function function) {
        return FunctionValidation.validate(function, RUNTIMES).stream().map(FieldError::field).toList();
    }

    @Test
    void validate_defaultedMinimalFunction_hasNoErrors() {
        assertThat(FunctionValidation.validate(function("hello", spec()), RUNTIMES)).isEmpty();
    }

    @Test
    void validate_noHandler_isAnErrorOnlyForRuntimesThatNeedOne() {
        FunctionSpec spec = FunctionSpec.builder().runtime("python3").source(Source.text("app.py", "pass")).build();
        Function function = function("app", spec);

        assertThat(fields(function)).containsExactly("spec.handler");
        assertThat(FunctionValidation.validate(function, RUNTIMES, runtime -> false)).isEmpty();
    }

    @Test
    void defaults_fillEveryOptionalField() {
        FunctionSpec spec = FunctionDefaults.apply(spec());
        assertThat(spec.timeoutSeconds()).isEqualTo(FunctionDefaults.TIMEOUT_SECONDS);
        assertThat(spec.maxRequestSize()).isEqualTo("6Mi");
        assertThat(spec.maxRequestBytes()).isEqualTo(6L << 20);
        assertThat(spec.concurrency()).isEqualTo(1);
        assertThat(spec.env()).isEmpty();
        Function function = FunctionDefaults.apply(Function.of("hello", spec()));
        assertThat(function.apiVersion()).isEqualTo("skiff.dev/v1alpha1");
        assertThat(function.kind()).isEqualTo("Function");
    }

    @Test
    void secrets_needGoodDistinctNames_andNoVolumeMayCoverTheirDirectory() {
        FunctionSpec named = spec().toBuilder().secrets(List.of(new SecretRef("db", null), new SecretRef("Bad_Name", null),
                new SecretRef("db", true), new SecretRef(null, null))).build();
        assertThat(fields(function("hello", named))).containsExactly("spec.secrets[1].name", "spec.secrets[2].name",
                "spec.secrets[3].name");
        for (String path : List.of("/var/skiff/secrets", "/var/skiff/secrets/db", "/var/skiff", "/var")) {
            FunctionSpec covering = spec().toBuilder().volumes(List.of(new VolumeMount("data", path, null))).build();
            assertThat(fields(function("hello", covering))).as(path).contains("spec.volumes[0].mountPath");
        }
        FunctionSpec beside = spec().toBuilder().volumes(List.of(new VolumeMount("data", "/var/skiff-data", null)))
                .secrets(List.of(new SecretRef("db", true))).build();
        assertThat(fields(function("hello", beside))).isEmpty();
    }

    @Test
    void validate_badNames_areRejected() {
        assertThat(fields(function("Hello", spec()))).containsExactly("metadata.name");
        assertThat(fields(function("-hello", spec()))).containsExactly("metadata.name");
        assertThat(fields(function("hello_world", spec()))).containsExactly("metadata.name");
        assertThat(fields(function("a".repeat(58), spec()))).containsExactly("metadata.name");
        assertThat(fields(function(null, spec()))).containsExactly("metadata.name");
        assertThat(fields(function("a".repeat(57), spec()))).isEmpty();
    }

    @Test
    void validate_unknownRuntime_namesTheKnownOnes() {
        FunctionSpec spec = FunctionSpec.builder()
                .runtime("ruby")
                .handler("x.y")
                .source(Source.text("x.rb", ""))
                .build();
        List<FieldError> errors = FunctionValidation.validate(function("hello", spec), RUNTIMES);
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("spec.runtime");
            assertThat(e.message()).contains("ruby").contains("python3");
        });
    }

    @Test
    void validate_outOfRangeSettings_areEachReported() {
        FunctionSpec spec = FunctionSpec.builder()
                .runtime("python3")
                .handler("hello.handle")
                .source(Source.text("hello.py", ""))
                .env(Map.of("1BAD", "x"))
                .timeoutSeconds(0)
                .maxRequestSize("lots")
                .concurrency(-1)
                .build();
        assertThat(fields(function("hello", spec)))
                .containsExactlyInAnyOrder("spec.env.1BAD", "spec.timeoutSeconds", "spec.maxRequestSize", "spec.concurrency");
    }

    @Test
    void validate_sources_checkTypeEncodingAndPath() {
        FunctionSpec unknownType = spec().withSource(new Source("a.py", "x", "rar"));
        FunctionSpec badBase64 = spec().withSource(new Source("a.bin", "***", "base64"));
        FunctionSpec escaping = spec().withSource(Source.text("../a.py", "x"));
        FunctionSpec absolute = spec().withSource(Source.text("/etc/a.py", "x"));
        FunctionSpec noFilename = spec().withSource(new Source(null, "x", "text"));
        FunctionSpec archive = spec().withSource(Source.binary(null, new byte[] {1, 2}, Source.ContentType.ZIP));

        assertThat(fields(function("a", unknownType))).containsExactly("spec.source.contentType");
        assertThat(fields(function("a", badBase64))).containsExactly("spec.source.content");
        assertThat(fields(function("a", escaping))).containsExactly("spec.source.filename");
        assertThat(fields(function("a", absolute))).containsExactly("spec.source.filename");
        assertThat(fields(function("a", noFilename))).containsExactly("spec.source.filename");
        assertThat(fields(function("a", archive))).isEmpty();
    }

    @Test
    void validate_missingSpec_isReported() {
        assertThat(fields(FunctionDefaults.apply(new Function(null, null, ObjectMeta.named("a"), null, null))))
                .containsExactly("spec");
    }

    @Test
    void check_invalid_throwsWithEveryMessage() {
        FunctionSpec spec = FunctionSpec.builder().build();
        ValidationException e = catchThrowableOfType(ValidationException.class,
                () -> FunctionValidation.check(function("Bad", spec), RUNTIMES));
        assertThat(e.errors()).extracting(FieldError::field)
                .containsExactly("metadata.name", "spec.runtime", "spec.handler", "spec.source");
        assertThat(e.getMessage()).contains("metadata.name:").contains("; spec.runtime:");
    }

    @Test
    void defaults_scaleFollowsKnativeAndTheHardLimit() {
        ScaleSpec one = FunctionDefaults.apply(spec()).scale();
        assertThat(one).isEqualTo(new ScaleSpec(0, 0, 1, 70, 60, 10, 200, 30));

        ScaleSpec unlimited = FunctionDefaults.apply(spec().toBuilder().concurrency(0).build()).scale();
        assertThat(unlimited.target()).isEqualTo(100);
        ScaleSpec ten = FunctionDefaults.apply(spec().toBuilder().concurrency(10).build()).scale();
        assertThat(ten.target()).isEqualTo(10);
    }

    @Test
    void validate_scaleOutOfRange_namesEachField() {
        FunctionSpec spec = spec().toBuilder().concurrency(5)
                .scale(new ScaleSpec(3, 2, 6, 0, 5, 101, 100, 0)).build();

        assertThat(fields(function("hello", spec))).containsExactlyInAnyOrder(
                "spec.scale.minScale", "spec.scale.target", "spec.scale.targetUtilizationPercentage",
                "spec.scale.stableWindowSeconds", "spec.scale.panicWindowPercentage",
                "spec.scale.panicThresholdPercentage", "spec.scale.scaleToZeroGraceSeconds");
    }

    @Test
    void validate_trafficSplitMustSumTo100() {
        FunctionSpec split = spec().toBuilder().traffic(List.of(
                TrafficTarget.revision("hello-00001", 70), TrafficTarget.revision("hello-00002", 20))).build();

        List<FieldError> errors = FunctionValidation.validate(function("hello", split), RUNTIMES);

        assertThat(errors).extracting(FieldError::field).containsExactly("spec.traffic");
        assertThat(errors.get(0).message()).contains("sum to 90");
    }

    @Test
    void validate_trafficWithTagsAndLatest_isValid() {
        FunctionSpec split = spec().toBuilder().traffic(List.of(
                TrafficTarget.revision("hello-00001", 70), TrafficTarget.latest(30),
                TrafficTarget.tag("canary", "hello-00002"))).build();

        assertThat(FunctionValidation.validate(function("hello", split), RUNTIMES)).isEmpty();
    }

    @Test
    void validate_badTrafficEntries_areEachNamed() {
        FunctionSpec split = spec().toBuilder().traffic(List.of(
                new TrafficTarget("other-00001", null, 50, null, null),
                new TrafficTarget("hello-00001", true, 50, null, null),
                new TrafficTarget("hello-00002", null, null, "Canary", null),
                new TrafficTarget("hello-00003", null, 0, "canary", "http://x"),
                new TrafficTarget("hello-00003", null, null, "canary", null))).build();

        assertThat(fields(function("hello", split))).containsExactlyInAnyOrder(
                "spec.traffic[0].revisionName", "spec.traffic[1]", "spec.traffic[2].tag",
                "spec.traffic[3].url", "spec.traffic[4].tag");
    }

    @Test
    void defaults_kubernetesFields_clusterIpNoSecretsNoImage() {
        FunctionSpec spec = FunctionDefaults.apply(spec());

        assertThat(spec.serviceType()).isEqualTo("ClusterIP");
        assertThat(spec.imagePullSecrets()).isEmpty();
        assertThat(spec.image()).isNull();
        assertThat(spec.resources()).isNull();
    }

    @Test
    void validate_kubernetesFieldsWellFormed_isValid() {
        FunctionSpec spec = spec().toBuilder()
                .resources(new ResourceRequirements(Map.of("cpu", "250m", "memory", "128Mi"), Map.of("cpu", "0.5")))
                .image("registry.example:5000/hello:1").imagePullSecrets(List.of("regcred"))
                .serviceType("LoadBalancer").build();

        assertThat(FunctionValidation.validate(function("hello", spec), RUNTIMES)).isEmpty();
    }

    @Test
    void validate_badKubernetesFields_areEachNamed() {
        FunctionSpec spec = spec().toBuilder()
                .resources(new ResourceRequirements(Map.of("cpu", "lots", "gpu", "1"), Map.of("memory", "1 Gi")))
                .image("hello world").imagePullSecrets(List.of("Reg_Cred"))
                .serviceType("NodePort").build();

        assertThat(fields(function("hello", spec))).containsExactlyInAnyOrder(
                "spec.resources.requests.cpu", "spec.resources.requests.gpu", "spec.resources.limits.memory",
                "spec.image", "spec.imagePullSecrets[0]", "spec.serviceType");
    }
}
