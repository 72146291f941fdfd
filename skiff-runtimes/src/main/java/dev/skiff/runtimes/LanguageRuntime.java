package dev.skiff.runtimes;

import dev.skiff.api.FieldError;
import dev.skiff.api.FunctionSpec;
import java.util.List;
import java.util.Optional;

/**
 * One language runtime: how a function's code is checked, prepared at deploy, and started as a
 * worker (see docs/worker-contract.md). Implementations are created by {@link Runtimes} only.
 */
public interface LanguageRuntime {

    /** The name used in {@code spec.runtime}, e.g. {@code python3}. */
    String name();

    /** The program that runs this runtime's functions with its version, e.g. {@code /usr/bin/python3 (3.11)}; empty where not known. */
    default Optional<String> interpreter() {
        return Optional.empty();
    }

    /** True when functions of this runtime must name a {@code spec.handler}; an HTTP app has none. */
    default boolean needsHandler() {
        return true;
    }

    /** The spec with this runtime's own defaults filled (e.g. the source file name from the handler). */
    FunctionSpec defaults(FunctionSpec spec);

    /** This runtime's own rules (the handler's form); empty when the spec is acceptable. */
    List<FieldError> validate(FunctionSpec spec);

    /**
     * Installs the function's requirements into {@code work.depsDir()}; the code is already in
     * {@code work.codeDir()}. Every program it runs (a package manager, a compiler, a training run)
     * runs in {@code sandbox}, writing {@code work.depsDir()} only. Blocking; runs at deploy time,
     * never on the request path.
     *
     * @throws PrepareException with the tool's own message when installation fails
     */
    void prepare(RevisionFiles work, FunctionSpec spec, BuildSandbox sandbox) throws PrepareException;

    /** {@link #prepare(RevisionFiles, FunctionSpec, BuildSandbox)} unconfined: for tools and tests of the runtimes. */
    default void prepare(RevisionFiles work, FunctionSpec spec) throws PrepareException {
        prepare(work, spec, BuildSandbox.unconfined());
    }

    /**
     * The command and environment that start a worker for this revision; its {@code pool} names
     * {@link #name()} when a generic worker of {@link #generic()} can become it exactly.
     */
    WorkerCommand command(RevisionFiles work, FunctionSpec spec);

    /**
     * The command of a generic worker for the pre-warmed pool: the bootstrap started for no function
     * yet ({@code SKIFF_POOLED=1}), which prints {@code SKIFF-POOLED} and waits for the line that
     * makes it one function's worker (docs/worker-contract.md). Empty for runtimes without a pooled mode.
     */
    default Optional<WorkerCommand> generic() {
        return Optional.empty();
    }
}
