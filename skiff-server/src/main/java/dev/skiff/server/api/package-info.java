/**
 * The HTTP API but invocation: the REST API under {@code /api/v1}, broker ingress, asynchronous
 * invocation and the seed-002 agent API. {@code ApiRoutes} is the one ordered table of routes; each
 * {@code *Api} class holds the handlers of one resource; blocking work goes through {@code Blocking}
 * and every failure is answered by {@code errors.Errors}. {@code BrowserGuard} and {@code Access} are
 * the checks every management route passes first (Host and Origin, then token, then role).
 * May use: control, events, activations, dataplane, serving, logs, errors, auth, secrets, workflows.
 */
package dev.skiff.server.api;
