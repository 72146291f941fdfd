package dev.skiff.api;

/** What brokers, topics, triggers and cron triggers share: they are Kubernetes-shaped resources. */
public interface EventingResource {
    /** {@code skiff.dev/v1alpha1}. */
    String apiVersion();

    /** The resource's kind. */
    String kind();

    /** Its metadata. */
    ObjectMeta metadata();

    /** Its name, or null when the metadata is missing. */
    default String name() {
        return metadata() == null ? null : metadata().name();
    }
}
