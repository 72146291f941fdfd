package dev.skiff.kubernetes.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.skiff.api.Condition;
import java.util.List;

/**
 * The status of a {@code Broker}, {@code Trigger}, {@code CronTrigger} or {@code Volume}: the Ready
 * condition (with reason and message when it is False), the generation it describes, and an address.
 *
 * @param conditions Ready, as Knative reports it
 * @param observedGeneration the metadata generation this status describes
 * @param url a Broker's ingress address; null for the other kinds
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResourceStatus(List<Condition> conditions, Long observedGeneration, String url) {

    /** True when the Ready condition is True. */
    @JsonIgnore
    public boolean isReady() {
        return conditions != null && conditions.stream().anyMatch(c -> Condition.READY.equals(c.type()) && c.isTrue());
    }
}
