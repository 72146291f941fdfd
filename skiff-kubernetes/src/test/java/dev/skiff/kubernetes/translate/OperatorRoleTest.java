package dev.skiff.kubernetes.translate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.skiff.api.FunctionSpec;
import dev.skiff.kubernetes.model.FunctionResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The operator's ClusterRole (deploy/kubernetes/rbac.yaml) lets it write every kind of object it
 * makes: a kind added to the translation without a rule would be refused by a real API server,
 * which fabric8's mock server never is. The function's kinds come from translating a fixture (with
 * {@code network: none}, which adds a NetworkPolicy); the volume, cron and eventing kinds are named.
 */
class OperatorRoleTest {
    private static final Path RBAC = Path.of("../deploy/kubernetes/rbac.yaml");
    private static final List<String> WRITES = List.of("get", "list", "watch", "create", "update", "patch", "delete");

    @Test
    void theOperatorsClusterRole_letsItWriteEveryKindItMakes() throws IOException {
        Map<String, Set<String>> allowed = operatorRules();
        List<Class<?>> kinds = new ArrayList<>();
        FunctionTranslationTest.translate("hello").values().forEach(object -> kinds.add(object.getClass()));
        FunctionResource resource = Fixtures.read("hello/function.yaml", FunctionResource.class);
        FunctionSpec sealed = Fixtures.admission().admit(resource.getMetadata().getName(),
                resource.getSpec().toBuilder().network(FunctionSpec.NETWORK_NONE).build());
        kinds.add(NetworkPolicies.desired(FunctionRevision.of("default", "hello", "hello-00001", sealed)).orElseThrow().getClass());
        kinds.addAll(List.of(PersistentVolumeClaim.class, CronJob.class, io.fabric8.knative.eventing.v1.Broker.class,
                io.fabric8.knative.eventing.v1.Trigger.class, io.fabric8.knative.sources.v1.PingSource.class));

        for (Class<?> kind : kinds) {
            @SuppressWarnings("unchecked")
            Class<? extends HasMetadata> type = (Class<? extends HasMetadata>) kind;
            String key = HasMetadata.getGroup(type) + "/" + HasMetadata.getPlural(type);
            assertThat(allowed.getOrDefault(key, Set.of())).as("verbs on %s (%s)", key, kind.getSimpleName())
                    .containsAll(WRITES);
        }
    }

    /** The skiff-operator ClusterRole's verbs, by "group/resource". */
    private static Map<String, Set<String>> operatorRules() throws IOException {
        Map<String, Set<String>> allowed = new HashMap<>();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (MappingIterator<JsonNode> documents = yaml.readerFor(JsonNode.class).readValues(Files.readString(RBAC))) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (!"ClusterRole".equals(document.path("kind").asText())
                        || !"skiff-operator".equals(document.path("metadata").path("name").asText())) {
                    continue;
                }
                for (JsonNode rule : document.path("rules")) {
                    Set<String> verbs = new HashSet<>();
                    rule.path("verbs").forEach(verb -> verbs.add(verb.asText()));
                    for (JsonNode group : rule.path("apiGroups")) {
                        for (JsonNode resourceName : rule.path("resources")) {
                            allowed.computeIfAbsent(group.asText() + "/" + resourceName.asText(), k -> new HashSet<>())
                                    .addAll(verbs);
                        }
                    }
                }
            }
        }
        return allowed;
    }
}
