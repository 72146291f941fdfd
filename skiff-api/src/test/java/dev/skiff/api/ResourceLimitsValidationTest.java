package dev.skiff.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The amounts in spec.resources, once they are quantities: what no process could run with, and requests above limits. */
class ResourceLimitsValidationTest {
    private static List<FieldError> errors(Map<String, String> requests, Map<String, String> limits) {
        FunctionSpec spec = FunctionSpec.builder().runtime("python3").handler("main.handle")
                .source(Source.text("main.py", "def handle(req): pass"))
                .resources(new ResourceRequirements(requests, limits)).build();
        return FunctionValidation.validate(FunctionDefaults.apply(Function.of("f", spec)), Set.of("python3"));
    }

    @Test
    void sensibleLimits_areValid() {
        assertThat(errors(Map.of("cpu", "250m", "memory", "128Mi"), Map.of("cpu", "0.5", "memory", "1.5Gi"))).isEmpty();
        assertThat(errors(null, Map.of("memory", "1Mi"))).isEmpty();
    }

    @Test
    void memoryWithoutAUnit_isRefused_sayingItCountsBytes() {
        assertThat(errors(null, Map.of("memory", "256"))).containsExactly(new FieldError("spec.resources.limits.memory",
                "'256' is 256 bytes, too little for any process: without a suffix memory is counted in bytes (e.g. 256Mi)"));
        assertThat(errors(Map.of("memory", "1k"), null)).extracting(FieldError::field).containsExactly("spec.resources.requests.memory");
    }

    @Test
    void cpuLimitOfZero_isRefused() {
        assertThat(errors(null, Map.of("cpu", "0m"))).containsExactly(new FieldError("spec.resources.limits.cpu",
                "is 0, which would let nothing run; leave it out for the server's default"));
    }

    @Test
    void requestAboveItsLimit_isRefused_asKubernetesDoes() {
        assertThat(errors(Map.of("cpu", "2", "memory", "1Gi"), Map.of("cpu", "500m", "memory", "1Gi"))).containsExactly(
                new FieldError("spec.resources.requests.cpu", "'2' is more than its limit, spec.resources.limits.cpu '500m'"));
    }

    @Test
    void amountTooLarge_isOneErrorForItsField() {
        assertThat(errors(Map.of("memory", "20Ei"), Map.of("memory", "20Ei"))).containsExactly(
                new FieldError("spec.resources.requests.memory", "'20Ei' is too large"),
                new FieldError("spec.resources.limits.memory", "'20Ei' is too large"));
    }
}
