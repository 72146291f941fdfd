package dev.skiff.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Where a volume may be mounted in every mode: the rules alone, without a server. */
class MountPathRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"/", "/proc", "/proc/1/root", "/sys/", "/dev/shm", "/etc", "/etc/", "/etc/ssl/certs", "/usr/lib",
        "/bin", "/sbin/x", "/lib", "/lib32", "/lib64/x", "/libx32", "/run/user", "/var/run", "/var/lock/x", "/boot",
        "/root/.ssh", "/tmp", "/var", "/var/skiff", "/var/skiff/code"})
    void refusal_systemOrSkiffsOwnPath_saysWhy(String path) {
        assertThat(MountPathRules.refusal(path)).hasValueSatisfying(why ->
                assertThat(why).startsWith("is ").contains("e.g. /mnt/data"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/mnt/data", "/data", "/tmp/work", "/var/data", "/srv/shared", "/library", "/etcetera", "/usrdata",
        "/opt/models", "/home/data", "/proceeds"})
    void refusal_aPathOfItsOwn_none(String path) {
        assertThat(MountPathRules.refusal(path)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/proc", "/etc/myapp", "/usr/local/data", "/var"})
    void validate_refusedMountPath_isAnErrorOnTheMountPath(String path) {
        Function function = Function.of("f", FunctionSpec.builder().runtime("python3").handler("main.handle")
                .source(Source.text("main.py", "def handle(req):\n    return 1\n"))
                .volumes(List.of(new VolumeMount("data", path, null))).build());

        assertThat(FunctionValidation.validate(FunctionDefaults.apply(function), Set.of("python3")))
                .anySatisfy(error -> {
                    assertThat(error.field()).isEqualTo("spec.volumes[0].mountPath");
                    assertThat(error.message()).startsWith("'" + path + "' is");
                });
    }
}
