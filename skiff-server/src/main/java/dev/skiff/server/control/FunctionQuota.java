package dev.skiff.server.control;

/**
 * Whether a namespace may hold one more function: asked by {@link FunctionService} before it makes
 * one, and held until the function is stored (or its deploy failed), so deploys at once in one
 * namespace cannot together pass its quota.
 */
public interface FunctionQuota {
    /** Room for one more function in {@code namespace}: 404 when there is no such namespace, 429 over its quota. */
    Reservation reserve(String namespace);

    /** Room held for one function being made; closing it gives the room back to the count of stored functions. */
    interface Reservation extends AutoCloseable {
        @Override
        void close();
    }
}
