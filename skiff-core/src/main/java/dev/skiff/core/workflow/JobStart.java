package dev.skiff.core.workflow;

/**
 * A job a {@link DagRun} says may start now, and which attempt it would be.
 *
 * @param job the job
 * @param attempt the attempt's number, 1 for the first
 */
public record JobStart(JobSpec job, int attempt) {}
