package dev.skiff.server.activations;

/** A callback URL the server will not call, with a message saying why and what would do. */
final class CallbackRefused extends Exception {
    private static final long serialVersionUID = 1L;

    /** A refusal saying {@code why}. */
    CallbackRefused(String why) {
        super(why, null, false, false);
    }
}
