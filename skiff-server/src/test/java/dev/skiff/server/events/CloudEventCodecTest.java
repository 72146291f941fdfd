package dev.skiff.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Events are stored as structured JSON and read back by every trigger: whatever a caller posts (a
 * body its JSON content type does not describe, an empty one), what is stored must read back as the
 * same event, or the trigger reading it stops delivering for good.
 */
class CloudEventCodecTest {
    @ParameterizedTest
    @ValueSource(strings = {"not json", "", "{\"truncated\": ", "[1, 2]", "{\"ok\": true}", "\"text\""})
    void anyBodyWithAJsonContentType_isStoredSoThatItReadsBackUnchanged(String body) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("ce-specversion", "1.0").add("ce-id", "e1")
                .add("ce-type", "t").add("ce-source", "/s").add("Content-Type", "application/json");
        CloudEvent accepted = CloudEventCodec.fromHttp(headers, Buffer.buffer(body));

        CloudEvent stored = CloudEventCodec.fromJson(CloudEventCodec.toJson(accepted));

        assertThat(stored.getId()).isEqualTo("e1");
        byte[] data = stored.getData() == null ? new byte[0] : stored.getData().toBytes();
        assertThat(new String(data, StandardCharsets.UTF_8)).isEqualTo(body);
        assertThat(stored.getDataContentType()).isEqualTo("application/json");
    }
}
