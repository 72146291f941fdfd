package dev.skiff.server.api;

import dev.skiff.api.Function;
import dev.skiff.api.Namespaces;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Quote;
import dev.skiff.api.ValidationException;
import dev.skiff.server.errors.ErrorCode;
import dev.skiff.server.errors.SkiffException;
import io.vertx.ext.web.RoutingContext;

/**
 * The namespace of a request: {@code /api/v1/namespaces/NS/functions/...} is rerouted to
 * {@code /api/v1/functions/...} with {@code NS} kept here; any other path is the default namespace's.
 */
final class NamespacePaths {
    private static final String KEY = "skiff.namespace";

    private NamespacePaths() {}

    /** The request's namespace: the one its path named, else {@link Namespaces#DEFAULT}. */
    static String of(RoutingContext ctx) {
        String namespace = ctx.get(KEY);
        return namespace == null ? Namespaces.DEFAULT : namespace;
    }

    /**
     * The key of the {@code kind} named {@code name} in the request's namespace. A name holding a dot
     * is another namespace's key ({@code hello.team-b}), which no path of this namespace may reach:
     * 404 as for any name that is not there.
     */
    static String key(RoutingContext ctx, String name, String kind) {
        if (name != null && name.indexOf('.') >= 0) {
            throw new SkiffException(ErrorCode.NOT_FOUND, kind + " " + Quote.value(name) + " not found (a name has no "
                    + "dot; another namespace's are reached through /api/v1/namespaces/NS/...)");
        }
        return Namespaces.key(of(ctx), name);
    }

    /** {@code name} when it may name a {@code kind} of the request's namespace: 404 when it holds a dot, as {@link #key}. */
    static String name(RoutingContext ctx, String name, String kind) {
        key(ctx, name, kind);
        return name;
    }

    /** Records the namespace a {@code /api/v1/namespaces/NS/...} path named, before the request is rerouted. */
    static void set(RoutingContext ctx, String namespace) {
        ctx.put(KEY, namespace);
    }

    /**
     * {@code function} placed in {@code namespace}: a document naming no namespace takes the path's,
     * one naming another is refused (400).
     */
    static Function into(String namespace, Function function) {
        ObjectMeta meta = function.metadata() == null ? ObjectMeta.named(null) : function.metadata();
        if (meta.namespace() != null && !Namespaces.orDefault(meta.namespace()).equals(namespace)) {
            throw ValidationException.of("metadata.namespace", Quote.value(meta.namespace())
                    + " is not the namespace of the path (" + namespace + ")");
        }
        String kept = namespace.equals(Namespaces.DEFAULT) ? meta.namespace() : namespace;
        return function.withMetadata(new ObjectMeta(meta.name(), kept, meta.labels(), meta.annotations(),
                meta.generation(), meta.creationTimestamp()));
    }
}
