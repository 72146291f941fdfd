package dev.skiff.core.scaling;

/**
 * What the autoscaler decided at one moment, and why.
 *
 * @param desired the number of instances wanted
 * @param panic true while in panic mode (bursts: it only scales up)
 * @param stableConcurrency the average concurrency over the stable window
 * @param panicConcurrency the average concurrency over the panic window
 */
public record ScaleDecision(int desired, boolean panic, double stableConcurrency, double panicConcurrency) {}
