package dev.skiff.function;

import java.time.Duration;

/** What a {@link SkiffFunction} knows of where it runs, and how it shapes its answer. */
public interface Context {

    /** The function's name, e.g. {@code hello}. */
    String functionName();

    /** The revision serving this request, e.g. {@code hello-00001}. */
    String revision();

    /** How long a request may run before the gateway answers 504. */
    Duration timeout();

    /** Sets the answer's status (100 to 599) instead of the one the return value implies. */
    void setStatus(int status);

    /** Sets a header of the answer; {@code Content-Type} replaces the one the return value implies. */
    void setHeader(String name, String value);
}
