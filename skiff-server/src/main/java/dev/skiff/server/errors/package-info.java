/**
 * What goes wrong, for every layer: {@code ErrorCode} (a status and a label per kind of failure),
 * {@code SkiffException}, and {@code Errors}, the one mapping from any failure to the
 * {@code {error, message}} answer. Uses no other package of the server.
 */
package dev.skiff.server.errors;
