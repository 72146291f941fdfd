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
}
