package dev.skiff.kubernetes.gateway;

/** What the gateway needs of a revision's workload: how many pods it asks for and has ready, and a way to change it. */
public interface Replicas {

    /** The replicas the revision asks for now, or -1 when it has no workload. */
    int wanted(String namespace, String revision);

    /** Its pods that are ready. */
    int ready(String namespace, String revision);

    /** Asks for {@code replicas} pods. */
    void scale(String namespace, String revision, int replicas);
}
