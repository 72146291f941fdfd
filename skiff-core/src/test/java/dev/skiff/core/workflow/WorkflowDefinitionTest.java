package dev.skiff.core.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.api.ValidationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkflowDefinitionTest {
    @Test
    void new_childNamedTwice_countsOnceAndEmptyListsAreDropped() {
        Map<String, List<String>> edges = new LinkedHashMap<>();
        edges.put("a", List.of("b", "b"));
        edges.put("b", List.of());

        WorkflowDefinition workflow = WorkflowFixtures.workflow(List.of("a", "b"), edges);

        assertThat(workflow.edges()).containsOnlyKeys("a");
        assertThat(workflow.children("a")).containsExactly("b");
        assertThat(workflow.children("b")).isEmpty();
    }

    @Test
    void new_noJobs_isRefused() {
        assertThatThrownBy(() -> WorkflowFixtures.workflow(List.of(), Map.of()))
                .isInstanceOf(ValidationException.class)
                .hasMessage("jobs: a workflow needs at least one job");
    }

    @Test
    void new_edgeToUnknownJob_namesIt() {
        assertThatThrownBy(() -> WorkflowFixtures.workflow(List.of("a"), Map.of("a", List.of("z"))))
                .isInstanceOf(ValidationException.class)
                .hasMessage("dependencies: no job 'z', a child of 'a'");
    }

    @Test
    void new_jobThatDependsOnItself_isACycle() {
        assertThatThrownBy(() -> WorkflowFixtures.workflow(List.of("a"), Map.of("a", List.of("a"))))
                .isInstanceOf(ValidationException.class)
                .hasMessage("dependencies: the jobs 'a' → 'a' form a cycle");
    }

    @Test
    void new_blankTransformationAndDuplicateId_areNamed() {
        List<JobSpec> jobs = List.of(WorkflowFixtures.job("a", " "), WorkflowFixtures.job("a", "t"));

        assertThatThrownBy(() -> new WorkflowDefinition("w", jobs, Map.of()))
                .isInstanceOf(ValidationException.class)
                .hasMessage("jobs[0]: job 'a' names no transformation; jobs[1].id: 'a' is also the ID of jobs[0]");
    }

    @Test
    void new_tenThousandDeepChainClosedIntoACycle_isReportedWithoutRecursion() {
        List<String> ids = new ArrayList<>();
        Map<String, List<String>> edges = new LinkedHashMap<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add("j" + i);
            edges.put("j" + i, List.of("j" + ((i + 1) % 10_000)));
        }

        assertThatThrownBy(() -> WorkflowFixtures.workflow(ids, edges))
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("dependencies: the jobs 'j")
                .hasMessageEndingWith("form a cycle");
    }
}
