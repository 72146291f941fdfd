package dev.skiff.worker;

import dev.skiff.function.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The {@link Context} of one request: the function's identity, and the status and headers it sets. */
final class WorkerContext implements Context {
    private static final Set<String> FRAMING = Set.of("content-length", "transfer-encoding", "connection");

    private final Identity identity;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private int status;

    WorkerContext(Identity identity) {
        this.identity = identity;
    }

    /** What every request's context shares: the function, revision and timeout. */
    record Identity(String function, String revision, Duration timeout) {}

    @Override
    public String functionName() {
        return identity.function();
    }

    @Override
    public String revision() {
        return identity.revision();
    }

    @Override
    public Duration timeout() {
        return identity.timeout();
    }

    @Override
    public void setStatus(int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("the status must be from 100 to 599, not " + status);
        }
        this.status = status;
    }

    @Override
    public void setHeader(String name, String value) {
        if (name == null || value == null || name.isBlank() || !Answers.safe(name) || !Answers.safe(value)) {
            throw new IllegalArgumentException("header " + name + " must be a name and a value without line breaks");
        }
        if (FRAMING.contains(name.toLowerCase(Locale.ROOT))) {
            return;
        }
        headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
        headers.put(name, value);
    }

    /** The status set, or 0. */
    int status() {
        return status;
    }

    /** The headers set, in order. */
    Map<String, String> headers() {
        return headers;
    }
}
