package dev.skiff.server.dataplane;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/**
 * One request as the function will see it.
 *
 * @param method the HTTP method
 * @param uri the path under the function plus the query string, e.g. {@code /a/b?x=1}
 * @param headers the headers to forward, end-to-end ones only (no Host, Connection, Content-Length...)
 * @param body the raw body
 */
public record Invocation(HttpMethod method, String uri, MultiMap headers, Buffer body) {}
