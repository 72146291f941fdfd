/**
 * Scientific workflows without I/O: workflow files (Pegasus 5, WfCommons WfFormat) read into a
 * {@link dev.skiff.core.workflow.WorkflowDefinition}, each job's request body and the reading of its
 * answer, which function runs which transformation, and {@link dev.skiff.core.workflow.DagRun}, the
 * state machine that says which jobs may start. The engine that calls functions lives in the server.
 */
package dev.skiff.core.workflow;
