package dev.skiff.runtimes;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The environment variables an interpreter reads once, as it starts (Python's {@code PYTHON*},
 * Node's {@code NODE_OPTIONS}, the locale): a generic worker started before the function was known
 * cannot apply them later, so a function setting one in {@code spec.env} always starts afresh.
 *
 * @param names variables read at start, by exact name
 * @param prefixes variables read at start, by prefix
 * @param exceptions names matching a prefix that the interpreter does not read (e.g. {@code NODE_ENV})
 */
public record StartVariables(Set<String> names, List<String> prefixes, Set<String> exceptions) {
    /** Defensive copies. */
    public StartVariables {
        names = Set.copyOf(names);
        prefixes = List.copyOf(prefixes);
        exceptions = Set.copyOf(exceptions);
    }

    /** True when {@code name} is read by the interpreter as it starts. */
    public boolean readAtStart(String name) {
        if (exceptions.contains(name)) {
            return false;
        }
        return names.contains(name) || prefixes.stream().anyMatch(name::startsWith);
    }

    /** True when no variable of {@code env} (a function's {@code spec.env}, possibly null) is read at start. */
    public boolean allLateIn(Map<String, String> env) {
        return env == null || env.keySet().stream().noneMatch(this::readAtStart);
    }
}
