package dev.skiff.kubernetes.translate;

import dev.skiff.api.FieldError;
import dev.skiff.api.Function;
import dev.skiff.api.FunctionDefaults;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.FunctionValidation;
import dev.skiff.api.ValidationException;
import dev.skiff.runtimes.LanguageRuntime;
import dev.skiff.runtimes.RuntimeConfig;
import dev.skiff.runtimes.Runtimes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Defaults and checks a Function's spec exactly as the embedded mode's deploy does: Skiff's defaults,
 * then the runtime's own, then both validations. What it refuses becomes a status condition.
 */
public final class Admission {
    private final Runtimes runtimes;

    /** Admission against these runtimes (the built-in ones, in the operator). */
    public Admission(Runtimes runtimes) {
        this.runtimes = runtimes;
    }

    /**
     * Admission against the built-in runtimes, used for their defaults and validation only: the
     * bootstraps they write at construction go to a temporary directory.
     */
    public static Admission builtIn() {
        try {
            Path dir = Files.createTempDirectory("skiff-runtimes");
            dir.toFile().deleteOnExit();
            return new Admission(Runtimes.builtIn(new RuntimeConfig(dir, null, null)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a temporary directory for the runtimes", e);
        }
    }

    /**
     * The defaulted spec of function {@code name}.
     *
     * @throws ValidationException listing every field at fault
     */
    public FunctionSpec admit(String name, FunctionSpec spec) {
        Function function = FunctionDefaults.apply(Function.of(name, spec));
        LanguageRuntime runtime = function.spec() == null ? null : runtimes.get(function.spec().runtime()).orElse(null);
        if (runtime != null) {
            function = function.withSpec(runtime.defaults(function.spec()));
        }
        List<FieldError> errors = new ArrayList<>(FunctionValidation.validate(function, runtimes.names(), runtimes::needsHandler));
        if (runtime != null) {
            errors.addAll(runtime.validate(function.spec()));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return function.spec();
    }
}
