package dev.skiff.kubernetes.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.FunctionSpec;
import dev.skiff.api.ScaleSpec;
import dev.skiff.api.Source;
import org.junit.jupiter.api.Test;

class DeploymentsTest {

    private static FunctionRevision revision(Integer min, Integer max, String serviceType) {
        FunctionSpec spec = FunctionSpec.builder().runtime("python3").handler("hello.handle")
                .source(Source.text("hello.py", "pass")).scale(ScaleSpec.bounds(min, max)).serviceType(serviceType).build();
        return FunctionRevision.of("default", "hello", "hello-00001", Fixtures.admission().admit("hello", spec));
    }

    @Test
    void replicas_newDeployment_startsAtMinScale() {
        assertThat(Deployments.replicas(revision(0, 0, null), null)).isZero();
        assertThat(Deployments.replicas(revision(2, 0, null), null)).isEqualTo(2);
    }

    @Test
    void replicas_existingDeployment_keepsTheGatewaysCountWithinBounds() {
        assertThat(Deployments.replicas(revision(0, 3, null), 2)).isEqualTo(2);
        assertThat(Deployments.replicas(revision(0, 3, null), 7)).isEqualTo(3);
        assertThat(Deployments.replicas(revision(1, 3, null), 0)).isEqualTo(1);
    }

    @Test
    void replicas_loadBalancer_neverScalesToZero() {
        assertThat(Deployments.replicas(revision(0, 0, "LoadBalancer"), 0)).isEqualTo(1);
    }
}
