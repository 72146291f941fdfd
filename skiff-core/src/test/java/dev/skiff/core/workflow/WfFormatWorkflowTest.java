package dev.skiff.core.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.skiff.api.ValidationException;
import java.util.List;
import org.junit.jupiter.api.Test;

class WfFormatWorkflowTest {
    @Test
    void parse_version15_readsTasksFromTheSpecificationAndCommandsFromTheExecution() {
        WorkflowDefinition workflow = WfFormatWorkflow.parse(WorkflowFixtures.text("montage-wfformat-1.5.json"));

        assertThat(workflow.name()).isEqualTo("montage-wfformat");
        assertThat(workflow.jobs()).extracting(JobSpec::id).containsExactly("mProject_00000001", "mProject_00000002",
                "mDiffFit_00000003", "mConcatFit_00000004", "mBgModel_00000005", "mAdd_00000006");
        assertThat(workflow.jobs().get(0)).isEqualTo(new JobSpec("mProject_00000001", "mProject",
                List.of("-X", "2mass-atlas-1.fits", "p2mass-atlas-1.fits", "region-oversized.hdr"),
                List.of("2mass-atlas-1.fits", "region-oversized.hdr"),
                List.of("p2mass-atlas-1.fits", "p2mass-atlas-1_area.fits")));
    }

    @Test
    void parse_version15_programFallsBackToTheCategoryThenTheTaskName() {
        WorkflowDefinition workflow = WfFormatWorkflow.parse(WorkflowFixtures.text("montage-wfformat-1.5.json"));

        assertThat(workflow.jobs().get(2).transformation()).isEqualTo("mDiffFit");
        assertThat(workflow.jobs().get(2).arguments()).isEmpty();
        assertThat(workflow.jobs().get(3).transformation()).isEqualTo("mConcatFit");
    }

    @Test
    void parse_version15_dependenciesAreParentsAndChildrenTogether() {
        WorkflowDefinition workflow = WfFormatWorkflow.parse(WorkflowFixtures.text("montage-wfformat-1.5.json"));

        assertThat(workflow.edges()).containsExactly(
                entry("mProject_00000001", List.of("mDiffFit_00000003", "mAdd_00000006")),
                entry("mProject_00000002", List.of("mDiffFit_00000003", "mAdd_00000006")),
                entry("mDiffFit_00000003", List.of("mConcatFit_00000004")),
                entry("mConcatFit_00000004", List.of("mBgModel_00000005")),
                entry("mBgModel_00000005", List.of("mAdd_00000006")));
    }

    @Test
    void parse_flatForm_takesTaskNamesAsIdsAndResolvesParentsByNameOrId() {
        WorkflowDefinition workflow = WfFormatWorkflow.parse(WorkflowFixtures.text("montage-wfformat-1.4.json"));

        assertThat(workflow.name()).isEqualTo("montage-flat");
        assertThat(workflow.jobs()).containsExactly(
                new JobSpec("mProject_00000001", "mProject",
                        List.of("-X", "2mass-atlas-1.fits", "p2mass-atlas-1.fits", "region-oversized.hdr"),
                        List.of("2mass-atlas-1.fits", "region-oversized.hdr"), List.of("p2mass-atlas-1.fits")),
                new JobSpec("mProject_00000002", "mProject", List.of(), List.of("2mass-atlas-2.fits"),
                        List.of("p2mass-atlas-2.fits")),
                new JobSpec("mDiffFit_00000003", "mDiffFit",
                        List.of("-d", "-s", "1-fit.000001.000002.txt", "p2mass-atlas-1.fits", "p2mass-atlas-2.fits"),
                        List.of("p2mass-atlas-1.fits", "p2mass-atlas-2.fits"), List.of("1-fit.000001.000002.txt")),
                new JobSpec("mConcatFit_00000004", "mConcatFit_00000004", List.of(), List.of("1-fit.000001.000002.txt"),
                        List.of("tables/1-fits.tbl")));
        assertThat(workflow.edges()).containsExactly(
                entry("mProject_00000001", List.of("mDiffFit_00000003")),
                entry("mProject_00000002", List.of("mDiffFit_00000003")),
                entry("mDiffFit_00000003", List.of("mConcatFit_00000004")));
    }

    @Test
    void parse_oldestFlatForm_readsWorkflowJobs() {
        WorkflowDefinition workflow = WfFormatWorkflow.parse("""
                {"name": "old", "schemaVersion": "1.1", "workflow": {"jobs": [
                  {"name": "a_1", "type": "compute", "arguments": ["-v"], "parents": [], "files": []},
                  {"name": "b_2", "type": "compute", "parents": ["a_1"], "files": []}]}}
                """);

        assertThat(workflow.jobs()).containsExactly(new JobSpec("a_1", "a_1", List.of("-v"), List.of(), List.of()),
                WorkflowFixtures.job("b_2", "b_2"));
        assertThat(workflow.children("a_1")).containsExactly("b_2");
    }

    @Test
    void parse_taskWithoutNameOrId_namesTheField() {
        assertThatThrownBy(() -> WfFormatWorkflow.parse("""
                {"workflow": {"specification": {"tasks": [{"id": "a", "parents": [], "children": []},
                                                          {"name": "b", "parents": [], "children": []}]}}}
                """))
                .isInstanceOf(ValidationException.class)
                .hasMessage("workflow.specification.tasks[0].name: is required; workflow.specification.tasks[1].id: is required");
    }

    @Test
    void parse_unknownParentAndDuplicateId_areNamed() {
        assertThatThrownBy(() -> WfFormatWorkflow.parse("""
                {"workflow": {"specification": {"tasks": [
                  {"name": "a", "id": "a", "parents": ["ghost"], "children": []},
                  {"name": "b", "id": "a", "parents": [], "children": []}]}}}
                """))
                .isInstanceOf(ValidationException.class)
                .hasMessage("workflow.specification.tasks[1].id: 'a' is also the ID of workflow.specification.tasks[0]; "
                        + "workflow.specification.tasks[0].parents[0]: no task 'ghost'");
    }

    @Test
    void parse_flatFormUnknownLink_isNamed() {
        assertThatThrownBy(() -> WfFormatWorkflow.parse("""
                {"workflow": {"tasks": [{"name": "a", "parents": [], "files": [{"link": "both", "name": "f"}]}]}}
                """))
                .isInstanceOf(ValidationException.class)
                .hasMessage("workflow.tasks[0].files[0].link: 'both' is not input or output");
    }

    @Test
    void parse_cycle_namesItsTasks() {
        assertThatThrownBy(() -> WfFormatWorkflow.parse("""
                {"workflow": {"specification": {"tasks": [
                  {"name": "a", "id": "a", "parents": ["b"], "children": []},
                  {"name": "b", "id": "b", "parents": ["a"], "children": []}]}}}
                """))
                .isInstanceOf(ValidationException.class)
                .hasMessage("dependencies: the jobs 'a' → 'b' → 'a' form a cycle");
    }

    @Test
    void parse_noTasks_saysWhereTheyGo() {
        assertThatThrownBy(() -> WfFormatWorkflow.parse("{\"workflow\": {\"execution\": {}}}"))
                .isInstanceOf(ValidationException.class)
                .hasMessage("workflow.specification: is required: WfFormat 1.5 lists the tasks in "
                        + "workflow.specification.tasks, older versions in workflow.tasks");
        assertThatThrownBy(() -> WfFormatWorkflow.parse("{\"workflow\": {\"specification\": {\"tasks\": []}}}"))
                .isInstanceOf(ValidationException.class)
                .hasMessage("workflow.specification.tasks: a workflow needs at least one task");
    }
}
