package dev.skiff.kubernetes.model;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** Skiff's {@code Trigger} custom resource; see {@link TriggerSpec}. */
@Group(SkiffResources.GROUP)
@Version(SkiffResources.VERSION)
@Kind("Trigger")
@Singular("trigger")
@Plural("triggers")
public class TriggerResource extends CustomResource<TriggerSpec, ResourceStatus> implements Namespaced {

    /** The spec and status are records, built whole: none is made up front. */
    @Override
    protected TriggerSpec initSpec() {
        return null;
    }

    @Override
    protected ResourceStatus initStatus() {
        return null;
    }
}
