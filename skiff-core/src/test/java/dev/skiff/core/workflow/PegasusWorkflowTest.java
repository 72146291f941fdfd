package dev.skiff.core.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.skiff.api.MalformedDocumentException;
import dev.skiff.api.ValidationException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PegasusWorkflowTest {
    private static final String MONTAGE_YAML = WorkflowFixtures.text("montage.yml");

    @Test
    void parse_montageYaml_readsJobsInFileOrderWithTheirArgumentsAndFiles() {
        WorkflowDefinition workflow = PegasusWorkflow.parse(MONTAGE_YAML);

        assertThat(workflow.name()).isEqualTo("montage");
        assertThat(workflow.jobs()).extracting(JobSpec::id).containsExactly("ID0000001", "ID0000002", "ID0000003",
                "ID0000004", "ID0000005", "ID0000006", "ID0000007", "ID0000008", "ID0000009", "ID0000010");
        assertThat(workflow.jobs()).extracting(JobSpec::transformation).containsExactly("mProject", "mProject",
                "mDiffFit", "mConcatFit", "mBgModel", "mBackground", "mBackground", "mImgtbl", "mAdd", "mViewer");
        assertThat(workflow.jobs().get(0)).isEqualTo(new JobSpec("ID0000001", "mProject",
                List.of("-X", "2mass-atlas-1.fits", "p2mass-atlas-1.fits", "region-oversized.hdr"),
                List.of("2mass-atlas-1.fits", "region-oversized.hdr"),
                List.of("p2mass-atlas-1.fits", "p2mass-atlas-1_area.fits")));
    }

    @Test
    void parse_argumentsOfNumbersAndFiles_areTheirText() {
        WorkflowDefinition workflow = PegasusWorkflow.parse(MONTAGE_YAML);

        assertThat(workflow.jobs().get(4).arguments()).containsExactly("-i", "100000", "1-images.tbl", "1-fits.tbl",
                "1-corrections.tbl");
        assertThat(workflow.jobs().get(9).arguments()).containsExactly("-ct", "1", "-gray", "1-mosaic.fits", "-1s", "max",
                "gaussian", "-png", "1-mosaic.png");
    }

    @Test
    void parse_checkpointAndOptionalFiles_areNeitherInputsNorOutputs() {
        WorkflowDefinition workflow = PegasusWorkflow.parse(MONTAGE_YAML);

        JobSpec add = workflow.jobs().get(8);
        assertThat(add.outputs()).containsExactly("1-mosaic.fits", "1-mosaic_area.fits");
        assertThat(add.inputs()).doesNotContain("1-mosaic.ckpt");
        assertThat(workflow.jobs().get(9).inputs()).containsExactly("1-mosaic.fits");
    }

    @Test
    void parse_dependencies_areTheListedOnesAndThoseInferredFromFiles() {
        WorkflowDefinition workflow = PegasusWorkflow.parse(MONTAGE_YAML);

        assertThat(workflow.edges()).containsExactly(
                entry("ID0000001", List.of("ID0000003", "ID0000006")),
                entry("ID0000002", List.of("ID0000003", "ID0000007")),
                entry("ID0000003", List.of("ID0000004")),
                entry("ID0000004", List.of("ID0000005")),
                entry("ID0000005", List.of("ID0000006", "ID0000007")),
                entry("ID0000006", List.of("ID0000008", "ID0000009")),
                entry("ID0000007", List.of("ID0000008", "ID0000009")),
                entry("ID0000008", List.of("ID0000009")),
                entry("ID0000009", List.of("ID0000010")));
    }

    @Test
    void parse_sameWorkflowAsJson_readsTheSame() {
        assertThat(PegasusWorkflow.parse(WorkflowFixtures.text("montage.json"))).isEqualTo(PegasusWorkflow.parse(MONTAGE_YAML));
    }

    @Test
    void parse_unknownKeysAnywhere_areIgnored() {
        WorkflowDefinition workflow = PegasusWorkflow.parse("""
                pegasus: "5.0"
                x-pegasus: {apiLang: python}
                name: small
                anotherTool: {settings: [1, 2]}
                jobs:
                  - {id: a, name: t, type: job, arguments: [], uses: [{lfn: f, type: output, stageOut: true, size: "10",
                     registerReplica: false, x-size: 3}], profiles: {env: {A: "1"}}, hooks: {}, somethingNew: true}
                  - {id: b, name: t, arguments: [], uses: [{lfn: f, type: input}]}
                jobDependencies: []
                """);

        assertThat(workflow.jobs()).hasSize(2);
        assertThat(workflow.edges()).containsExactly(entry("a", List.of("b")));
    }

    @Test
    void parse_fileWrittenByTheJobThatReadsIt_addsNoDependencyOnItself() {
        WorkflowDefinition workflow = PegasusWorkflow.parse("""
                jobs:
                  - {id: a, name: t, uses: [{lfn: f, type: input}, {lfn: f, type: output}]}
                """);

        assertThat(workflow.edges()).isEmpty();
    }

    @Test
    void parse_twoThousandJobs_inferDependenciesThroughAnIndexOfOutputs() {
        StringBuilder text = new StringBuilder("{\"name\": \"big\", \"jobs\": [");
        for (int i = 0; i < 2000; i++) {
            text.append(i == 0 ? "" : ",").append("{\"id\": \"j").append(i).append("\", \"name\": \"mProject\", ")
                    .append("\"arguments\": [\"-X\"], \"uses\": [{\"lfn\": \"in").append(i).append("\", \"type\": \"input\"}, ")
                    .append("{\"lfn\": \"out").append(i).append("\", \"type\": \"output\"}")
                    .append(i == 0 ? "" : ", {\"lfn\": \"out" + (i - 1) + "\", \"type\": \"input\"}")
                    .append("]}");
        }
        text.append("]}");

        WorkflowDefinition workflow = PegasusWorkflow.parse(text.toString());

        assertThat(workflow.jobs()).hasSize(2000);
        assertThat(workflow.edges()).hasSize(1999);
        assertThat(workflow.children("j1998")).containsExactly("j1999");
    }

    @Test
    void parse_duplicateId_namesBothJobs() {
        assertThatThrownBy(() -> PegasusWorkflow.parse("""
                jobs:
                  - {id: a, name: t}
                  - {id: a, name: u}
                """))
                .isInstanceOf(ValidationException.class)
                .hasMessage("jobs[1].id: 'a' is also the ID of jobs[0]");
    }

    @Test
    void parse_dependencyOnMissingJob_namesTheEntryAndTheId() {
        assertThatThrownBy(() -> PegasusWorkflow.parse("""
                jobs:
                  - {id: a, name: t}
                jobDependencies:
                  - {id: a, children: [b]}
                  - {id: c, children: [a]}
                """))
                .isInstanceOf(ValidationException.class)
                .hasMessage("jobDependencies[0].children[0]: no job has the ID 'b' (a child of 'a'); "
                        + "jobDependencies[1].id: no job has the ID 'c'");
    }

    @Test
    void parse_cycle_namesItsJobsInOrder() {
        assertThatThrownBy(() -> PegasusWorkflow.parse("""
                jobs:
                  - {id: a, name: t}
                  - {id: b, name: t}
                  - {id: c, name: t}
                  - {id: d, name: t}
                jobDependencies:
                  - {id: a, children: [b]}
                  - {id: b, children: [c]}
                  - {id: c, children: [d, a]}
                """))
                .isInstanceOf(ValidationException.class)
                .hasMessage("dependencies: the jobs 'a' → 'b' → 'c' → 'a' form a cycle");
    }

    @Test
    void parse_cycleThroughFiles_isFoundToo() {
        assertThatThrownBy(() -> PegasusWorkflow.parse("""
                jobs:
                  - {id: a, name: t, uses: [{lfn: x, type: input}, {lfn: y, type: output}]}
                  - {id: b, name: t, uses: [{lfn: y, type: input}, {lfn: x, type: output}]}
                """))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("form a cycle");
    }

    @Test
    void parse_noJobs_saysAWorkflowNeedsOne() {
        assertThatThrownBy(() -> PegasusWorkflow.parse("name: empty\njobs: []\n"))
                .isInstanceOf(ValidationException.class)
                .hasMessage("jobs: a workflow needs at least one job");
    }

    @Test
    void parse_jobWithoutName_namesTheJob() {
        assertThatThrownBy(() -> PegasusWorkflow.parse("jobs:\n  - {id: ID0000001, arguments: []}\n"))
                .isInstanceOf(ValidationException.class)
                .hasMessage("jobs[0].name: is required: the transformation job 'ID0000001' runs");
    }

    @Test
    void parse_badShapes_namesEachField() {
        assertThatThrownBy(() -> PegasusWorkflow.parse("""
                jobs:
                  - {id: a, name: t, arguments: "-X in.fits", uses: [{lfn: f, type: sideways}, {type: input}]}
                  - {id: b, name: [t], arguments: [[nested]]}
                  - {id: c, type: dax, file: sub.yml}
                """))
                .isInstanceOf(ValidationException.class)
                .hasMessage("jobs[0].arguments: must be a list, found '-X in.fits'; "
                        + "jobs[0].uses[0].type: 'sideways' is not one of input, output, inout, checkpoint, none; "
                        + "jobs[0].uses[1].lfn: is required: the file's name; "
                        + "jobs[1].name: must be a string, found a list; "
                        + "jobs[1].arguments[0]: must be a string, a number or a file (a mapping with lfn), found a list; "
                        + "jobs[2].type: job 'c' is a sub-workflow (dax); Skiff runs jobs of type job only; "
                        + "jobs[2].name: is required: the transformation job 'c' runs");
    }

    @Test
    void parse_badYaml_saysWhereInTheWorkflowFile() {
        assertThatThrownBy(() -> PegasusWorkflow.parse("jobs:\n  - id: a\n   name: t\n"))
                .isInstanceOf(MalformedDocumentException.class)
                .hasMessageStartingWith("the workflow file is not valid YAML (line 3, column 4)");
    }

    @Test
    void parse_notAMapping_saysWhatAWorkflowIs() {
        assertThatThrownBy(() -> PegasusWorkflow.parse("- a\n- b\n"))
                .isInstanceOf(ValidationException.class)
                .hasMessage("workflow: must be a mapping with name, jobs and jobDependencies, found a list");
    }

    @Test
    void parse_manyBadJobs_showsTheFirstTwentyAndCountsTheRest() {
        StringBuilder text = new StringBuilder("jobs:\n");
        for (int i = 0; i < 30; i++) {
            text.append("  - {id: j").append(i).append("}\n");
        }

        assertThatThrownBy(() -> PegasusWorkflow.parse(text.toString()))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).errors()).hasSize(21))
                .hasMessageEndingWith("…: 10 more problems not shown");
    }
}
