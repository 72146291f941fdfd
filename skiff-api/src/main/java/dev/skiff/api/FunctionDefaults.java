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
    /** Knative's scale-to-zero grace period: an idle instance is kept 30 s. */
    public static final int SCALE_TO_ZERO_GRACE_SECONDS = 30;

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
        return FunctionSpec.builder()
                .runtime(spec.runtime())
                .handler(spec.handler())
                .source(source)
                .requirements(requirements)
                .env(spec.env() == null ? Map.of() : spec.env())
                .timeoutSeconds(spec.timeoutSeconds() == null ? TIMEOUT_SECONDS : spec.timeoutSeconds())
                .maxRequestSize(spec.maxRequestSize() == null ? MAX_REQUEST_SIZE : spec.maxRequestSize())
                .concurrency(spec.concurrency() == null ? CONCURRENCY : spec.concurrency())
                .command(spec.command() == null || spec.command().isEmpty() ? null : List.copyOf(spec.command()))
                .volumes(spec.volumes() == null ? List.of() : spec.volumes())
                .allowedCommands(spec.allowedCommands() == null ? List.of() : spec.allowedCommands())
                .scale(scale(spec.scale()))
                .build();
    }

    private static ScaleSpec scale(ScaleSpec scale) {
        return new ScaleSpec(
                scale == null || scale.minScale() == null ? MIN_SCALE : scale.minScale(),
                scale == null || scale.scaleToZeroGraceSeconds() == null ? SCALE_TO_ZERO_GRACE_SECONDS
                        : scale.scaleToZeroGraceSeconds());
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
