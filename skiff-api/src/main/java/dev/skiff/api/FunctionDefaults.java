package dev.skiff.api;

import java.util.List;
import java.util.Map;

/** Fills what a user left out of a function spec; run before {@link FunctionValidation}. */
public final class FunctionDefaults {
    /** Seconds a request may run: one minute, like OpenFaaS' gateway default. */
    public static final int TIMEOUT_SECONDS = 60;
    /** The largest request body: 6 MiB, the figure Lambda users already know. */
    public static final String MAX_REQUEST_SIZE = "6Mi";
    /**
     * One request at a time per instance, as OpenWhisk and Lambda do: a timed-out request's instance
     * is killed, and with one request per instance nothing else dies with it.
     */
    public static final int CONCURRENCY = 1;

    /** Scale to zero when idle, as Knative does. */
    public static final int MIN_SCALE = 0;
    /** No bound of the function's own; the server caps instances per revision. */
    public static final int MAX_SCALE = 0;
    /** Knative's default target concurrency when the hard limit does not set a lower one. */
    public static final int TARGET = 100;
    /** Knative's default: aim for 70% of the target, leaving room for the next requests. */
    public static final int TARGET_UTILIZATION_PERCENTAGE = 70;
    /** Knative's stable window: 60 s. */
    public static final int STABLE_WINDOW_SECONDS = 60;
    /** Knative's panic window: 10% of the stable window. */
    public static final int PANIC_WINDOW_PERCENTAGE = 10;
    /** Knative's panic threshold: twice what the ready instances serve. */
    public static final int PANIC_THRESHOLD_PERCENTAGE = 200;
    /** Knative's scale-to-zero grace period: an idle instance is kept 30 s. */
    public static final int SCALE_TO_ZERO_GRACE_SECONDS = 30;

    /** Kubernetes mode: the function's Service is reachable inside the cluster, as kubeless' were. */
    public static final String SERVICE_TYPE = "ClusterIP";

    private FunctionDefaults() {}

    /** The spec with every optional field set. Null-safe: a null spec stays null for validation to report. */
    public static FunctionSpec apply(FunctionSpec spec) {
        if (spec == null) {
            return null;
        }
        Source source = spec.source();
        if (source != null && source.contentType() == null) {
            source = new Source(source.filename(), source.content(), Source.ContentType.TEXT.label());
        }
        String requirements = spec.requirements() == null || spec.requirements().isBlank() ? null : spec.requirements();
        int concurrency = spec.concurrency() == null ? CONCURRENCY : spec.concurrency();
        return FunctionSpec.builder()
                .runtime(spec.runtime())
                .handler(spec.handler())
                .source(source)
                .requirements(requirements)
                .env(spec.env() == null ? Map.of() : spec.env())
                .timeoutSeconds(spec.timeoutSeconds() == null ? TIMEOUT_SECONDS : spec.timeoutSeconds())
                .maxRequestSize(spec.maxRequestSize() == null ? MAX_REQUEST_SIZE : spec.maxRequestSize())
                .concurrency(concurrency)
                .command(spec.command() == null || spec.command().isEmpty() ? null : List.copyOf(spec.command()))
                .volumes(spec.volumes() == null ? List.of() : spec.volumes())
                .allowedCommands(spec.allowedCommands() == null ? List.of() : spec.allowedCommands())
                .scale(scale(spec.scale(), concurrency))
                .traffic(spec.traffic() == null ? null : List.copyOf(spec.traffic()))
                .resources(spec.resources())
                .image(spec.image() == null || spec.image().isBlank() ? null : spec.image().strip())
                .imagePullSecrets(spec.imagePullSecrets() == null ? List.of() : List.copyOf(spec.imagePullSecrets()))
                .serviceType(spec.serviceType() == null ? SERVICE_TYPE : spec.serviceType())
                .network(spec.network())
                .auth(spec.auth())
                .secrets(spec.secrets() == null || spec.secrets().isEmpty() ? null : List.copyOf(spec.secrets()))
                .build();
    }

    private static ScaleSpec scale(ScaleSpec given, int concurrency) {
        ScaleSpec scale = given == null ? ScaleSpec.bounds(null, null) : given;
        int target = scale.target() != null ? scale.target()
                : concurrency > 0 ? Math.min(TARGET, concurrency) : TARGET;
        return new ScaleSpec(
                or(scale.minScale(), MIN_SCALE),
                or(scale.maxScale(), MAX_SCALE),
                target,
                or(scale.targetUtilizationPercentage(), TARGET_UTILIZATION_PERCENTAGE),
                or(scale.stableWindowSeconds(), STABLE_WINDOW_SECONDS),
                or(scale.panicWindowPercentage(), PANIC_WINDOW_PERCENTAGE),
                or(scale.panicThresholdPercentage(), PANIC_THRESHOLD_PERCENTAGE),
                or(scale.scaleToZeroGraceSeconds(), SCALE_TO_ZERO_GRACE_SECONDS));
    }

    private static int or(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    /** The resource with its spec defaulted and apiVersion/kind filled. */
    public static Function apply(Function function) {
        return new Function(
                function.apiVersion() == null ? Function.API_VERSION : function.apiVersion(),
                function.kind() == null ? Function.KIND : function.kind(),
                function.metadata(),
                apply(function.spec()),
                function.status());
    }
}
