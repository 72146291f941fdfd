package dev.skiff.runtimes.admission;

import dev.skiff.api.FieldError;
import dev.skiff.api.Function;
import dev.skiff.api.FunctionDefaults;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.FunctionValidation;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Quote;
import dev.skiff.api.TrafficTarget;
import dev.skiff.api.ValidationException;
import dev.skiff.runtimes.LanguageRuntime;
import dev.skiff.runtimes.RuntimeConfig;
import dev.skiff.runtimes.RuntimeNames;
import dev.skiff.runtimes.Runtimes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one admission of a Function, the same wherever it is deployed (the embedded server, the
 * Kubernetes operator, the CLI before it submits to a cluster): Skiff's defaults, then its
 * runtime's own, then Skiff's validation and the runtime's, then the {@link Check}s of the mode
 * that admits it (does a volume exist; later quotas, secrets, mount rules). Every error found is
 * reported at once, in a {@link ValidationException}.
 */
public final class FunctionAdmission {
    private final Runtimes runtimes;
    private final List<Check> checks;
    private final boolean namesInterpreter;

    /** What one mode adds to the checks every mode makes; it sees the function with every default. */
    @FunctionalInterface
    public interface Check {
        /** The errors in {@code defaulted}, empty when this check passes. */
        List<FieldError> check(Function defaulted);
    }

    /** Admission against {@code runtimes}, then {@code checks}. */
    public FunctionAdmission(Runtimes runtimes, List<Check> checks) {
        this(runtimes, checks, false);
    }

    /**
     * Admission against {@code runtimes}, then {@code checks}; with {@code namesInterpreter} (a server, whose
     * runtimes run the functions), a function whose runtime name was mapped also records, in the
     * {@link RuntimeNames#INTERPRETER} annotation, the interpreter that runs it.
     */
    public FunctionAdmission(Runtimes runtimes, List<Check> checks, boolean namesInterpreter) {
        this.runtimes = runtimes;
        this.checks = List.copyOf(checks);
        this.namesInterpreter = namesInterpreter;
    }

    /**
     * Admission against the built-in runtimes and no mode's checks, for the operator and the CLI,
     * which use the runtimes for their defaults and validation only: the bootstraps the runtimes
     * write when made go to a temporary directory.
     */
    public static FunctionAdmission builtIn() {
        try {
            Path dir = Files.createTempDirectory("skiff-runtimes");
            dir.toFile().deleteOnExit();
            return new FunctionAdmission(Runtimes.builtIn(new RuntimeConfig(dir, null, null)), List.of());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a temporary directory for the runtimes", e);
        }
    }

    /** The function with every default; a {@link ValidationException} listing every field at fault. */
    public Function admit(Function resource) {
        Function function = FunctionDefaults.apply(mapRuntimeName(resource));
        LanguageRuntime runtime = function.spec() == null ? null : runtimes.get(function.spec().runtime()).orElse(null);
        if (runtime != null) {
            function = function.withSpec(runtime.defaults(function.spec()));
            if (namesInterpreter && annotation(function, RuntimeNames.REQUESTED) != null) {
                function = withInterpreter(function, runtime);
            }
        }
        List<FieldError> errors = new ArrayList<>(FunctionValidation.validate(function, runtimes.names(), runtimes::needsHandler));
        if (runtime != null) {
            errors.addAll(runtime.validate(function.spec()));
        }
        if (function.spec() != null) {
            for (Check check : checks) {
                errors.addAll(check.check(function));
            }
        }
        throwIfAny(errors);
        return function;
    }

    /**
     * The resource with another platform's runtime name (kubeless's {@code python3.7}, {@code nodejs14}) replaced
     * by the runtime that runs it, the name asked for kept in the {@link RuntimeNames#REQUESTED} annotation;
     * a {@link ValidationException} for a Python 2 runtime, which no Skiff runtime runs.
     */
    static Function mapRuntimeName(Function resource) {
        String requested = resource.spec() == null ? null : resource.spec().runtime();
        if (RuntimeNames.isPython2(requested)) {
            throw ValidationException.of("spec.runtime", RuntimeNames.python2Refusal(requested, RuntimeNames.python2Interpreter()));
        }
        Optional<String> runtime = RuntimeNames.alias(requested);
        if (runtime.isEmpty()) {
            return resource;
        }
        return withAnnotation(resource, RuntimeNames.REQUESTED, requested)
                .withSpec(resource.spec().toBuilder().runtime(runtime.get()).build());
    }

    /** {@code function} with the annotation {@code key} set to {@code value}, its other annotations kept. */
    private static Function withAnnotation(Function function, String key, String value) {
        ObjectMeta meta = function.metadata() == null ? ObjectMeta.named(null) : function.metadata();
        Map<String, String> annotations = new LinkedHashMap<>(meta.annotations() == null ? Map.of() : meta.annotations());
        annotations.put(key, value);
        return function.withMetadata(new ObjectMeta(meta.name(), meta.namespace(), meta.labels(), annotations,
                meta.generation(), meta.creationTimestamp()));
    }

    private static String annotation(Function function, String key) {
        return function.metadata() == null || function.metadata().annotations() == null
                ? null : function.metadata().annotations().get(key);
    }

    private static Function withInterpreter(Function function, LanguageRuntime runtime) {
        return runtime.interpreter().map(interpreter -> withAnnotation(function, RuntimeNames.INTERPRETER, interpreter))
                .orElse(function);
    }

    /** The spec of function {@code name} with every default: {@link #admit(Function)} of a resource holding it. */
    public FunctionSpec admit(String name, FunctionSpec spec) {
        return admit(Function.of(name, spec)).spec();
    }

    /**
     * As {@link #admit(Function)} for a resource sent to a path naming {@code pathName}: a resource
     * without a name takes it; one with another name is refused.
     */
    public Function admitAt(String pathName, Function resource) {
        ObjectMeta meta = resource.metadata() == null ? ObjectMeta.named(pathName) : resource.metadata();
        if (meta.name() == null) {
            meta = new ObjectMeta(pathName, meta.namespace(), meta.labels(), meta.annotations(), null, null);
        } else if (!meta.name().equals(pathName)) {
            throw ValidationException.of("metadata.name", Quote.value(meta.name()) + " does not match the path's "
                    + Quote.value(pathName));
        }
        return admit(resource.withMetadata(meta));
    }

    /**
     * Checks only the scaling bounds of {@code function}, a stored function whose bounds changed
     * without a new revision ({@code skiff scale}).
     */
    public void admitScale(Function function) {
        throwIfAny(FunctionValidation.validate(function, runtimes.names(), runtimes::needsHandler).stream()
                .filter(e -> e.field().startsWith("spec.scale")).toList());
    }

    /** Checks a new traffic table of {@code function}; which revisions exist is the caller's to check. */
    public void admitTraffic(String function, List<TrafficTarget> traffic) {
        List<FieldError> errors = new ArrayList<>();
        FunctionValidation.validateTraffic(function, traffic, "traffic", errors);
        throwIfAny(errors);
    }

    private static void throwIfAny(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }
}
