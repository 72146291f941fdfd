/**
 * The local process backend, which implements serving's {@code InstanceBackend}: workers started as
 * processes following the worker contract ({@code ProcessBackend}, {@code ProcessInstance},
 * {@code WorkerProcess}), their Unix socket directories ({@code WorkerSockets}), the pre-warmed pool
 * ({@code WorkerPool}) and readiness probes ({@code HttpProbe}).
 * May use: backend.sandbox, serving, logs, skiff-runtimes.
 */
package dev.skiff.server.backend.process;
