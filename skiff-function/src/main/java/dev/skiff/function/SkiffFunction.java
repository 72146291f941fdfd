package dev.skiff.function;

/**
 * A Skiff function in Java: one instance serves every request of its worker, so it must be safe to
 * call from several threads when the function's concurrency is above 1.
 *
 * <p>What {@link #handle} returns becomes the answer: a {@code String} is {@code text/plain}, a
 * {@code byte[]} is {@code application/octet-stream}, {@code null} is 204 No Content, anything else
 * (a {@code Map}, {@code List}, record, number, boolean) is JSON. A thrown exception answers 500.
 */
@FunctionalInterface
public interface SkiffFunction {

    /** Answers one request; {@code context} sets the status and headers and names the function. */
    Object handle(Request request, Context context) throws Exception;
}
