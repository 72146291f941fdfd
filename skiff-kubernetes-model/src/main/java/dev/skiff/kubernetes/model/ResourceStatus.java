package dev.skiff.kubernetes.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.skiff.api.Condition;
import java.util.List;

/**
 * The status of a {@code Broker}, {@code Trigger}, {@code CronTrigger} or {@code Volume}: the Ready
 * condition (with reason and message when it is False), the generation it describes, and an address.
 * When the operator runs the resource without some field it sets, because the cluster has nothing that
 * does what the field asks, a second condition says so: {@value #FIELDS_IGNORED}, status True,
 * reason {@value #NOT_SUPPORTED}, its message naming each such field and why
 * ({@code spec.delivery.maxInFlight: ...; ...}).
 *
 * @param conditions Ready, as Knative reports it, and {@value #FIELDS_IGNORED} when fields are ignored
 * @param observedGeneration the metadata generation this status describes
 * @param url a Broker's ingress address; null for the other kinds
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResourceStatus(List<Condition> conditions, Long observedGeneration, String url) {
    /** The condition type that names the fields the operator does not honour. */
    public static final String FIELDS_IGNORED = "FieldsIgnored";
    /** The reason of a {@value #FIELDS_IGNORED} condition. */
    public static final String NOT_SUPPORTED = "NotSupportedOnKubernetes";

    /** True when the Ready condition is True. */
    @JsonIgnore
    public boolean isReady() {
        return conditions != null && conditions.stream().anyMatch(c -> Condition.READY.equals(c.type()) && c.isTrue());
    }
}
