package dev.skiff.server.backend.cgroups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.api.FieldError;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.ResourceRequirements;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The server's defaults and maxima: what an instance gets, and what a deploy is refused for. */
class LimitSettingsTest {
    private static final long MI = 1L << 20;
    private final LimitSettings settings = new LimitSettings(512 * MI, 4096 * MI, 0, 2000, 1024);

    private static FunctionSpec asking(Map<String, String> limits) {
        return FunctionSpec.builder().resources(new ResourceRequirements(null, limits)).build();
    }

    @Test
    void resolve_theSpecsOwn_elseTheDefaults() {
        assertThat(settings.resolve(256 * MI, 500)).isEqualTo(new Limits(256 * MI, 500, 1024));
        assertThat(settings.resolve(0, 0)).isEqualTo(new Limits(512 * MI, 0, 1024));
    }

    @Test
    void resolve_aboveAMaximumLoweredSinceTheDeploy_isTheMaximum() {
        assertThat(settings.resolve(8192 * MI, 4000)).isEqualTo(new Limits(4096 * MI, 2000, 1024));
    }

    @Test
    void refusals_overEachMaximum_nameTheFieldTheMaximumAndTheFlag() {
        assertThat(settings.refusals(asking(Map.of("memory", "8Gi", "cpu", "3")))).containsExactlyInAnyOrder(
                new FieldError("spec.resources.limits.memory", "'8Gi' is over this server's maximum, 4Gi (skiff server --max-memory)"),
                new FieldError("spec.resources.limits.cpu", "'3' is over this server's maximum, 2 (skiff server --max-cpu)"));
        assertThat(settings.refusals(asking(Map.of("memory", "4Gi", "cpu", "2000m")))).isEmpty();
        assertThat(settings.refusals(FunctionSpec.builder().build())).isEmpty();
    }

    @Test
    void refusals_noCpuMaximum_takesAnyCpu_andLeavesUnreadableValuesToValidation() {
        LimitSettings anyCpu = LimitSettings.defaults();

        assertThat(anyCpu.refusals(asking(Map.of("cpu", "64")))).isEmpty();
        assertThat(anyCpu.refusals(asking(Map.of("memory", "lots")))).isEmpty();
    }

    @Test
    void defaultAboveItsMaximum_isRefused() {
        assertThatThrownBy(() -> new LimitSettings(8192 * MI, 4096 * MI, 0, 0, 1024)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LimitSettings(MI, MI, 3000, 2000, 1024)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void text_saysTheDefaultsAndMaxima() {
        assertThat(LimitSettings.defaults().text()).isEqualTo("512Mi memory (at most 4Gi), no CPU limit, 1024 processes per instance");
        assertThat(settings.resolve(1536 * MI, 250).text()).isEqualTo("memory 1536Mi, cpu 250m, 1024 processes");
    }
}
