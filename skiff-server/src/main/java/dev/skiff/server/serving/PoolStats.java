package dev.skiff.server.serving;

/**
 * One pre-warmed pool's figures.
 *
 * @param pool the pool's name (its runtime's, e.g. {@code python3})
 * @param size how many generic workers it keeps waiting
 * @param waiting how many wait now
 * @param started how many generic workers it has started
 * @param taken how many were handed to functions
 */
public record PoolStats(String pool, int size, int waiting, long started, long taken) {}
