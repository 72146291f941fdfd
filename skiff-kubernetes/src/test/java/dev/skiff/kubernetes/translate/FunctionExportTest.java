package dev.skiff.kubernetes.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
import dev.skiff.api.TrafficTarget;
import dev.skiff.api.VolumeMount;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@link FunctionExport}: a function with a volume and a 70/30 split between two revisions, as issue 22 has it. */
class FunctionExportTest {
    private static final List<TrafficTarget> SPLIT = List.of(
            new TrafficTarget("hello-00001", null, 70, null, null), new TrafficTarget("hello-00002", null, 30, null, null));

    private static FunctionRevision revision(String name, String code, List<TrafficTarget> traffic) {
        FunctionSpec spec = FunctionSpec.builder().runtime("python3").handler("hello.handle")
                .source(Source.text("hello.py", code)).volumes(List.of(new VolumeMount("montage-data", "/mnt/data", null)))
                .traffic(traffic).build();
        return FunctionRevision.of("default", "hello", name, Fixtures.admission().admit("hello", spec));
    }

    private static final FunctionRevision OLD = revision("hello-00001", "def handle(req):\n    return 1\n", null);
    private static final FunctionRevision NEW = revision("hello-00002", "def handle(req):\n    return 2\n", SPLIT);

    private static <T> List<T> ofKind(List<HasMetadata> objects, Class<T> kind) {
        return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    @Test
    void knative_splitToAnOlderRevision_isRefusedNamingIt() {
        assertThatThrownBy(() -> FunctionExport.knative(NEW, false, TranslationConfig.DEFAULT))
                .isInstanceOf(TranslationException.class)
                .hasMessageContaining("hello-00001 70%").hasMessageContaining("--latest-only")
                .extracting(e -> ((TranslationException) e).reason()).isEqualTo("RevisionNotExportable");
    }

    @Test
    void knative_latestOnly_routesEverythingToTheRevisionItHolds_andSaysWhatWasDropped() {
        FunctionExport.Result export = FunctionExport.knative(NEW, true, TranslationConfig.DEFAULT);

        io.fabric8.knative.serving.v1.Service service = ofKind(export.objects(), io.fabric8.knative.serving.v1.Service.class)
                .getFirst();
        assertThat(service.getSpec().getTemplate().getMetadata().getName()).isEqualTo("hello-00002");
        assertThat(service.getSpec().getTraffic()).singleElement().satisfies(t -> {
            assertThat(t.getLatestRevision()).isTrue();
            assertThat(t.getPercent()).isEqualTo(100L);
        });
        assertThat(export.notes()).anyMatch(n -> n.contains("--latest-only") && n.contains("hello-00001 70%"));
    }

    @Test
    void knative_routesOnlyToRevisionsWhoseTemplateItHolds() {
        FunctionRevision pinned = revision("hello-00002", "x = 1\n", List.of(
                new TrafficTarget("hello-00002", null, 100, null, null), new TrafficTarget(null, true, 0, "next", null)));

        FunctionExport.Result export = FunctionExport.knative(pinned, false, TranslationConfig.DEFAULT);

        io.fabric8.knative.serving.v1.Service service = ofKind(export.objects(), io.fabric8.knative.serving.v1.Service.class)
                .getFirst();
        Set<String> template = Set.of(service.getSpec().getTemplate().getMetadata().getName());
        assertThat(service.getSpec().getTraffic()).allSatisfy(t ->
                assertThat(Boolean.TRUE.equals(t.getLatestRevision()) || template.contains(t.getRevisionName())).isTrue());
    }

    @Test
    void knative_includesTheVolumesClaim_andSaysKnativeMustAllowIt() {
        FunctionExport.Result export = FunctionExport.knative(OLD, false, TranslationConfig.DEFAULT);

        PersistentVolumeClaim claim = ofKind(export.objects(), PersistentVolumeClaim.class).getFirst();
        assertThat(claim.getMetadata().getName()).isEqualTo("montage-data");
        assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
        assertThat(export.notes()).anyMatch(n -> n.contains("knative-features.yaml"));
    }

    @Test
    void kubernetes_split_hasADeploymentPerServingRevision_inTheRatioOfTheSplit() {
        FunctionExport.Result export = FunctionExport.kubernetes(NEW, Map.of("hello-00001", OLD), TranslationConfig.DEFAULT);

        List<Deployment> deployments = ofKind(export.objects(), Deployment.class);
        assertThat(deployments).extracting(d -> d.getMetadata().getName()).containsExactly("hello-00001", "hello-00002");
        assertThat(deployments).extracting(d -> d.getSpec().getReplicas()).containsExactly(7, 3);
        assertThat(ofKind(export.objects(), ConfigMap.class)).extracting(c -> c.getData().get("source"))
                .containsExactly(OLD.spec().source().content(), NEW.spec().source().content());
        assertThat(ofKind(export.objects(), io.fabric8.kubernetes.api.model.Service.class))
                .extracting(s -> s.getMetadata().getName()).containsExactly("hello-00001", "hello-00002", "hello");
        assertThat(export.notes()).anyMatch(n -> n.contains("ratio of pods") && n.contains("hello-00001 70%: 7 pods"));
    }

    @Test
    void kubernetes_everyReferenceInTheOutputResolves() {
        FunctionExport.Result export = FunctionExport.kubernetes(NEW, Map.of("hello-00001", OLD), TranslationConfig.DEFAULT);

        Set<String> configMaps = names(ofKind(export.objects(), ConfigMap.class));
        Set<String> claims = names(ofKind(export.objects(), PersistentVolumeClaim.class));
        for (Deployment deployment : ofKind(export.objects(), Deployment.class)) {
            for (Volume volume : deployment.getSpec().getTemplate().getSpec().getVolumes()) {
                if (volume.getConfigMap() != null) {
                    assertThat(configMaps).contains(volume.getConfigMap().getName());
                }
                if (volume.getPersistentVolumeClaim() != null) {
                    assertThat(claims).contains(volume.getPersistentVolumeClaim().getClaimName());
                }
            }
        }
        assertThat(claims).containsExactly("montage-data");
    }

    @Test
    void kubernetes_splitToARevisionItDoesNotHave_isRefused() {
        assertThatThrownBy(() -> FunctionExport.kubernetes(NEW, Map.of(), TranslationConfig.DEFAULT))
                .isInstanceOf(TranslationException.class).hasMessageContaining("hello-00001");
    }

    @Test
    void kubernetes_tags_areNamedAsNotExported() {
        FunctionRevision tagged = revision("hello-00002", "x = 1\n", List.of(TrafficTarget.latest(100),
                new TrafficTarget("hello-00002", null, 0, "canary", null)));

        FunctionExport.Result export = FunctionExport.kubernetes(tagged, Map.of(), TranslationConfig.DEFAULT);

        assertThat(ofKind(export.objects(), Deployment.class)).singleElement()
                .satisfies(d -> assertThat(d.getSpec().getReplicas()).isEqualTo(1));
        assertThat(export.notes()).anyMatch(n -> n.contains("tag canary of hello-00002 is not exported"));
    }

    @Test
    void replicaRatio_reducesTheShares_andCapsTheirSum() {
        assertThat(ServingRevisions.of(SPLIT, "hello-00002").replicaRatio(10)).containsExactly(
                Map.entry("hello-00001", 7), Map.entry("hello-00002", 3));
        List<TrafficTarget> halves = List.of(new TrafficTarget("a", null, 50, null, null), new TrafficTarget("b", null, 50, null, null));
        assertThat(ServingRevisions.of(halves, "b").replicaRatio(10)).containsExactly(Map.entry("a", 1), Map.entry("b", 1));
        List<TrafficTarget> odd = List.of(new TrafficTarget("a", null, 33, null, null), new TrafficTarget("b", null, 67, null, null));
        assertThat(ServingRevisions.of(odd, "b").replicaRatio(10)).containsExactly(Map.entry("a", 3), Map.entry("b", 7));
        List<TrafficTarget> thin = List.of(new TrafficTarget("a", null, 99, null, null), new TrafficTarget("b", null, 1, null, null));
        assertThat(ServingRevisions.of(thin, "b").replicaRatio(10)).containsExactly(Map.entry("a", 10), Map.entry("b", 1));
    }

    private static Set<String> names(List<? extends HasMetadata> objects) {
        return objects.stream().map(o -> o.getMetadata().getName()).collect(Collectors.toSet());
    }
}
