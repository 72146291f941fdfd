package dev.skiff.runtimes;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings shared by the built-in runtimes.
 *
 * @param bootstrapDir where bootstrap scripts are written at start-up (under the data directory)
 * @param python the Python interpreter to use, or null to find one (see {@code PythonInterpreter})
 * @param installTimeout how long a requirements install may take
 * @param defaultMemoryBytes the memory limit of a function that names none (the server's
 *     {@code --default-memory}); 0 when none is enforced. A JVM is told its limit, which it cannot
 *     see from inside a sandbox, so that it sizes its heap by it
 */
public record RuntimeConfig(Path bootstrapDir, String python, Duration installTimeout, long defaultMemoryBytes) {
    /** Settings with no memory limit known. */
    public RuntimeConfig(Path bootstrapDir, String python, Duration installTimeout) {
        this(bootstrapDir, python, installTimeout, 0);
    }
}
