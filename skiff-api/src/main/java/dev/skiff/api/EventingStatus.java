package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What the server observed of a broker, topic, trigger or cron trigger.
 *
 * @param conditions the Ready condition
 * @param address where events are sent (brokers and topics)
 * @param lastTick the last tick a cron trigger fired (ISO-8601 instant)
 * @param nextTick the next tick a cron trigger fires
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventingStatus(List<Condition> conditions, String address, String lastTick, String nextTick) {

    /** A Ready status with an address. */
    public static EventingStatus ready(String address, String at) {
        return new EventingStatus(List.of(Condition.ready(at)), address, null, null);
    }
}
