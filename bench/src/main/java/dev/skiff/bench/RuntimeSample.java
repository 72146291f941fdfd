package dev.skiff.bench;

import java.util.List;

/**
 * A no-op function in one runtime, and the bare start of that runtime's interpreter to compare with.
 *
 * @param runtime the {@code spec.runtime}
 * @param filename the source file's name
 * @param handler the handler
 * @param source the function's code
 * @param bareStart the argv of the interpreter doing nothing (e.g. {@code python3 -c pass})
 */
record RuntimeSample(String runtime, String filename, String handler, String source, List<String> bareStart) {

    /** The bare start as the report shows it. */
    String bareLabel() {
        return String.join(" ", bareStart);
    }
}
