package dev.skiff.kubernetes.operator;

import dev.skiff.api.FunctionSpec;
import dev.skiff.api.FunctionStatus;
import dev.skiff.kubernetes.model.FunctionResource;

/** What runs a function on this cluster: Knative Serving, or Deployments behind Skiff's gateway. */
interface FunctionWorkload {

    /**
     * Makes or updates the objects that run {@code function} with its admitted {@code spec}, and
     * reports what it observed of them.
     *
     * @throws dev.skiff.kubernetes.translate.TranslationException when the spec cannot be made into objects
     */
    FunctionStatus apply(FunctionResource function, FunctionSpec spec);

    /**
     * The kind of object whose changes tell how a function is doing (a revision's Deployment
     * becoming ready, Knative's status of its Service): the operator watches it and reconciles the
     * owning Function at once, instead of polling.
     */
    Class<? extends io.fabric8.kubernetes.api.model.HasMetadata> watched();
}
