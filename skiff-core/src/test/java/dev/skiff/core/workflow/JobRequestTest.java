package dev.skiff.core.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.api.Documents;
import dev.skiff.api.ValidationException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobRequestTest {
    private static final JobSpec PROJECT = new JobSpec("ID0000001", "mProject",
            List.of("-X", "in.fits", "p.fits", "region.hdr"), List.of("in.fits", "region.hdr"), List.of("p.fits", "p_area.fits"));

    @Test
    void body_isTheWorkerContractsJobFormatKeyedByJobId() throws Exception {
        ObjectNode body = JobRequest.body(PROJECT, "run00001", "/mnt/data/montage-data/2MASS-J-D1");

        assertThat(body).isEqualTo(Documents.json().readTree("""
                {"ID0000001": {"name": "mProject", "runid": "run00001", "rundir": "/mnt/data/montage-data/2MASS-J-D1",
                               "command": "mProject", "arguments": ["-X", "in.fits", "p.fits", "region.hdr"],
                               "inputs": ["in.fits", "region.hdr"], "outputs": ["p.fits", "p_area.fits"]}}
                """));
    }

    @Test
    void body_fieldsInTheContractsOrder() {
        ObjectNode job = (ObjectNode) JobRequest.body(PROJECT, "r", "/d").get("ID0000001");

        assertThat(job.properties()).extracting(Map.Entry::getKey).containsExactly("name", "runid", "rundir", "command", "arguments", "inputs", "outputs");
    }

    @Test
    void body_blankRunIdOrRundir_isRefused() {
        assertThatThrownBy(() -> JobRequest.body(PROJECT, " ", "/d"))
                .isInstanceOf(ValidationException.class).hasMessage("runid: is required");
        assertThatThrownBy(() -> JobRequest.body(PROJECT, "r", null))
                .isInstanceOf(ValidationException.class).hasMessage("rundir: is required");
    }
}
