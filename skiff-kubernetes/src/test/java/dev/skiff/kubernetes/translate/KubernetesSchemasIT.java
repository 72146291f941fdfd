package dev.skiff.kubernetes.translate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.ResourceRequirements;
import dev.skiff.api.SecretRef;
import dev.skiff.api.Source;
import dev.skiff.api.TrafficTarget;
import dev.skiff.api.VolumeMount;
import dev.skiff.kubernetes.model.BrokerResource;
import dev.skiff.kubernetes.model.CronTriggerResource;
import dev.skiff.kubernetes.model.TriggerResource;
import dev.skiff.kubernetes.model.VolumeResource;
import dev.skiff.kubernetes.model.VolumeSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The offline validation stage of issue 22: every document Skiff generates, for a matrix of
 * functions (a volume, a 70/30 split with a tag, LoadBalancer, an image, resources, secrets,
 * {@code network: none}, a command function, an http app) in both forms, every eventing translation
 * and every manifest under deploy/kubernetes, is valid against the Kubernetes and Knative OpenAPI
 * schemas ({@link SchemaCheck}); and every reference inside a function's objects resolves among them.
 * No API server checks them here: this is what a real one would refuse at the schema level.
 */
class KubernetesSchemasIT {
    private static final Path DEPLOY = Path.of("../deploy/kubernetes");

    private static FunctionSpec.Builder hello(String code) {
        return FunctionSpec.builder().runtime("python3").handler("hello.handle").source(Source.text("hello.py", code));
    }

    private static FunctionRevision revision(String function, String revision, FunctionSpec spec) {
        return FunctionRevision.of("default", function, revision, Fixtures.admission().admit(function, spec));
    }

    /** Each function of the matrix: its newest revision and the older ones its traffic needs, by name. */
    private static Map<String, List<FunctionRevision>> functions() {
        Map<String, List<FunctionRevision>> functions = new LinkedHashMap<>();
        String code = "def handle(req):\n    return 1\n";
        List<VolumeMount> volume = List.of(new VolumeMount("shared", "/mnt/data", null));
        functions.put("plain", List.of(revision("plain", "plain-00001", hello(code).build())));
        functions.put("volume", List.of(revision("volume", "volume-00001", hello(code).volumes(volume).build())));
        functions.put("split", List.of(
                revision("split", "split-00002", hello("def handle(req):\n    return 2\n").volumes(volume).traffic(List.of(
                        new TrafficTarget("split-00001", null, 70, null, null), TrafficTarget.latest(30),
                        new TrafficTarget("split-00002", null, 0, "canary", null))).build()),
                revision("split", "split-00001", hello(code).volumes(volume).build())));
        functions.put("public", List.of(revision("public", "public-00001", hello(code).serviceType("LoadBalancer").build())));
        functions.put("image", List.of(revision("image", "image-00001", hello(code).image("registry.example:5000/image:1")
                .imagePullSecrets(List.of("regcred")).build())));
        functions.put("sized", List.of(revision("sized", "sized-00001", hello(code).resources(new ResourceRequirements(
                Map.of("cpu", "250m", "memory", "128Mi"), Map.of("memory", "512Mi"))).build())));
        functions.put("secret", List.of(revision("secret", "secret-00001", hello(code).secrets(List.of(
                new SecretRef("db-creds", null), new SecretRef("api-key", true))).build())));
        functions.put("sealed", List.of(revision("sealed", "sealed-00001", hello(code).network(FunctionSpec.NETWORK_NONE).build())));
        functions.put("montage", List.of(revision("montage", "montage-00001", FunctionSpec.builder().runtime("command")
                .allowedCommands(List.of("mProjectPP", "mAdd")).volumes(volume).build())));
        functions.put("app", List.of(revision("app", "app-00001", FunctionSpec.builder().runtime("http")
                .command(List.of("python3", "app.py")).source(Source.binary(null, new byte[] {'P', 'K', 3, 4},
                        Source.ContentType.ZIP)).build())));
        return functions;
    }

    /** The knative form ({@code --latest-only}) and the plain form of a function, with its secrets' skeletons. */
    private static Map<String, List<HasMetadata>> forms(List<FunctionRevision> revisions) {
        FunctionRevision newest = revisions.getFirst();
        Map<String, FunctionRevision> older = revisions.stream().skip(1)
                .collect(Collectors.toMap(FunctionRevision::revision, r -> r));
        List<HasMetadata> knative = new ArrayList<>(Exports.secretSkeletons(newest));
        knative.addAll(FunctionExport.knative(newest, true, TranslationConfig.DEFAULT).objects());
        List<HasMetadata> plain = new ArrayList<>(Exports.secretSkeletons(newest));
        plain.addAll(FunctionExport.kubernetes(newest, older, TranslationConfig.DEFAULT).objects());
        return Map.of(newest.function() + " (knative)", knative, newest.function() + " (kubernetes)", plain);
    }

    private static List<HasMetadata> eventing() {
        List<HasMetadata> objects = new ArrayList<>();
        BrokerResource broker = Fixtures.read("events/broker.yaml", BrokerResource.class);
        assertThat(broker.admit()).isEmpty();
        objects.add(KnativeEventing.broker(broker));
        for (String trigger : List.of("trigger.yaml", "trigger-unordered.yaml", "trigger-filters.yaml")) {
            TriggerResource resource = Fixtures.read("events/" + trigger, TriggerResource.class);
            assertThat(resource.admit()).isEmpty();
            objects.add(KnativeEventing.trigger(resource));
        }
        CronTriggerResource cron = Fixtures.read("events/crontrigger.yaml", CronTriggerResource.class);
        assertThat(cron.admit()).isEmpty();
        objects.add(KnativeEventing.pingSource(cron));
        objects.add(CronJobs.desired(cron, TranslationConfig.DEFAULT));
        VolumeResource volume = Fixtures.read("events/volume.yaml", VolumeResource.class);
        volume.setSpec(VolumeSpec.defaulted(volume.getSpec()));
        objects.add(PersistentVolumeClaims.desired(volume));
        return objects;
    }

