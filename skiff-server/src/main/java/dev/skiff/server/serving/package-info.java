/**
 * A revision being served: {@code ServedRevision} (its instances, dispatcher and autoscaler), and the
 * interfaces it uses, declared here where it uses them: {@code InstanceBackend}, {@code Instance},
 * {@code InstanceSpec}, which start instances, and {@code InstanceQuota}, the room namespaces' quotas
 * leave for them ({@code InstanceBudget} is the server's, {@code InstanceLeases} a revision's part of
 * it). Time, blocking work and the quota come in through {@code ServingOptions}, so serving and
 * scaling are tested with a fake backend and a fake clock.
 * May use: skiff-api, skiff-core, skiff-runtimes (the worker command in a spec); no other package of the server.
 */
package dev.skiff.server.serving;
