package dev.skiff.runtimes.node;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Node.js handler, {@code module.function}: the module is a path under the code directory without
 * its extension ({@code lib/api.handle} is the export {@code handle} of {@code lib/api.js}).
 *
 * @param module the module's path, segments separated by {@code /}
 * @param function the exported function's name
 */
record NodeHandler(String module, String function) {
    private static final Pattern FORM = Pattern.compile(
            "[A-Za-z0-9_$][A-Za-z0-9_$.-]*(/[A-Za-z0-9_$][A-Za-z0-9_$.-]*)*\\.[A-Za-z_$][A-Za-z0-9_$]*");

    /** The handler, or empty when {@code handler} is not of the form {@code module.function}. */
    static Optional<NodeHandler> parse(String handler) {
        if (handler == null || !FORM.matcher(handler).matches()) {
            return Optional.empty();
        }
        int dot = handler.lastIndexOf('.');
        return Optional.of(new NodeHandler(handler.substring(0, dot), handler.substring(dot + 1)));
    }

    /** The file a single-file source is named, relative to the code directory, e.g. {@code hello.js}. */
    String sourceFile() {
        return module + ".js";
    }
}
