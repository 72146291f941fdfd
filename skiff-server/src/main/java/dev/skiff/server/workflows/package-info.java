/**
 * Scientific workflows: each submitted workflow (a Pegasus or WfFormat file) runs as a DAG of jobs,
 * each job one invocation of the function its transformation maps to, with its state saved in a
 * {@link dev.skiff.server.workflows.WorkflowStore} at every change so a restarted server resumes it.
 * May use: nothing else of the server (functions are called through {@link dev.skiff.server.workflows.JobCaller}).
 */
package dev.skiff.server.workflows;
