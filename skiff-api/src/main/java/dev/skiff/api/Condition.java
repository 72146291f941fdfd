package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/** A status condition, as Knative reports them: {@code Ready=True}, or False with a reason and message. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Condition(String type, String status, String reason, String message, String lastTransitionTime) {

    /** The condition type every Skiff resource reports. */
    public static final String READY = "Ready";

    /** A Ready=True condition. */
    public static Condition ready(String at) {
        return new Condition(READY, "True", null, null, at);
    }

    /** A Ready=False condition with why. */
    public static Condition notReady(String reason, String message, String at) {
        return new Condition(READY, "False", reason, message, at);
    }

    /** True when this condition says True. */
    @JsonIgnore
    public boolean isTrue() {
        return "True".equals(status);
    }
}
