package dev.skiff.kubernetes.model;

import dev.skiff.api.FunctionSpec;
import dev.skiff.api.FunctionStatus;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** Skiff's {@code Function} custom resource: its spec and status are the embedded mode's, unchanged. */
@Group(SkiffResources.GROUP)
@Version(SkiffResources.VERSION)
@Kind("Function")
@Singular("function")
@Plural("functions")
@ShortNames("fn")
public class FunctionResource extends SkiffResource<FunctionSpec, FunctionStatus> {}
