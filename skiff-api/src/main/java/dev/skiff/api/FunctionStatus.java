package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What the platform observed of a function, shaped like a Knative Service's status.
 *
 * @param conditions the Ready condition and, later, others
 * @param url where the function answers
 * @param latestCreatedRevision the newest revision made from the spec
 * @param latestReadyRevision the newest revision that started and serves
 * @param observedGeneration the metadata generation this status describes
 * @param traffic the traffic table in force, every entry naming its revision, tagged ones with their URL
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FunctionStatus(
        List<Condition> conditions,
        String url,
        String latestCreatedRevision,
        String latestReadyRevision,
        Long observedGeneration,
        List<TrafficTarget> traffic) {

    /** True when the Ready condition is True. */
    @JsonIgnore
    public boolean isReady() {
        return conditions != null && conditions.stream().anyMatch(c -> Condition.READY.equals(c.type()) && c.isTrue());
    }
}
