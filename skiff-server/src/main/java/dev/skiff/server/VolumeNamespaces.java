package dev.skiff.server;

import dev.skiff.api.FieldError;
import dev.skiff.api.Function;
import dev.skiff.api.Namespaces;
import java.util.List;

/**
 * Volumes live in the default namespace only, so far: a function of another namespace may not
 * mount one (it would reach another team's files). Pure.
 */
final class VolumeNamespaces {
    private VolumeNamespaces() {}

    /** The refusal of {@code function}'s volume mounts when it is outside the default namespace; none otherwise. */
    static List<FieldError> check(Function function) {
        if (function.namespace().equals(Namespaces.DEFAULT) || function.spec().volumes() == null
                || function.spec().volumes().isEmpty()) {
            return List.of();
        }
        return List.of(new FieldError("spec.volumes", "volumes live in the default namespace only, so far: a function "
                + "of namespace " + function.namespace() + " cannot mount one"));
    }
}
