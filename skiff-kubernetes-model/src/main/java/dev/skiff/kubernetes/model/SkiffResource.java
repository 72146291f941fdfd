package dev.skiff.kubernetes.model;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;

/**
 * What every Skiff custom resource shares: it lives in a namespace, and its spec and status are
 * records, built whole, so none is made up front.
 *
 * @param <S> the spec's type
 * @param <T> the status's type
 */
public abstract class SkiffResource<S, T> extends CustomResource<S, T> implements Namespaced {

    /** No spec until one is set or read. */
    @Override
    protected S initSpec() {
        return null;
    }

    /** No status until the operator writes one. */
    @Override
    protected T initStatus() {
        return null;
    }
}
