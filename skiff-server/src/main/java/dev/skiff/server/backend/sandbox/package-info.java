/**
 * The sandbox a worker runs in: {@code Sandbox} (found once at start) and {@code BwrapCommand}, the
 * bubblewrap argv, over the host's files as {@code HostFiles} reads them.
 * May use: serving (an instance's spec), skiff-runtimes.
 */
package dev.skiff.server.backend.sandbox;
