package dev.skiff.server.activations;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The record of one invocation, as OpenWhisk keeps them.
 *
 * @param activationId its id ({@code X-Skiff-Activation-Id} for asynchronous calls)
 * @param function the function invoked
 * @param revision the revision that served it
 * @param start when the gateway took it (ISO-8601)
 * @param end when it was answered or failed
 * @param durationMillis from start to end
 * @param waitMillis how long it waited for an instance
 * @param coldStart whether it waited for an instance that started for it
 * @param initMillis with a cold start, the wait for that instance
 * @param status {@code success} (2xx), {@code application_error} (the function answered another status) or
 *     {@code platform_error} (no answer: timeout, crash, no instance)
 * @param statusCode the HTTP status
 * @param result the answer's body, cut at the size limit, or the platform's error
 * @param truncated whether the result was cut
 * @param logs the lines the revision wrote while it ran
 * @param trigger the trigger that delivered it, when one did
 * @param callback what became of an asynchronous call's callback, once known
 * @param instance the id of the instance that served it, when one did
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Activation(String activationId, String function, String revision, String start, String end,
                         double durationMillis, double waitMillis, boolean coldStart, Double initMillis, String status,
                         int statusCode, String result, boolean truncated, List<String> logs, String trigger,
                         CallbackOutcome callback, String instance) {
    /** A record without a callback's outcome or an instance. */
    public Activation(String activationId, String function, String revision, String start, String end,
                      double durationMillis, double waitMillis, boolean coldStart, Double initMillis, String status,
                      int statusCode, String result, boolean truncated, List<String> logs, String trigger) {
        this(activationId, function, revision, start, end, durationMillis, waitMillis, coldStart, initMillis, status,
                statusCode, result, truncated, logs, trigger, null, null);
    }
}
