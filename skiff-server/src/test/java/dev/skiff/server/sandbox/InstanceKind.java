package dev.skiff.server.sandbox;

import java.util.Locale;

/**
 * How a function's instance was started, which changes how its sandbox is made: afresh, by a
 * bwrap showing its files; or from the pre-warmed pool, by a generic worker whose sandbox was made
 * before its function was known. Every rule must hold for both.
 */
enum InstanceKind {
    /** Started afresh: a function mounting a volume always is. */
    FRESH,
    /** A pooled generic worker given the function: a function mounting no volume is, while the pool has one waiting. */
    POOLED;

    /** The suffix of a function's name that says which kind its instances are: {@code -fresh}, {@code -pooled}. */
    String suffix() {
        return "-" + name().toLowerCase(Locale.ROOT);
    }
}
