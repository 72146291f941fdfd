package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.List;
import java.util.Map;

/**
 * What a function is and how it runs: the part of a {@link Function} the user writes.
 *
 * <p>{@link FunctionDefaults} fills what the user left out and {@link FunctionValidation} checks the
 * result; both live beside this type so every entry point (REST API, CLI, operator) agrees.
 *
 * @param runtime the language runtime, e.g. {@code python3}
 * @param handler the entry point, in the runtime's own form (Python: {@code module.function})
 * @param source the function's code
 * @param requirements dependencies in the runtime's own format (Python: a requirements.txt text)
 * @param env environment variables the function's processes see
 * @param timeoutSeconds how long one request may run before it is answered 504
 * @param maxRequestSize the largest request body accepted, as a quantity such as {@code 6Mi} (a number of
 *     bytes may be written as a number)
 * @param concurrency the most requests one instance serves at once; 0 means no limit
 * @param command the program to run, as an argv, for runtimes that run one (e.g. {@code http}:
 *     {@code ["python3", "app.py"]}); never passed through a shell
 * @param volumes named volumes mounted into the instances
 * @param allowedCommands the executables a {@code command} function may run, by name
 * @param scale how its instances scale (to zero when idle, by default)
 * @param traffic how requests split between revisions, with tagged routes; omitted on create, all
 *     traffic follows the newest revision; omitted on update, the function's traffic stays as it is.
 *     Not part of a revision: changing only the traffic makes no new revision
 * @param resources the CPU and memory each instance requests and may use at most; the embedded mode
 *     enforces the limits (in a cgroup per instance) and ignores the requests
 * @param image Kubernetes mode: an image holding the function's code, made by {@code skiff build}; when
 *     unset, the runtime's image runs the code from {@code source} (the embedded mode always does)
 * @param imagePullSecrets Kubernetes mode: the secrets that let the cluster pull {@code image}
 * @param serviceType Kubernetes mode: how the function's Service is exposed, {@code ClusterIP} (the
 *     default: inside the cluster, and through Skiff's gateway or Knative's ingress) or
 *     {@code LoadBalancer} (an address of its own outside the cluster)
 * @param network what its instances may reach: {@code outbound} (the default when unset: the
 *     internet, and Skiff's function endpoint to call functions and post events) or {@code none}
 *     (no network at all; the gateway still reaches the instance). Builds keep outbound access
 * @param auth who may invoke it: {@code public} (the default when unset: anyone who reaches the
 *     gateway, as on Knative and OpenFaaS) or {@code token} (only callers presenting a valid Skiff
 *     token, of any role). A function requires a token while any revision it routes to does
 * @param secrets the secrets of its namespace it reads, as files under {@code /var/skiff/secrets/NAME/}
 *     (and environment variables when asked); only the names are here, never a value
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FunctionSpec(
        String runtime,
        String handler,
        Source source,
        String requirements,
        Map<String, String> env,
        Integer timeoutSeconds,
        @JsonDeserialize(using = QuantityText.class) String maxRequestSize,
        Integer concurrency,
        List<String> command,
        List<VolumeMount> volumes,
        List<String> allowedCommands,
        ScaleSpec scale,
        List<TrafficTarget> traffic,
        ResourceRequirements resources,
        String image,
        List<String> imagePullSecrets,
        String serviceType,
        String network,
        String auth,
        List<SecretRef> secrets) {
    /** {@code spec.network}: the internet and Skiff's function endpoint (the default). */
    public static final String NETWORK_OUTBOUND = "outbound";
    /** {@code spec.network}: no network at all. */
    public static final String NETWORK_NONE = "none";

    /** {@code spec.auth}: anyone may invoke it (the default). */
    public static final String AUTH_PUBLIC = "public";
    /** {@code spec.auth}: only callers with a valid token may invoke it. */
    public static final String AUTH_TOKEN = "token";

    /** True when only callers with a token may invoke it ({@code spec.auth: token}). */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean requiresToken() {
        return AUTH_TOKEN.equals(auth);
    }

    /** True when the instances have no network ({@code spec.network: none}). */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean offline() {
        return NETWORK_NONE.equals(network);
    }

    /** An empty builder: {@code FunctionSpec.builder().runtime("python3").handler("hello.handle")...build()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this spec's fields. */
    public Builder toBuilder() {
        return new Builder().runtime(runtime).handler(handler).source(source).requirements(requirements).env(env)
                .timeoutSeconds(timeoutSeconds).maxRequestSize(maxRequestSize).concurrency(concurrency)
                .command(command).volumes(volumes).allowedCommands(allowedCommands).scale(scale).traffic(traffic)
                .resources(resources).image(image).imagePullSecrets(imagePullSecrets).serviceType(serviceType)
                .network(network).auth(auth).secrets(secrets);
    }

    /** This spec with another source. */
    public FunctionSpec withSource(Source newSource) {
        return toBuilder().source(newSource).build();
    }

    /** This spec with another traffic table. */
    public FunctionSpec withTraffic(List<TrafficTarget> newTraffic) {
        return toBuilder().traffic(newTraffic).build();
    }

    /** This spec with other scaling bounds and settings. */
    public FunctionSpec withScale(ScaleSpec newScale) {
        return toBuilder().scale(newScale).build();
    }

    /** The maximum request size in bytes; the spec must have been defaulted. */
    public long maxRequestBytes() {
        return Quantity.parseBytes(maxRequestSize);
    }

    /** Builds a spec field by field; whatever is not set stays null, for {@link FunctionDefaults} to fill. */
    public static final class Builder {
        private String runtime;
        private String handler;
        private Source source;
        private String requirements;
        private Map<String, String> env;
        private Integer timeoutSeconds;
        private String maxRequestSize;
        private Integer concurrency;
        private List<String> command;
        private List<VolumeMount> volumes;
        private List<String> allowedCommands;
        private ScaleSpec scale;
        private List<TrafficTarget> traffic;
        private ResourceRequirements resources;
        private String image;
        private List<String> imagePullSecrets;
        private String serviceType;
        private String network;
        private String auth;
        private List<SecretRef> secrets;

        private Builder() {}

        /** Sets {@code spec.runtime}. */
        public Builder runtime(String value) {
            runtime = value;
            return this;
        }

        /** Sets {@code spec.handler}. */
        public Builder handler(String value) {
            handler = value;
            return this;
        }

        /** Sets {@code spec.source}. */
        public Builder source(Source value) {
            source = value;
            return this;
        }

        /** Sets {@code spec.requirements}. */
        public Builder requirements(String value) {
            requirements = value;
            return this;
        }

        /** Sets {@code spec.env}. */
        public Builder env(Map<String, String> value) {
            env = value;
            return this;
        }

        /** Sets {@code spec.timeoutSeconds}. */
        public Builder timeoutSeconds(Integer value) {
            timeoutSeconds = value;
            return this;
        }

        /** Sets {@code spec.maxRequestSize}. */
        public Builder maxRequestSize(String value) {
            maxRequestSize = value;
            return this;
        }

        /** Sets {@code spec.concurrency}. */
        public Builder concurrency(Integer value) {
            concurrency = value;
            return this;
        }

        /** Sets {@code spec.command}. */
        public Builder command(List<String> value) {
            command = value;
            return this;
        }

        /** Sets {@code spec.volumes}. */
        public Builder volumes(List<VolumeMount> value) {
            volumes = value;
            return this;
        }

        /** Sets {@code spec.allowedCommands}. */
        public Builder allowedCommands(List<String> value) {
            allowedCommands = value;
            return this;
        }

        /** Sets {@code spec.scale}. */
        public Builder scale(ScaleSpec value) {
            scale = value;
            return this;
        }

        /** Sets {@code spec.traffic}. */
        public Builder traffic(List<TrafficTarget> value) {
            traffic = value;
            return this;
        }

        /** Sets {@code spec.resources}. */
        public Builder resources(ResourceRequirements value) {
            resources = value;
            return this;
        }

        /** Sets {@code spec.image}. */
        public Builder image(String value) {
            image = value;
            return this;
        }

        /** Sets {@code spec.imagePullSecrets}. */
        public Builder imagePullSecrets(List<String> value) {
            imagePullSecrets = value;
            return this;
        }

        /** Sets {@code spec.serviceType}. */
        public Builder serviceType(String value) {
            serviceType = value;
            return this;
        }

        /** Sets {@code spec.network}. */
        public Builder network(String value) {
            network = value;
            return this;
        }

        /** Sets {@code spec.auth}. */
        public Builder auth(String value) {
            auth = value;
            return this;
        }

        /** Sets {@code spec.secrets}. */
        public Builder secrets(List<SecretRef> value) {
            secrets = value;
            return this;
        }

        /** The spec. */
        public FunctionSpec build() {
            return new FunctionSpec(runtime, handler, source, requirements, env, timeoutSeconds, maxRequestSize,
                    concurrency, command, volumes, allowedCommands, scale, traffic, resources, image, imagePullSecrets,
                    serviceType, network, auth, secrets);
        }
    }
}
