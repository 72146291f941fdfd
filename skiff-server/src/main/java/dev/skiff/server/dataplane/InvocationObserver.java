package dev.skiff.server.dataplane;

import io.vertx.core.buffer.Buffer;

/**
 * Told of every invocation the {@link FunctionInvoker} finished, so that records of them (activations,
 * metrics) are kept without the gateway knowing how. Called on the event loop: an observer must not block.
 */
@FunctionalInterface
public interface InvocationObserver {
    /** An observer that records nothing. */
    InvocationObserver NONE = call -> { };

    /** One invocation has finished, answered or failed. */
    void completed(Completed call);

    /** An observer telling {@code first}, then {@code second}. */
    static InvocationObserver both(InvocationObserver first, InvocationObserver second) {
        return call -> {
            first.completed(call);
            second.completed(call);
        };
    }

    /**
     * A finished invocation.
     *
     * @param function the function invoked
     * @param revision the revision that served it, or the one it waited for
     * @param invocation the request
     * @param startMillis when the gateway took it (epoch milliseconds)
     * @param waitNanos how long it waited for an instance
     * @param totalNanos from the start to the answer or failure
     * @param coldStart whether it waited for an instance that started after it arrived
     * @param status the answer's HTTP status (the error's, on failure)
     * @param body the answer's body, or null on failure
     * @param failure why it failed, or null when the function answered
     * @param instance the id of the instance it was sent to, or null when it got none
     */
    record Completed(String function, String revision, Invocation invocation, long startMillis, long waitNanos,
                     long totalNanos, boolean coldStart, int status, Buffer body, Throwable failure, String instance) {}
}
