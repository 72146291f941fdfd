/**
 * The local process backend, which implements serving's {@code InstanceBackend}: workers started as
 * processes following the worker contract ({@code ProcessBackend}, {@code ProcessInstance},
 * {@code WorkerProcess}), their Unix socket directories ({@code WorkerSockets}), the pre-warmed pool
 * ({@code WorkerPool}), readiness probes ({@code HttpProbe}), and each worker's limits and cgroup
 * ({@code WorkerLimits}, {@code Confinement}, over backend.cgroups).
 * May use: backend.sandbox, backend.cgroups, serving, logs, skiff-runtimes.
 */
package dev.skiff.server.backend.process;
