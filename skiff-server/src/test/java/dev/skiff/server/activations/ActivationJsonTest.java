package dev.skiff.server.activations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Documents;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ActivationJsonTest {
    private final ActivationJson json = new ActivationJson();

    @Test
    void jacksonReadsBackAnEqualRecord() throws Exception {
        Activation full = new Activation("0123456789abcdef0123456789abcdef", "hello", "hello-00002",
                "2026-11-22T12:00:00.123Z", "2026-11-22T12:00:00.456Z", 333.25, 1.5, true, 1.5, "success", 200,
                "{\"ok\": \"quoted \\\\ back\\nslash\"}\t\u0001 zażółć 🚀", false,
                List.of("line one", "a \"quoted\" line", ""), "notify", null, "hello-00002-7f3a");
        Activation sparse = new Activation("ff", "f", "f-00001", "2026-11-22T12:00:01Z", "2026-11-22T12:00:02Z",
                0.0, 0.0, false, null, "platform_error", 504, "timeout", true, List.of(), null);

        for (Activation a : List.of(full, sparse)) {
            assertThat(Documents.json().readValue(json.write(a), Activation.class)).isEqualTo(a);
        }
    }

    @Test
    void leavesOutNullsAsJacksonDoes() throws Exception {
        Activation noLogs = new Activation("id", "f", "f-00001", "s", "e", 2.0004, 0.0, false, null, "success", 200,
                null, false, null, null);

        JsonNode written = Documents.json().readTree(json.write(noLogs));
        JsonNode jackson = Documents.json().readTree(Documents.json().writeValueAsString(noLogs));

        assertThat(written.properties()).map(e -> e.getKey())
                .containsExactlyElementsOf(jackson.properties().stream().map(e -> e.getKey()).toList());
        assertThat(written.get("durationMillis").asDouble()).isEqualTo(2.0);
    }

    @Test
    void writesInstantsAsInstantToStringDoesAtMillisecondPrecision() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            long millis = random.nextLong(-5_000_000_000L, 5_000_000_000_000L);
            String written = json.instant(millis);
            assertThat(Instant.parse(written).toEpochMilli()).as("%d written as %s", millis, written).isEqualTo(millis);
            if (millis % 1000 == 0 || millis % 10 != 0) {
                assertThat(written).isEqualTo(Instant.ofEpochMilli(millis).toString());
            }
        }
        assertThat(json.instant(1_000)).isEqualTo("1970-01-01T00:00:01Z");
        assertThat(json.instant(1_120)).isEqualTo("1970-01-01T00:00:01.120Z");
    }

    @Test
    void activationIdsAre32HexDigits_startingWithTheirMillisecond_soTheySortByTime() {
        String id = ActivationRecorder.newId();
        assertThat(id).matches("[0-9a-f]{32}").isNotEqualTo(ActivationRecorder.newId());

        long now = Instant.parse("2026-11-22T12:00:00.123Z").toEpochMilli();
        String earlier = ActivationRecorder.newId(now);
        String later = ActivationRecorder.newId(now + 1);
        assertThat(Long.parseLong(earlier.substring(0, 12), 16)).isEqualTo(now);
        assertThat(later).isGreaterThan(earlier).matches("[0-9a-f]{32}");
    }
}
