package dev.skiff.runtimes;

import dev.skiff.runtimes.command.CommandRuntime;
import dev.skiff.runtimes.http.HttpRuntime;
import dev.skiff.runtimes.java.JavaRuntime;
import dev.skiff.runtimes.node.NodeRuntime;
import dev.skiff.runtimes.python.PythonRuntime;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/** The language runtimes a server knows, by name. */
public final class Runtimes {
    /** Every built-in runtime; adding one is one line here. */
    private static final List<Function<RuntimeConfig, LanguageRuntime>> BUILT_IN = List.of(
            NodeRuntime::new,
            PythonRuntime::new,
            JavaRuntime::new,
            HttpRuntime::new,
            CommandRuntime::new);

    private final Map<String, LanguageRuntime> byName;

    private Runtimes(List<LanguageRuntime> runtimes) {
        Map<String, LanguageRuntime> map = new TreeMap<>();
        for (LanguageRuntime runtime : runtimes) {
            if (map.putIfAbsent(runtime.name(), runtime) != null) {
                throw new IllegalArgumentException("two runtimes are named " + runtime.name());
            }
        }
        this.byName = Collections.unmodifiableMap(map);
    }

    /** The built-in runtimes, each writing its bootstrap under {@code config.bootstrapDir()}. */
    public static Runtimes builtIn(RuntimeConfig config) {
        return new Runtimes(BUILT_IN.stream().map(factory -> factory.apply(config)).toList());
    }

    /** A registry of exactly these runtimes, e.g. a test's fakes; their names must differ. */
    public static Runtimes of(List<LanguageRuntime> runtimes) {
        return new Runtimes(runtimes);
    }

    /** The runtime called {@code name}, or empty when there is none. */
    public Optional<LanguageRuntime> get(String name) {
        return Optional.ofNullable(name == null ? null : byName.get(name));
    }

    /** True unless {@code name} is a runtime that needs no handler; an unknown runtime is reported elsewhere. */
    public boolean needsHandler(String name) {
        return get(name).map(LanguageRuntime::needsHandler).orElse(true);
    }

    /** The names of every runtime, sorted. */
    public Set<String> names() {
        return byName.keySet();
    }
}
