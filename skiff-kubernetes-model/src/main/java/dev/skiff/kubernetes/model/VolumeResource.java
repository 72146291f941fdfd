package dev.skiff.kubernetes.model;

import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** Skiff's {@code Volume} custom resource; see {@link VolumeSpec}. */
@Group(SkiffResources.GROUP)
@Version(SkiffResources.VERSION)
@Kind("Volume")
@Singular("volume")
@Plural("volumes")
public class VolumeResource extends SkiffResource<VolumeSpec, ResourceStatus> {}
