package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class RevisionCapsTest {
    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void render_aRevisionHeldBackByAQuota_namesItTheInstancesAndTheQuota() throws Exception {
        JsonNode revisions = json("""
                {"items": [
                  {"name": "f-00002", "status": {"ready": 1, "starting": 0, "desired": 3,
                                                 "capped": "namespace team-a runs 2 instance(s), its quota (maxInstances 2)"}},
                  {"name": "f-00001", "status": {"ready": 1, "starting": 0, "desired": 1, "capped": null}},
                  {"name": "f-00000", "status": null}]}""");

        assertThat(RevisionCaps.render(revisions)).contains("Capped: f-00002 runs 1 of the 3 instance(s) it wants: "
                + "namespace team-a runs 2 instance(s), its quota (maxInstances 2)\n");
    }

    @Test
    void render_noRevisionHeldBack_isEmpty() throws Exception {
        assertThat(RevisionCaps.render(json("{\"items\": [{\"name\": \"f-00001\", \"status\": {\"capped\": null}}]}"))).isEmpty();
        assertThat(RevisionCaps.render(json("{\"items\": []}"))).isEmpty();
    }
}
