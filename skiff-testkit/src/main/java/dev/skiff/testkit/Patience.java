package dev.skiff.testkit;

import java.time.Duration;

/** How long a test waits for anything (a process, a line, an answer) before it fails: a guard, not a measurement. */
public final class Patience {
    /** The longest any single wait may take. */
    public static final Duration LIMIT = Duration.ofSeconds(60);

    private Patience() {}
}
