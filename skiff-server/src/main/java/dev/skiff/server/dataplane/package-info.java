/**
 * The data plane: how one invocation reaches an instance. {@code RouteTable} (function → {@code Route},
 * the traffic split and tags), {@code FunctionInvoker} (picks the revision, waits in its dispatcher,
 * starts an instance when there is none, enforces the timeout), {@code Forwarder} (the keep-alive
 * connection to the instance), {@code LoopTimeouts}, the headers that travel ({@code Headers},
 * {@code InternalHeaders}), and {@code FunctionCaller}, the same path for callers off the event loop
 * (events, cron, asynchronous calls). Never touches the disk or the database.
 * May use: serving, errors, skiff-core.
 */
package dev.skiff.server.dataplane;
