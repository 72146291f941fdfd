package dev.skiff.kubernetes.operator;

import dev.skiff.kubernetes.translate.TranslationException;

/** The refusal of a Broker or Trigger on a cluster without Knative Eventing. */
final class EventingRequired {

    private EventingRequired() {}

    /** Throws the refusal of a {@code kind} unless the cluster serves Knative Eventing. */
    static void check(ClusterCapabilities cluster, String kind) {
        if (!cluster.knativeEventing()) {
            throw new TranslationException("KnativeEventingMissing", kind + "s need Knative Eventing, which this cluster "
                    + "does not serve (install it, e.g. with 'kn quickstart', and restart the operator)");
        }
    }
}
