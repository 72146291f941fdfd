package dev.skiff.server.dataplane;

import java.util.List;

/**
 * Headers Skiff sets on the calls it makes itself, telling the gateway about the call; the front
 * removes them from every client's request, so no client can overwrite another call's record.
 */
public final class InternalHeaders {
    /** The activation a call is recorded as: an asynchronous call's id, given when it was accepted. */
    public static final String ACTIVATION_ID = "X-Skiff-Activation-Id";
    /** The trigger delivering an event. */
    public static final String TRIGGER = "X-Skiff-Trigger";
    /** Every internal header. */
    public static final List<String> ALL = List.of(ACTIVATION_ID, TRIGGER);

    private InternalHeaders() {}
}
