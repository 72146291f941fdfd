package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Documents;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.ResourceRequirements;
import dev.skiff.server.backend.cgroups.LimitSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code skiff deploy --memory --cpu}, {@code skiff server}'s defaults and maxima, and describe's limits line. */
class ResourceLimitFlagsTest {
    private static final long MI = 1L << 20;

    @TempDir
    Path dir;

    private static Object parse(String... args) {
        CommandLine commandLine = Main.commandLine(CliRunner.context(new ByteArrayOutputStream(), new ByteArrayOutputStream(), Map.of()));
        return commandLine.parseArgs(args).subcommand().commandSpec().userObject();
    }

    private static JsonNode json(String text) throws IOException {
        return Documents.json().readTree(text);
    }

    @Test
    void deploy_memoryAndCpu_setTheSpecsLimits() throws IOException {
        Path code = Files.writeString(dir.resolve("hello.py"), "x = 1\n");

        FunctionSpec spec = ((DeployCommand) parse("deploy", "hello", "--from-file", code.toString(),
                "--memory", "256Mi", "--cpu", "500m")).function().spec();

        assertThat(spec.resources()).isEqualTo(new ResourceRequirements(null, Map.of("memory", "256Mi", "cpu", "500m")));
    }

    @Test
    void deploy_documentsResources_areKept_andTheFlagsOverrideItsLimits() throws IOException {
        Path yaml = Files.writeString(dir.resolve("fn.yaml"), """
                metadata: {name: sized}
                spec:
                  runtime: python3
                  handler: a.handle
                  source: {filename: a.py, content: "A = 1"}
                  resources: {requests: {cpu: 100m}, limits: {memory: 128Mi, cpu: "1"}}
                """);

        FunctionSpec kept = ((DeployCommand) parse("deploy", "-f", yaml.toString())).function().spec();
        FunctionSpec overridden = ((DeployCommand) parse("deploy", "-f", yaml.toString(), "--memory", "1Gi")).function().spec();

        assertThat(kept.resources()).isEqualTo(new ResourceRequirements(Map.of("cpu", "100m"), Map.of("memory", "128Mi", "cpu", "1")));
        assertThat(overridden.resources()).isEqualTo(new ResourceRequirements(Map.of("cpu", "100m"), Map.of("memory", "1Gi", "cpu", "1")));
    }

    @Test
    void deploy_memoryWithoutAUnit_orCpuOfZero_isAUsageErrorSayingWhy() {
        CliRunner.Result bytes = CliRunner.run("deploy", "hello", "--memory", "256");
        CliRunner.Result none = CliRunner.run("deploy", "hello", "--cpu", "0");
        CliRunner.Result typo = CliRunner.run("deploy", "hello", "--memory", "256 MB");

        assertThat(bytes.status()).isEqualTo(2);
        assertThat(bytes.err()).contains("--memory", "'256' is 256 bytes, too little for any process: give a unit, e.g. 256Mi");
        assertThat(none.status()).isEqualTo(2);
        assertThat(none.err()).contains("--cpu", "'0' is no CPU at all");
        assertThat(typo.status()).isEqualTo(2);
        assertThat(typo.err()).contains("'256 MB' is not a quantity (e.g. 250m, 0.5, 128Mi)");
    }

    @Test
    void server_limitFlags_becomeItsLimitSettings_withSensibleDefaults() {
        assertThat(((ServerCommand) parse("server")).config().limits()).isEqualTo(LimitSettings.defaults())
                .isEqualTo(new LimitSettings(512 * MI, 4096 * MI, 0, 0, 1024));
        assertThat(((ServerCommand) parse("server", "--default-memory", "256Mi", "--max-memory", "1Gi", "--default-cpu", "500m",
                "--max-cpu", "2", "--max-pids", "100")).config().limits())
                .isEqualTo(new LimitSettings(256 * MI, 1024 * MI, 500, 2000, 100));
    }

    @Test
    void server_defaultAboveItsMaximum_orNegativePids_isAUsageError() {
        CliRunner.Result memory = CliRunner.run("server", "--default-memory", "8Gi");
        CliRunner.Result cpu = CliRunner.run("server", "--default-cpu", "2", "--max-cpu", "1");
        CliRunner.Result pids = CliRunner.run("server", "--max-pids", "-1");

        assertThat(memory.status()).isEqualTo(2);
        assertThat(memory.err()).contains("--default-memory 8Gi is above --max-memory 4Gi");
        assertThat(cpu.err()).contains("--default-cpu 2 is above --max-cpu 1");
        assertThat(pids.err()).contains("'--max-pids': -1 is negative");
    }

    @Test
    void describe_limitsLine_saysTheServedRevisionsLimitsAndTheirEnforcement() throws IOException {
        JsonNode revisions = json("""
                {"items": [
                  {"name": "f-00002", "limits": null},
                  {"name": "f-00001", "limits": {"memory": "256Mi", "cpu": "none", "pids": 1024,
                                                 "enforcement": "cgroup v1 (memory, cpu, pids)"}}]}""");

        assertThat(RevisionLimits.render(revisions)).contains("Limits: memory 256Mi, no CPU limit, 1024 processes per instance "
                + "(f-00001); enforced by cgroup v1 (memory, cpu, pids)\n");
        assertThat(RevisionLimits.render(json("{\"items\": []}"))).isEmpty();
    }
}
