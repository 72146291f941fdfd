package dev.skiff.server.store;

/**
 * A namespace as the store keeps it. {@code default} has no row: it always exists and has no quota.
 *
 * @param name the namespace's name (a DNS-1123 label)
 * @param maxFunctions the most functions it may hold; null: no limit
 * @param maxInFlight the most requests to its functions in flight at once; null: no limit
 * @param maxInstances the most instances its functions run at once; null: no limit
 * @param maxMemoryBytes the most memory its instances' limits add up to, in bytes; null: no limit
 * @param created when it was made (ISO-8601)
 */
public record NamespaceRow(String name, Integer maxFunctions, Integer maxInFlight, Integer maxInstances,
                           Long maxMemoryBytes, String created) {}
