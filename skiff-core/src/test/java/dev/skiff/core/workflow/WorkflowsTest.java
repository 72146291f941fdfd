package dev.skiff.core.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.api.MalformedDocumentException;
import dev.skiff.api.ValidationException;
import org.junit.jupiter.api.Test;

class WorkflowsTest {
    @Test
    void parse_topLevelJobs_isPegasus() {
        assertThat(Workflows.parse(WorkflowFixtures.text("montage.yml")))
                .isEqualTo(PegasusWorkflow.parse(WorkflowFixtures.text("montage.yml")));
    }

    @Test
    void parse_topLevelWorkflowObject_isWfFormat() {
        assertThat(Workflows.parse(WorkflowFixtures.text("montage-wfformat-1.5.json")).jobs()).hasSize(6);
        assertThat(Workflows.parse(WorkflowFixtures.text("montage-wfformat-1.4.json")).jobs()).hasSize(4);
    }

    @Test
    void parse_neither_saysWhatEachFormatNeeds() {
        assertThatThrownBy(() -> Workflows.parse("name: x\nsteps: []\n"))
                .isInstanceOf(ValidationException.class)
                .hasMessage("workflow: not a Pegasus 5 workflow (no jobs) nor a WfFormat instance (no workflow.specification)");
        assertThatThrownBy(() -> Workflows.parse("just text"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("not a Pegasus 5 workflow");
    }

    @Test
    void parse_empty_saysTheFileIsEmpty() {
        assertThatThrownBy(() -> Workflows.parse("  \n"))
                .isInstanceOf(MalformedDocumentException.class)
                .hasMessage("the workflow file is empty; expected a JSON or YAML document");
    }

    @Test
    void parse_yamlOverItsLimit_saysToWriteItAsJson() {
        String big = "jobs:\n" + "  - {id: j, name: t, arguments: [" + "x, ".repeat(1_100_000) + "x]}\n";

        assertThatThrownBy(() -> Workflows.parse(big))
                .isInstanceOf(MalformedDocumentException.class)
                .hasMessageStartingWith("the workflow file is not valid YAML")
                .hasMessageEndingWith("send a larger one as JSON");
    }
}
