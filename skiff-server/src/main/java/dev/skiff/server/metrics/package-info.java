/**
 * {@code /metrics} in Prometheus' text format: invocation counts and latencies observed on the data
 * plane ({@code InvocationMetrics}), each served revision's and pool's figures ({@code PrometheusText}) and
 * the workflows' ({@code WorkflowMetricsText}).
 * May use: dataplane, serving, workflows.
 */
package dev.skiff.server.metrics;
