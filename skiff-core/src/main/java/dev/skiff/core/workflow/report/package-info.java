/**
 * Reports of a workflow run without I/O: a Gantt chart (SVG), a WfCommons WfFormat 1.5 execution
 * instance and a CSV table, each a pure function of a {@link dev.skiff.core.workflow.report.RunReport}
 * and, where it matters, the time passed in.
 */
package dev.skiff.core.workflow.report;
