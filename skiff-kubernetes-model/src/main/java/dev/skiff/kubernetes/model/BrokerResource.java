package dev.skiff.kubernetes.model;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** Skiff's {@code Broker} custom resource; see {@link BrokerSpec}. */
@Group(SkiffResources.GROUP)
@Version(SkiffResources.VERSION)
@Kind("Broker")
@Singular("broker")
@Plural("brokers")
public class BrokerResource extends CustomResource<BrokerSpec, ResourceStatus> implements Namespaced {

    /** The spec and status are records, built whole: none is made up front. */
    @Override
    protected BrokerSpec initSpec() {
        return null;
    }

    @Override
    protected ResourceStatus initStatus() {
        return null;
    }
}
