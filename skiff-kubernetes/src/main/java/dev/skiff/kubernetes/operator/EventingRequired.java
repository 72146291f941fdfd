package dev.skiff.kubernetes.operator;

import dev.skiff.kubernetes.translate.TranslationException;

/** The refusal of a Broker or Trigger on a cluster without Knative Eventing. */
final class EventingRequired {

    private EventingRequired() {}

    static TranslationException refusal(String kind) {
        return new TranslationException("KnativeEventingMissing", kind + "s need Knative Eventing, which this cluster "
                + "does not serve (install it, e.g. with 'kn quickstart', and restart the operator)");
    }
}
