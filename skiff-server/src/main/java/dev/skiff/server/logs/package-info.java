/**
 * What functions print: one rotated file per function and live followers ({@code LogStore}). Uses no
 * other package of the server.
 */
package dev.skiff.server.logs;
