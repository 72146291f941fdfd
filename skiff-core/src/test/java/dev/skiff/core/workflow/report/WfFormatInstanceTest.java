package dev.skiff.core.workflow.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skiff.testkit.schema.WfFormatSchema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WfFormatInstanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = ReportFixtures.T0.plusSeconds(60);

    @Test
    void diamond_isAValidInstance_withParentsChildrenAndFiles() throws Exception {
        JsonNode instance = export(ReportFixtures.diamond(), new WfFormatInstance.Author("Ada", "ada@example.org"));

        assertThat(WfFormatSchema.errors(instance)).isEmpty();
        assertThat(instance.get("schemaVersion").asText()).isEqualTo("1.5");
        assertThat(instance.at("/author/email").asText()).isEqualTo("ada@example.org");
        JsonNode tasks = instance.at("/workflow/specification/tasks");
        assertThat(tasks).hasSize(4);
        assertThat(tasks.get(0).get("children").toString()).isEqualTo("[\"ID0000002\",\"ID0000003\"]");
        assertThat(tasks.get(3).get("parents").toString()).isEqualTo("[\"ID0000002\",\"ID0000003\"]");
        assertThat(tasks.get(3).get("name").asText()).isEqualTo("analyze");
        assertThat(instance.at("/workflow/specification/files").findValuesAsText("id"))
                .containsExactly("f.a", "f.b1", "f.b2", "f.c1", "f.c2", "f.d");
        assertThat(instance.at("/workflow/specification/files/0/sizeInBytes").asInt()).isZero();
    }

    @Test
    void execution_startedTasksOnly_runtimeFromTimes_machinesFromLanes() throws Exception {
        JsonNode execution = export(ReportFixtures.diamond(), null).at("/workflow/execution");

        assertThat(execution.get("makespanInSeconds").asDouble()).isEqualTo(40.0);
        assertThat(execution.get("executedAt").asText()).isEqualTo("2026-12-08T10:00:00Z");
        assertThat(execution.get("tasks").findValuesAsText("id")).containsExactly("ID0000001", "ID0000002", "ID0000003");
        assertThat(execution.at("/tasks/1/runtimeInSeconds").asDouble()).isEqualTo(20.0);
        assertThat(execution.at("/tasks/0/machine").asText()).isEqualTo("i-1");
        assertThat(execution.at("/tasks/2/machine").isMissingNode()).isTrue();
        assertThat(execution.at("/tasks/0/command/program").asText()).isEqualTo("preprocess");
        assertThat(execution.get("machines").findValuesAsText("nodeName")).containsExactly("i-1", "h-2");
    }

    @Test
    void runtime_isTheRecordsCommandTime_whenItHasOne() throws Exception {
        ReportJob job = ReportFixtures.job("a", "t", "succeeded", 1, 0, 10, null,
                ReportFixtures.record("Command Time", "2024-09-03T17:00:26.5", "OutputIO Time", "2024-09-03T17:00:28"),
                List.of(), List.of(), List.of());

        JsonNode instance = export(new RunReport("w", "Succeeded", null, null, List.of(job)), null);

        assertThat(instance.at("/workflow/execution/tasks/0/runtimeInSeconds").asDouble()).isEqualTo(1.5);
        assertThat(WfFormatSchema.errors(instance)).isEmpty();
    }

    @Test
    void aRunWithNothingStarted_hasNoExecution_andIsValid() throws Exception {
        JsonNode instance = export(new RunReport("w", "Running", null, null,
                List.of(ReportFixtures.waiting("a", "t", List.of()))), null);

        assertThat(instance.at("/workflow/execution").isMissingNode()).isTrue();
        assertThat(WfFormatSchema.errors(instance)).isEmpty();
    }

    @Test
    void theSchema_refusesWhatWfFormatRefuses() throws Exception {
        JsonNode instance = export(ReportFixtures.diamond(), null);
        ((com.fasterxml.jackson.databind.node.ObjectNode) instance).put("schemaVersion", "1.4");
        ((com.fasterxml.jackson.databind.node.ObjectNode) instance.at("/workflow/specification/tasks/1"))
                .putArray("parents").add("not an id!");

        assertThat(WfFormatSchema.errors(instance)).hasSize(2);
    }

    @Test
    void idsWfFormatRefuses_areNamed_notExported() {
        assertThatThrownBy(() -> WfFormatInstance.of(ReportFixtures.hostile("<a b>"), null, NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("<a b>");
    }

    @Test
    void aHostname_thatIsNoHostname_isNotAMachine() throws Exception {
        JsonNode instance = export(ReportFixtures.hostile("x"), null);
        ReportJob job = ReportFixtures.job("a", "t", "succeeded", 1, 0, 1, null,
                ReportFixtures.record("Hostname", "evil host;"), List.of(), List.of(), List.of());

        JsonNode evil = export(new RunReport("w", "Succeeded", null, null, List.of(job)), null);

        assertThat(instance.at("/workflow/execution/machines/0/nodeName").asText()).isEqualTo("x");
        assertThat(evil.at("/workflow/execution/machines").isMissingNode()).isTrue();
        assertThat(WfFormatSchema.errors(evil)).isEmpty();
    }

    private static JsonNode export(RunReport run, WfFormatInstance.Author author) {
        Map<String, Object> instance = WfFormatInstance.of(run, author, NOW);
        return JSON.valueToTree(instance);
    }
}
