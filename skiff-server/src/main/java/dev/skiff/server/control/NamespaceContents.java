package dev.skiff.server.control;

import java.util.List;

/**
 * What a namespace holds besides its functions and volumes (its brokers, topics, triggers and cron
 * triggers): asked by {@link NamespaceService} before it deletes a namespace, and removed by a forced delete.
 */
public interface NamespaceContents {
    /** What {@code namespace} holds, each as its kind and name ({@code trigger orders}). */
    List<String> held(String namespace);

    /** Deletes all of it. */
    void deleteAll(String namespace);
}
