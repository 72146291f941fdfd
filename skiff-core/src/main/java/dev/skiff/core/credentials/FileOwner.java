package dev.skiff.core.credentials;

/**
 * Who a written file should belong to, when not the writer: the user who ran {@code sudo skiff
 * server}, whose own CLI reads the configuration the root server writes.
 *
 * @param uid the owner's user id
 * @param gid the owner's group id
 */
public record FileOwner(int uid, int gid) {}
