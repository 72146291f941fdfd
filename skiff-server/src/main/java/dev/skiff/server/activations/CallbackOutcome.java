package dev.skiff.server.activations;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What became of an asynchronous call's callback, as its activation record shows it.
 *
 * @param url where it was to go
 * @param outcome {@code delivered} (the receiver answered, with {@code statusCode}), {@code failed}
 *     (no answer; {@code message} says why) or {@code refused} (not sent: its host is not allowed)
 * @param statusCode the receiver's HTTP status, when delivered
 * @param message why it failed or was refused
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CallbackOutcome(String url, String outcome, Integer statusCode, String message) {
    /** The receiver answered with {@code status}. */
    static CallbackOutcome delivered(String url, int status) {
        return new CallbackOutcome(url, "delivered", status, null);
    }

    /** No answer came, for the reason {@code why}. */
    static CallbackOutcome failed(String url, String why) {
        return new CallbackOutcome(url, "failed", null, why);
    }

    /** Not sent, for the reason {@code why}. */
    static CallbackOutcome refused(String url, String why) {
        return new CallbackOutcome(url, "refused", null, why);
    }
}
