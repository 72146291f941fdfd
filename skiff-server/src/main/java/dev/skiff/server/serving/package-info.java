/**
 * A revision being served: {@code ServedRevision} (its instances, dispatcher and autoscaler), and the
 * interface it starts instances through, declared here where it is used: {@code InstanceBackend},
 * {@code Instance}, {@code InstanceSpec}. Time and blocking work come in through {@code ServingOptions},
 * so serving and scaling are tested with a fake backend and a fake clock.
 * May use: skiff-core, skiff-runtimes (the worker command in a spec); no other package of the server.
 */
package dev.skiff.server.serving;
