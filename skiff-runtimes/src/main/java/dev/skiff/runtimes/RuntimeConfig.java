package dev.skiff.runtimes;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings shared by the built-in runtimes.
 *
 * @param bootstrapDir where bootstrap scripts are written at start-up (under the data directory)
 * @param python the Python interpreter to use, or null to find one (see {@code PythonInterpreter})
 * @param installTimeout how long a requirements install may take
 */
public record RuntimeConfig(Path bootstrapDir, String python, Duration installTimeout) {}
