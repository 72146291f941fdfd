package dev.skiff.server.workflows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletableFuture;

/** How the engine invokes the function of a job: a JSON POST, answered once, never failing. */
public interface JobCaller {
    /**
     * POSTs {@code body} to the function keyed {@code functionKey}, recorded as the activation {@code activationId}.
     *
     * @return the answer; a call that got none completes with status 0 and an {@code error}
     */
    CompletableFuture<JobAnswer> call(String functionKey, ObjectNode body, String activationId);

    /** A fresh activation id for a job's attempt. */
    String newActivationId();

    /**
     * The function's answer.
     *
     * @param status the HTTP status, the gateway's error status, or 0 for no answer
     * @param body the answer's body as text
     * @param error why there was no answer of the function, null when it answered
     * @param revision the revision that served the call, null when unknown
     * @param instance the instance that served the call, null when unknown
     */
    record JobAnswer(int status, String body, String error, String revision, String instance) {}
}
