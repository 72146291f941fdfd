package dev.skiff.runtimes.python;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Python handler, {@code module.function}: the module may be dotted ({@code pkg.mod.fn} is the
 * function {@code fn} of {@code pkg/mod.py}).
 *
 * @param module the module's dotted name
 * @param function the function's name in it
 */
record PythonHandler(String module, String function) {
    private static final Pattern FORM = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)+");

    /** The handler, or empty when {@code handler} is not of the form {@code module.function}. */
    static Optional<PythonHandler> parse(String handler) {
        if (handler == null || !FORM.matcher(handler).matches()) {
            return Optional.empty();
        }
        int dot = handler.lastIndexOf('.');
        return Optional.of(new PythonHandler(handler.substring(0, dot), handler.substring(dot + 1)));
    }

    /** The file the module is read from, relative to the code directory, e.g. {@code pkg/mod.py}. */
    String sourceFile() {
        return module.replace('.', '/') + ".py";
    }
}
