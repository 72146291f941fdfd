/**
 * Every invocation recorded ({@code ActivationRecorder}, an observer of the data plane), read back
 * ({@code Activations}), and asynchronous invocation ({@code AsyncInvoker}: stored, then called through
 * the data plane's {@code FunctionCaller}), with its callbacks ({@code CallbackSender}; where they may go,
 * {@code CallbackTargets} and {@code ForbiddenRanges}).
 * May use: dataplane, store, logs.
 */
package dev.skiff.server.activations;
