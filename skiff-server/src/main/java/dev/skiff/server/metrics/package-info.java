/**
 * {@code /metrics} in Prometheus' text format: invocation counts and latencies observed on the data
 * plane ({@code InvocationMetrics}) and each served revision's and pool's figures ({@code PrometheusText}).
 * May use: dataplane, serving.
 */
package dev.skiff.server.metrics;
