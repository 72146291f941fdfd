/** Request counters and the Prometheus text format, shared by the embedded server and the cluster gateway. */
package dev.skiff.core.metrics;
