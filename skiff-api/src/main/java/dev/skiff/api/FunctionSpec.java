package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
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
 * @param maxRequestSize the largest request body accepted, as a quantity such as {@code 6Mi}
 * @param concurrency the most requests one instance serves at once; 0 means no limit
 * @param command the program to run, as an argv, for runtimes that run one (e.g. {@code http}:
 *     {@code ["python3", "app.py"]}); never passed through a shell
 * @param volumes named volumes mounted into the instances
 * @param allowedCommands the executables a {@code command} function may run, by name
 * @param scale how its instances scale (to zero when idle, by default)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FunctionSpec(
        String runtime,
        String handler,
        Source source,
        String requirements,
        Map<String, String> env,
        Integer timeoutSeconds,
        String maxRequestSize,
        Integer concurrency,
        List<String> command,
        List<VolumeMount> volumes,
        List<String> allowedCommands,
        ScaleSpec scale) {

    /** A spec with the fields every runtime has, and no command, volumes or allowed commands. */
    public FunctionSpec(String runtime, String handler, Source source, String requirements, Map<String, String> env,
                        Integer timeoutSeconds, String maxRequestSize, Integer concurrency) {
        this(runtime, handler, source, requirements, env, timeoutSeconds, maxRequestSize, concurrency, null, null, null);
    }

    /** A spec without scaling settings (they take their defaults). */
    public FunctionSpec(String runtime, String handler, Source source, String requirements, Map<String, String> env,
                        Integer timeoutSeconds, String maxRequestSize, Integer concurrency, List<String> command,
                        List<VolumeMount> volumes, List<String> allowedCommands) {
        this(runtime, handler, source, requirements, env, timeoutSeconds, maxRequestSize, concurrency, command,
                volumes, allowedCommands, null);
    }

    /** This spec with another source. */
    public FunctionSpec withSource(Source newSource) {
        return new FunctionSpec(runtime, handler, newSource, requirements, env, timeoutSeconds, maxRequestSize,
                concurrency, command, volumes, allowedCommands, scale);
    }

    /** The maximum request size in bytes; the spec must have been defaulted. */
    public long maxRequestBytes() {
        return Quantity.parseBytes(maxRequestSize);
    }
}
