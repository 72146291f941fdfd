package dev.skiff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.api.Documents;
import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.ScaleSpec;
import dev.skiff.api.TrafficTarget;
import dev.skiff.api.ValidationException;
import dev.skiff.kubernetes.model.FunctionResource;
import dev.skiff.kubernetes.model.FunctionResources;
import dev.skiff.runtimes.admission.FunctionAdmission;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The function commands against a cluster: Skiff's {@code Function} resources in one namespace, read
 * and written with the kubeconfig's credentials. A function is admitted here as the embedded server
 * and the operator admit it ({@link FunctionAdmission}) before it is submitted, so a bad spec is
 * refused at once rather than reported later in the resource's status; what is submitted is the
 * spec as written, which the operator defaults. What the operator reports in a Function's status is
 * what {@code list} and {@code describe} show.
 */
public final class ClusterFunctions implements FunctionStore {
    private final KubernetesClient client;
    private final String namespace;
    private final String where;
    private final FunctionAdmission admission = FunctionAdmission.builtIn();

    private ClusterFunctions(KubernetesClient client, String namespace, String where) {
        this.client = client;
        this.namespace = namespace;
        this.where = where;
    }

    /**
     * A client of the cluster {@code context} names in {@code kubeconfig} (null: $KUBECONFIG or
     * ~/.kube/config; null context: the current one), in {@code namespace} (null: the context's).
     */
    public static ClusterFunctions connect(Path kubeconfig, String context, String namespace) {
        Config config = config(kubeconfig, context, namespace);
        String ns = namespaceOf(config);
        String where = (context == null ? "the current context" : "context '" + context + "'") + ", namespace " + ns;
        return new ClusterFunctions(new KubernetesClientBuilder().withConfig(config).build(), ns, where);
    }

    /**
     * The client configuration of {@code kubeconfig} (or the usual places: $KUBECONFIG, ~/.kube/config,
     * a pod's service account) at {@code context}, with {@code namespace} when given.
     */
    static Config config(Path kubeconfig, String context, String namespace) {
        if (kubeconfig != null && !Files.isRegularFile(kubeconfig)) {
            throw new CliException("--kubeconfig " + kubeconfig + ": no such file");
        }
        Config config;
        try {
            config = kubeconfig == null ? Config.autoConfigure(context)
                    : Config.fromKubeconfig(context, Files.readString(kubeconfig), kubeconfig.toString());
        } catch (java.io.IOException | KubernetesClientException | IllegalArgumentException e) {
            throw new CliException("cannot read the kubeconfig" + (context == null ? "" : " for context '" + context + "'")
                    + ": " + e.getMessage(), e);
        }
        if (context != null && (config.getCurrentContext() == null || !context.equals(config.getCurrentContext().getName()))) {
            throw new CliException("the kubeconfig has no context '" + context + "'");
        }
        if (namespace != null) {
            config.setNamespace(namespace);
        }
        return config;
    }

    /** Where {@code config} points, for messages: {@code context 'kind', namespace team}. */
    static String where(Config config) {
        return (config.getCurrentContext() == null ? "the current context"
                : "context '" + config.getCurrentContext().getName() + "'") + ", namespace " + namespaceOf(config);
    }

    /** The configuration's namespace: the one given, the context's, the pod's, else default. */
    static String namespaceOf(Config config) {
        return config.getNamespace() == null ? "default" : config.getNamespace();
    }

    /** A client on {@code client} in {@code namespace} (tests). */
    static ClusterFunctions of(KubernetesClient client, String namespace) {
        return new ClusterFunctions(client, namespace, "namespace " + namespace);
    }

    private Resource<FunctionResource> resource(String name) {
        return client.resources(FunctionResource.class).inNamespace(namespace).withName(name);
    }

    @Override
    public JsonNode create(Function function) {
        admitted(function);
        return call(() -> {
            if (resource(function.name()).get() != null) {
                throw new ApiException(409, "AlreadyExists", "function '" + function.name() + "' already exists in " + where);
            }
            return json(client.resource(FunctionResources.toResource(function, namespace)).create());
        });
    }

    @Override
    public JsonNode replace(Function function) {
        admitted(function);
        return call(() -> json(resource(function.name()).edit(existing -> {
            existing.setSpec(function.spec());
            return existing;
        })));
    }

    /** Sets the resource's {@code spec.traffic}; the operator moves the traffic without a new revision. */
    @Override
    public JsonNode setTraffic(String name, List<TrafficTarget> traffic) {
        return edit(name, spec -> spec.withTraffic(List.copyOf(traffic)));
    }

    /** Sets the resource's {@code spec.scale} bounds; the operator updates the autoscaling annotations. */
    @Override
    public JsonNode scale(String name, Integer minScale, Integer maxScale) {
        return edit(name, spec -> spec.withScale(spec.scale() == null ? ScaleSpec.bounds(minScale, maxScale)
                : spec.scale().withBounds(minScale, maxScale)));
    }

    private JsonNode edit(String name, UnaryOperator<FunctionSpec> change) {
        get(name);
        return call(() -> json(resource(name).edit(existing -> {
            existing.setSpec(change.apply(existing.getSpec()));
            admitted(Function.of(name, existing.getSpec()));
            return existing;
        })));
    }

    /** Refuses a function the operator would refuse, with every field at fault, as the server's 400 does. */
    private void admitted(Function function) {
        try {
            admission.admit(function);
        } catch (ValidationException e) {
            throw new ApiException(400, "ValidationFailed", e.getMessage());
        }
    }

    @Override
    public JsonNode list() {
        return call(() -> {
            ObjectNode answer = Documents.json().createObjectNode();
            ArrayNode items = answer.putArray("items");
            client.resources(FunctionResource.class).inNamespace(namespace).list().getItems().stream()
                    .sorted(Comparator.comparing(f -> f.getMetadata().getName()))
                    .forEach(f -> items.add(json(f)));
            return answer;
        });
    }

    @Override
    public JsonNode get(String name) {
        return call(() -> {
            FunctionResource found = resource(name).get();
            if (found == null) {
                throw new ApiException(404, "NotFound", "no function '" + name + "' in " + where);
            }
            return json(found);
        });
    }

    @Override
    public JsonNode delete(String name) {
        return call(() -> {
            JsonNode was = get(name);
            resource(name).delete();
            return was;
        });
    }

    @Override
    public String pendingUrl(String name) {
        return "function '" + name + "' submitted to " + where + "; 'skiff describe " + name + "' shows its URL once ready";
    }

    /** The resource as the REST API's Function JSON. */
    private static JsonNode json(FunctionResource resource) {
        return Documents.json().valueToTree(FunctionResources.toFunction(resource));
    }

    private <T> T call(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (KubernetesClientException e) {
            if (hasCause(e, ConnectException.class) || hasCause(e, java.net.UnknownHostException.class)) {
                throw new CliException("cannot reach the cluster of " + where + " at " + client.getMasterUrl()
                        + " (is it running? check --context or --kubeconfig)", e);
            }
            if (hasCause(e, javax.net.ssl.SSLException.class)) {
                throw new CliException("cannot talk securely to the cluster of " + where + " at " + client.getMasterUrl()
                        + ": " + e.getCause().getMessage(), e);
            }
            String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
            if (e.getCode() == 404 && message != null && message.contains("functions")) {
                throw new CliException("the cluster of " + where + " has no Skiff resources: install them with "
                        + "'kubectl apply -f deploy/kubernetes/crds/'", e);
            }
            throw new CliException("the cluster refused: " + message, e);
        }
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        client.close();
    }
}
