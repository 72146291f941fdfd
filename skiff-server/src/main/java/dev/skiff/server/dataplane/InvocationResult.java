package dev.skiff.server.dataplane;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * A function's answer.
 *
 * @param status the HTTP status
 * @param headers the response headers, hop-by-hop ones removed
 * @param body the body
 * @param revision the revision that served it
 * @param instance the id of the instance that served it (the instances API's {@code id})
 */
public record InvocationResult(int status, MultiMap headers, Buffer body, String revision, String instance) {}
