/**
 * The embedded platform in one process: {@link dev.skiff.server.SkiffServer} wires every other package
 * of this module together, and nothing else does; {@link dev.skiff.server.ServerConfig} is how to run
 * it and {@link dev.skiff.server.DataDir} the layout and lock of its data directory. Nothing in this
 * module imports this package.
 */
package dev.skiff.server;
