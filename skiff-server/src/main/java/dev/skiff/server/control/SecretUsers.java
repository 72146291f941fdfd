package dev.skiff.server.control;

import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Namespaces;
import dev.skiff.api.Revision;
import dev.skiff.api.SecretRef;
import dev.skiff.server.store.Store;
import java.util.List;

/** Which functions name a secret: their spec, or a revision they keep (a rollback would run it again). */
public final class SecretUsers {
    private SecretUsers() {}

    /** The names of the functions of the secret keyed {@code key}'s namespace that name it. */
    public static List<String> of(Store store, String key) {
        String namespace = Namespaces.namespaceOf(key);
        String name = Namespaces.nameOf(key);
        return store.functions().stream().filter(f -> f.namespace().equals(namespace))
                .filter(f -> names(f.spec(), name) || store.revisions(f.key()).stream().map(Revision::spec)
                        .anyMatch(spec -> names(spec, name)))
                .map(Function::name).sorted().toList();
    }

    /** True when {@code spec} names the secret {@code name}. */
    public static boolean names(FunctionSpec spec, String name) {
        return spec != null && spec.secrets() != null && spec.secrets().stream().map(SecretRef::name).anyMatch(name::equals);
    }
}