    /** Every document of every manifest under deploy/kubernetes, CRDs included. */
    private static List<JsonNode> manifests() throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(DEPLOY)) {
            files = walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            try (MappingIterator<JsonNode> read = yaml.readerFor(JsonNode.class).readValues(Files.readString(file))) {
                while (read.hasNext()) {
                    JsonNode document = read.next();
                    if (document != null && !document.isNull()) {
                        documents.add(document);
                    }
                }
            }
        }
        return documents;
    }

    @Test
    void everyGeneratedDocumentAndManifest_isValidAgainstItsSchema() throws Exception {
        List<Object> documents = new ArrayList<>();
        List<String> where = new ArrayList<>();
        functions().values().forEach(revisions -> forms(revisions).forEach((form, objects) -> objects.forEach(o -> {
            documents.add(o);
            where.add(form);
        })));
        eventing().forEach(o -> {
            documents.add(o);
            where.add("eventing");
        });
        manifests().forEach(m -> {
            documents.add(m);
            where.add("deploy/kubernetes");
        });

        List<SchemaCheck.Verdict> verdicts = SchemaCheck.validate(documents);

        assertThat(verdicts).hasSize(documents.size());
        List<String> invalid = new ArrayList<>();
        for (int i = 0; i < verdicts.size(); i++) {
            SchemaCheck.Verdict verdict = verdicts.get(i);
            if (!verdict.errors().isEmpty()) {
                invalid.add(where.get(i) + ": " + verdict.kind() + " " + verdict.name() + ": " + verdict.errors());
            }
        }
        assertThat(invalid).as("documents a real API server would refuse").isEmpty();
        assertThat(verdicts).extracting(SchemaCheck.Verdict::kind).contains("Deployment", "Service", "ConfigMap",
                "PersistentVolumeClaim", "NetworkPolicy", "Secret", "Broker", "Trigger", "PingSource", "CronJob",
                "CustomResourceDefinition", "ClusterRole");
    }

    @Test
    void schemaCheck_refusesWhatARealServerWould() throws Exception {
        Map<String, Object> bad = Map.of("apiVersion", "apps/v1", "kind", "Deployment", "metadata", Map.of("name", "x"),
                "spec", Map.of("replicas", "three", "selector", Map.of(), "template", Map.of()));
        Map<String, Object> unknown = Map.of("apiVersion", "example.com/v1", "kind", "Widget", "metadata", Map.of("name", "w"));

        List<SchemaCheck.Verdict> verdicts = SchemaCheck.validate(List.of(bad, unknown));

        assertThat(verdicts.get(0).errors()).anyMatch(e -> e.contains("replicas"));
        assertThat(verdicts.get(1).errors()).anyMatch(e -> e.contains("no schema"));
    }

    @Test
    void everyReferenceInAFunctionsObjects_resolvesAmongThem() {
        for (List<FunctionRevision> revisions : functions().values()) {
            forms(revisions).forEach((form, objects) -> {
                Set<String> names = objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName())
                        .collect(Collectors.toSet());
                List<PodSpec> pods = new ArrayList<>();
                List<Map<String, String>> podLabels = new ArrayList<>();
                for (HasMetadata object : objects) {
                    if (object instanceof Deployment deployment) {
                        pods.add(deployment.getSpec().getTemplate().getSpec());
                        podLabels.add(deployment.getSpec().getTemplate().getMetadata().getLabels());
                        assertThat(deployment.getSpec().getSelector().getMatchLabels().entrySet()).as(form)
                                .isSubsetOf(deployment.getSpec().getTemplate().getMetadata().getLabels().entrySet());
                    }
                    if (object instanceof io.fabric8.knative.serving.v1.Service knative) {
                        String template = knative.getSpec().getTemplate().getMetadata().getName();
                        knative.getSpec().getTraffic().forEach(t -> assertThat(
                                Boolean.TRUE.equals(t.getLatestRevision()) || template.equals(t.getRevisionName()))
                                .as(form + ": traffic to " + t.getRevisionName()).isTrue());
                        PodSpec pod = new PodSpec();
                        pod.setVolumes(knative.getSpec().getTemplate().getSpec().getVolumes());
                        pods.add(pod);
                    }
                }
                for (PodSpec pod : pods) {
                    for (Volume volume : pod.getVolumes() == null ? List.<Volume>of() : pod.getVolumes()) {
                        if (volume.getConfigMap() != null) {
                            assertThat(names).as(form).contains("ConfigMap/" + volume.getConfigMap().getName());
                        }
                        if (volume.getPersistentVolumeClaim() != null) {
                            assertThat(names).as(form).contains("PersistentVolumeClaim/"
                                    + volume.getPersistentVolumeClaim().getClaimName());
                        }
                        if (volume.getSecret() != null) {
                            assertThat(names).as(form).contains("Secret/" + volume.getSecret().getSecretName());
                        }
                    }
                }
                for (HasMetadata object : objects) {
                    if (object instanceof io.fabric8.kubernetes.api.model.Service service) {
                        Map<String, String> selector = service.getSpec().getSelector();
                        assertThat(podLabels).as(form + ": pods of Service " + service.getMetadata().getName())
                                .anySatisfy(labels -> assertThat(labels.entrySet()).containsAll(selector.entrySet()));
                    }
                }
            });
        }
    }
}
