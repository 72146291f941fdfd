package dev.skiff.server.workflows;

import dev.skiff.core.workflow.RunState;

/**
 * Where a workflow is, as stored.
 *
 * @param state its state
 * @param startTime when it (last) started running (ISO-8601)
 * @param completionTime when it finished, null while running
 * @param message why it failed, null otherwise
 */
public record WorkflowStatus(RunState state, String startTime, String completionTime, String message) {}
