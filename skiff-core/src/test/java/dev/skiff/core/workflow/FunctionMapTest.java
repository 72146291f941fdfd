package dev.skiff.core.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.api.ValidationException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FunctionMapTest {
    private static final WorkflowDefinition MONTAGE = PegasusWorkflow.parse(WorkflowFixtures.text("montage.yml"));

    @Test
    void functionFor_mappedTransformation_usesTheMapping_otherwiseTheDefault() {
        FunctionMap map = FunctionMap.of("montage", List.of("mProject=montage-project", " mAdd = montage-add "));

        assertThat(map.functionFor("mProject")).contains("montage-project");
        assertThat(map.functionFor("mAdd")).contains("montage-add");
        assertThat(map.functionFor("mViewer")).contains("montage");
        assertThat(map.mappings()).isEqualTo(Map.of("mProject", "montage-project", "mAdd", "montage-add"));
    }

    @Test
    void functionFor_noMappingAndNoDefault_isEmpty() {
        assertThat(FunctionMap.of(null, List.of("mProject=p")).functionFor("mAdd")).isEmpty();
    }

    @Test
    void check_withDefault_acceptsEveryTransformation() {
        assertThatCode(() -> FunctionMap.of("montage", List.of()).check(MONTAGE)).doesNotThrowAnyException();
    }

    @Test
    void check_unmappedTransformationsWithoutDefault_namesThemAllInFileOrder() {
        FunctionMap map = FunctionMap.of(null, List.of("mProject=montage-project", "mDiffFit=montage-diff"));

        assertThatThrownBy(() -> map.check(MONTAGE))
                .isInstanceOf(ValidationException.class)
                .hasMessage("--map: no function runs the transformations 'mConcatFit', 'mBgModel', 'mBackground', "
                        + "'mImgtbl', 'mAdd', 'mViewer'; give --function FUNCTION for all, or --map TRANSFORMATION=FUNCTION for each");
    }

    @Test
    void of_malformedEntriesConflictsAndBadNames_areEachNamed() {
        assertThatThrownBy(() -> FunctionMap.of("Montage", List.of("mProject", "=f", "mAdd=a", "mAdd=b", "mViewer=Bad_Name")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("--function: 'Montage' is not a DNS-1123 label")
                .hasMessageContaining("--map: 'mProject' is not TRANSFORMATION=FUNCTION (e.g. mProject=montage-project)")
                .hasMessageContaining("--map: '=f' is not TRANSFORMATION=FUNCTION")
                .hasMessageContaining("--map: 'mAdd' is mapped to both 'a' and 'b'")
                .hasMessageContaining("--map mViewer: 'Bad_Name' is not a DNS-1123 label");
    }

    @Test
    void of_sameMappingTwice_isAccepted() {
        assertThat(FunctionMap.of(null, List.of("mAdd=a", "mAdd=a")).functionFor("mAdd")).contains("a");
    }
}
