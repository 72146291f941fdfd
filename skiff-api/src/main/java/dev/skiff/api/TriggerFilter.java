package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One of a trigger's filters, as Knative's {@code filters} dialect: exactly one of the three maps,
 * each from an attribute or extension name to the value it must equal, start with or end with.
 *
 * @param exact attributes that must equal the value
 * @param prefix attributes that must start with the value
 * @param suffix attributes that must end with the value
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record TriggerFilter(Map<String, String> exact, Map<String, String> prefix, Map<String, String> suffix) {

    /** A filter requiring {@code attribute} to equal {@code value}. */
    public static TriggerFilter exact(String attribute, String value) {
        return new TriggerFilter(Map.of(attribute, value), null, null);
    }
}
